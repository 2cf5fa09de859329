package io.modelgate.snapshot;

import io.modelgate.access.AccessPolicy;
import io.modelgate.access.McpAccess;
import io.modelgate.limits.LimitsByModel;
import io.modelgate.upstream.credential.UpstreamCredential;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the data plane needs to serve a request, immutable and swapped as a whole: the access policy and
 * each model's deployments, compiled from a stored policy by {@link PolicyCompiler}.
 *
 * @param version   the policy version it was built from (bumped by every committed change)
 * @param changedAt when that version was committed
 * @param loadedAt  when this snapshot was built
 * @param limits    the limits, by the models they cover
 * @param mcpAccess who may use which MCP server and tool
 */
public record PolicySnapshot(long version, Instant changedAt, Instant loadedAt, AccessPolicy access, Map<String, ServedModel> models,
        LimitsByModel limits, McpAccess mcpAccess, Map<String, ServedMcpServer> mcpServers) {

    public PolicySnapshot {
        models = Map.copyOf(models);
        mcpServers = Map.copyOf(mcpServers);
    }

    public Optional<ServedMcpServer> mcpServer(String name) {
        return Optional.ofNullable(mcpServers.get(name));
    }

    public Optional<ServedModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The upstream credentials the deployments of this snapshot use. */
    public Set<UpstreamCredential> credentials() {
        Set<UpstreamCredential> credentials = new HashSet<>();
        models.values().forEach(m -> m.deployments().forEach(d -> d.credential().ifPresent(credentials::add)));
        mcpServers.values().forEach(server -> server.credential().ifPresent(credentials::add));
        return credentials;
    }
}
