package io.modelgate.policy.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one JSON form of the policy objects: what the database stores, the audit log records, entity tags digest
 * and the admin API returns. Their records carry their own names (snake_case) and inclusion rules, and maps are
 * written sorted by key, so the same object always gives the same bytes on every replica.
 */
public final class PolicyJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private PolicyJson() {
    }

    public static JsonNode tree(Object object) {
        return MAPPER.valueToTree(object);
    }

    public static String text(Object object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy object cannot be written as JSON", e);
        }
    }

    /** Reads what this class wrote (the database, the audit log): trusted, so not validated again. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy JSON does not read as " + type.getSimpleName(), e);
        }
    }

    /**
     * A strong entity tag: a digest of the object's JSON, identical wherever it is computed, from the record or from its
     * tree. The digest is of the tree's JSON, where a decimal has no trailing zeros ({@code 12.50} is {@code 12.5}): a
     * record read from the database keeps the scale it was written with, and an operator's form shows the tree.
     */
    public static String etag(Object object) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text(tree(object)).getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
