package io.modelgate.telemetry;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

/**
 * The attributes the gateway's spans carry, each key made once: the OpenTelemetry GenAI and HTTP semantic conventions'
 * names, and the gateway's own ({@code modelgate.*}). A key made per call would be an allocation and a hash on the
 * event loop for every attribute of every span.
 */
public final class SpanAttributes {

    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    public static final AttributeKey<Long> CACHE_CREATION_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    public static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<String> ENDUSER = AttributeKey.stringKey("enduser.id");
    public static final AttributeKey<String> ROLE = AttributeKey.stringKey("modelgate.role");
    public static final AttributeKey<String> DECISION = AttributeKey.stringKey("modelgate.decision");
    public static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("modelgate.deployment");
    public static final AttributeKey<Double> FIRST_CHUNK_MS = AttributeKey.doubleKey("modelgate.time_to_first_chunk_ms");
    public static final AttributeKey<String> TRANSLATED_TO = AttributeKey.stringKey("modelgate.translated_to");

    private SpanAttributes() {
    }
}
