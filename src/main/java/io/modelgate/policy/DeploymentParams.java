package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.policy.validation.ConsistentFields;
import io.modelgate.policy.validation.FieldConsistency;
import io.modelgate.policy.validation.HttpUrl;
import io.modelgate.policy.validation.SecretReference;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One deployment of a model, in LiteLLM's {@code litellm_params} shape: {@code model} is
 * {@code <provider>/<upstream model>} (the providers are {@link Provider}'s; no prefix means {@code openai}). Values are kept as given; what is not given takes its
 * default when the policy is compiled for serving. Parameters Modelgate does not use are kept verbatim
 * ({@link #extraParams}), so an export loses nothing.
 *
 * @param apiKey  a secret: {@code os.environ/NAME}, a sealed value, or (through the admin API, with a key) a value to seal
 * @param timeout read timeout in seconds, as LiteLLM gives it
 * @param streamTimeout the read timeout of streamed calls (LiteLLM's {@code stream_timeout}); {@code timeout} when absent
 * @param tags    LiteLLM's deployment tags; {@code tag:} permissions match a model by its own and its deployments' tags
 * @param nativeApis the APIs the upstream speaks natively, by path ({@code /v1/chat/completions}); absent: its
 *                   provider's ({@link Provider#apis()}). Set it for a server that speaks less or more than its kind.
 */
@ConsistentFields
@Schema(description = "LiteLLM's litellm_params; parameters Modelgate does not use are kept as given",
        additionalProperties = Schema.True.class)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentParams(
        @NotBlank(message = "is required") @PolicySyntax(Syntax.PROVIDER_MODEL) String model,
        @HttpUrl String apiBase,
        @SecretReference String apiKey,
        String litellmCredentialName,
        String apiVersion,
        @Min(value = 1, message = WEIGHT) @Max(value = 1_000_000, message = WEIGHT) Integer weight,
        @DecimalMin(value = "0", inclusive = false, message = SECONDS) @DecimalMax(value = "86400", message = SECONDS) BigDecimal timeout,
        @DecimalMin(value = "0", inclusive = false, message = SECONDS) @DecimalMax(value = "86400", message = SECONDS) BigDecimal connectTimeout,
        @DecimalMin(value = "0", inclusive = false, message = SECONDS) @DecimalMax(value = "86400", message = SECONDS) BigDecimal streamTimeout,
        List<@NotBlank(message = "must be a non-empty string") String> tags,
        String mockResponse,
        @Min(value = 0, message = LATENCY) @Max(value = 600_000, message = LATENCY) Integer mockLatencyMs,
        @Min(value = 0, message = CHUNK_DELAY) @Max(value = 60_000, message = CHUNK_DELAY) Integer mockChunkDelayMs,
        @DecimalMin(value = "0", message = FRACTION) @DecimalMax(value = "1", message = FRACTION) Double mockFailureRate,
        @Min(value = 400, message = STATUS) @Max(value = 599, message = STATUS) Integer mockFailureStatus,
        List<@NotBlank(message = "must be a non-empty string") String> nativeApis,
        @Schema(hidden = true) @JsonAnySetter @JsonAnyGetter Map<String, Object> extraParams) implements FieldConsistency {

    static final String WEIGHT = "must be a whole number from 1 to 1000000";
    static final String LATENCY = "must be a whole number from 0 to 600000";
    static final String CHUNK_DELAY = "must be a whole number from 0 to 60000";
    static final String STATUS = "must be a whole number from 400 to 599";
    static final String SECONDS = "must be a number of seconds greater than 0 and at most 86400";
    static final String FRACTION = "must be a number from 0 to 1";

    public DeploymentParams {
        tags = tags == null ? null : PolicyLists.copy(tags);
        nativeApis = nativeApis == null ? null : PolicyLists.copy(nativeApis);
        extraParams = PolicyLists.sorted(extraParams);
    }

    /** A deployment of {@code model} with nothing else set. */
    public static DeploymentParams of(String model) {
        return new DeploymentParams(model, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The provider named by the prefix ({@code openai} without one). */
    public Provider provider() {
        int slash = model.indexOf('/');
        return slash > 0 ? Provider.fromPrefix(model.substring(0, slash)) : Provider.OPENAI;
    }

    /** How the provider is called. */
    public UpstreamKind kind() {
        return provider().kind();
    }

    /** The APIs the upstream speaks natively: those it names, else its provider's. Only for valid parameters. */
    public Set<Api> spokenApis() {
        if (nativeApis == null) {
            return provider().apis();
        }
        Set<Api> apis = EnumSet.noneOf(Api.class);
        nativeApis.forEach(path -> Api.ofPath(path).ifPresent(apis::add)); // an unknown one is a field problem
        return apis;
    }

    /** What the upstream calls the model: {@code model} without its provider prefix. */
    public String upstreamModel() {
        int slash = model.indexOf('/');
        return slash > 0 ? model.substring(slash + 1) : model;
    }

    /** The same deployment with another API key (a sealed one, say). */
    public DeploymentParams withApiKey(String key) {
        return new DeploymentParams(model, apiBase, key, litellmCredentialName, apiVersion, weight, timeout, connectTimeout, streamTimeout, tags,
                mockResponse, mockLatencyMs, mockChunkDelayMs, mockFailureRate, mockFailureStatus, nativeApis, extraParams);
    }

    /**
     * The same deployment with its provider spelt out ({@code gpt-4o} is {@code openai/gpt-4o}): two deployments
     * whose normal forms are equal reach the same upstream the same way. Only for a valid {@code model}.
     */
    public DeploymentParams normalised() {
        return new DeploymentParams(provider().prefix() + "/" + upstreamModel(), apiBase, apiKey, litellmCredentialName, apiVersion,
                weight, timeout, connectTimeout, streamTimeout, tags, mockResponse, mockLatencyMs, mockChunkDelayMs, mockFailureRate,
                mockFailureStatus, nativeApis, extraParams);
    }

    @Override
    public List<FieldProblem> fieldProblems() {
        List<FieldProblem> problems = new ArrayList<>();
        if (nativeApis != null) {
            for (int i = 0; i < nativeApis.size(); i++) {
                if (nativeApis.get(i) != null && Api.ofPath(nativeApis.get(i)).isEmpty()) {
                    problems.add(new FieldProblem("native_apis[" + i + "]", "'" + nativeApis.get(i) + "' is not an API path Modelgate serves; use "
                            + Api.describe(EnumSet.allOf(Api.class))));
                }
            }
        }
        if (model == null || Syntax.PROVIDER_MODEL.problem(model) != null) {
            return problems;
        }
        if (apiBase == null && litellmCredentialName == null) { // a credential may give the address
            if (kind() == UpstreamKind.AZURE) {
                problems.add(new FieldProblem("api_base", "is required for azure/ deployments (https://<resource>.openai.azure.com)"));
            } else if (provider().selfHosted()) {
                problems.add(new FieldProblem("api_base", "is required for " + provider().prefix() + "/ deployments: the address of your server"
                        + " (http://<host>:<port>, with or without /v1)"));
            }
        }
        if (apiKey != null && litellmCredentialName != null) {
            problems.add(new FieldProblem("api_key", "give either api_key or litellm_credential_name, not both"));
        }
        return problems;
    }
}
