package io.modelgate.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.catalog.PolicyDocument.DeploymentSpec;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.UpstreamKind;

import java.util.LinkedHashMap;
import java.util.Map;

/** Converts deployments between their document form and their table row, both ways, losslessly. */
final class PolicyRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT_MAP = new TypeReference<>() {
    };

    private PolicyRows() {
    }

    static DeploymentEntity toEntity(ModelEntity model, int position, DeploymentSpec spec, UpstreamCredentialEntity credential) {
        DeploymentEntity d = new DeploymentEntity();
        d.model = model;
        d.position = position;
        d.kind = spec.kind().prefix();
        d.baseUrl = spec.baseUrl();
        d.upstreamModel = spec.upstreamModel();
        d.apiKeyRef = spec.apiKeyRef();
        d.credential = credential;
        d.apiVersion = spec.apiVersion();
        d.weight = spec.weight();
        d.connectTimeoutMs = spec.connectTimeoutMs();
        d.readTimeoutMs = spec.readTimeoutMs();
        if (spec.kind() == UpstreamKind.MOCK) {
            d.mockResponse = spec.mock().response();
            d.mockLatencyMs = spec.mock().latencyMs();
            d.mockChunkDelayMs = spec.mock().chunkDelayMs();
            d.mockFailureRate = spec.mock().failureRate();
            d.mockFailureStatus = spec.mock().failureStatus();
        }
        if (!spec.extraParams().isEmpty()) {
            try {
                d.extraParams = JSON.writeValueAsString(spec.extraParams());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("extra parameters of " + spec.upstreamModel() + " cannot be stored", e);
            }
        }
        return d;
    }

    static DeploymentSpec toSpec(DeploymentEntity d) {
        return new DeploymentSpec(UpstreamKind.fromPrefix(d.kind), d.baseUrl, d.upstreamModel, d.apiKeyRef,
                d.credential == null ? null : d.credential.name, d.apiVersion, d.weight, d.connectTimeoutMs,
                d.readTimeoutMs, mock(d), readExtra(d.extraParams));
    }

    /** A mock deployment's behaviour, its unset columns taken as the defaults; DEFAULT for other kinds. */
    static MockBehaviour mock(DeploymentEntity d) {
        if (UpstreamKind.fromPrefix(d.kind) != UpstreamKind.MOCK) {
            return MockBehaviour.DEFAULT;
        }
        return new MockBehaviour(d.mockResponse, orDefault(d.mockLatencyMs, 0),
                orDefault(d.mockChunkDelayMs, MockBehaviour.DEFAULT.chunkDelayMs()),
                d.mockFailureRate == null ? 0 : d.mockFailureRate, orDefault(d.mockFailureStatus, 500));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static Map<String, Object> readExtra(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, OBJECT_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored extra parameters are not a JSON object", e);
        }
    }
}
