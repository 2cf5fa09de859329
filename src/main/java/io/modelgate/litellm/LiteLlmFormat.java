package io.modelgate.litellm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyRules;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.SecretSealing;
import io.modelgate.policy.ViolationPaths;
import io.modelgate.policy.binding.PolicyInput;
import io.modelgate.policy.binding.PolicyReader;
import io.modelgate.secret.SecretRules;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.List;

/**
 * LiteLLM-style proxy configs (YAML), read into a policy document and written from one, so that a LiteLLM
 * user's file imports unchanged and {@code read(write(document))} gives the document back. Every problem of a
 * file is reported at once, with the path of the field it is in. Secrets in a written file are the references
 * they are stored as.
 */
public final class LiteLlmFormat {

    /** A key given twice would silently override the first (say, enforce_rbac): refused instead. */
    private static final ObjectMapper YAML_IN = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final ObjectMapper YAML_OUT = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final String FILE = "(file)";

    /**
     * A file read into a document, with the keys it had that Modelgate does not use, and the file's own names for
     * the places of rule violations found later (a new grant matching no model, when it is imported).
     */
    public record Imported(PolicyDocument document, List<String> ignoredKeys, ViolationPaths paths) {
    }

    private final PolicyReader reader;

    public LiteLlmFormat(PolicyReader reader) {
        this.reader = reader;
    }

    /**
     * Reads and validates a config; typed secrets are accepted as {@code secrets} says, and come back sealed.
     *
     * @throws PolicyValidationException listing every problem of the file
     */
    public Imported read(String yaml, SecretRules secrets) {
        PolicyInput<LiteLlmConfig> input = reader.read(tree(yaml), LiteLlmConfig.class, secrets, FILE);
        if (input.value() == null) {
            input.throwIfProblems();
        }
        Provenance provenance = new Provenance();
        PolicyDocument document = ConfigAssembly.toDocument(input.value(), provenance);
        ViolationPaths paths = violations -> {
            violations.forEach(v -> input.problem(provenance.pathOf(v.place()), v.message()));
            input.throwIfProblems();
        };
        paths.refuse(PolicyRules.check(document));
        return new Imported(SecretSealing.seal(document, secrets), input.ignoredKeys(), paths);
    }

    /** The document as a config file, with a header saying what it is. */
    public static String write(PolicyDocument document) {
        try {
            return "# Modelgate policy in LiteLLM config format; secrets are os.environ/ references or sealed values\n"
                    + YAML_OUT.writeValueAsString(ConfigAssembly.toConfig(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the policy cannot be written as YAML", e);
        }
    }

    private static JsonNode tree(String yaml) {
        JsonNode root;
        try {
            root = YAML_IN.readTree(yaml == null ? "" : yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new PolicyValidationException(FILE, "not valid YAML" + where + ": " + yamlProblem(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new PolicyValidationException(FILE, "the file is empty");
        }
        if (!root.isObject()) {
            throw new PolicyValidationException(FILE, "the top level must be a mapping");
        }
        return root;
    }

    /** What is wrong, without the parser's copy of the offending line: that line may hold a secret. */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            return yaml.getContext() == null ? yaml.getProblem() : yaml.getContext() + ": " + yaml.getProblem();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
            return "a key appears twice in the same mapping (" + e.getOriginalMessage().replaceAll(" for ObjectNode.*", "") + ")";
        }
        return e.getOriginalMessage();
    }
}
