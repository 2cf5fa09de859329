package io.modelgate.limits;

import io.modelgate.access.ModelPattern;
import io.modelgate.access.ModelRef;
import io.modelgate.policy.Limit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The policy's limits, indexed by the models they cover, so a call looks its candidates up by model name. */
public final class LimitsByModel {

    public static final LimitsByModel NONE = new LimitsByModel(Map.of(), Map.of(), List.of());

    private final Map<String, List<LimitRule>> byModel;
    private final Map<String, List<LimitRule>> byMcpServer;
    private final List<LimitRule> all;

    private LimitsByModel(Map<String, List<LimitRule>> byModel, Map<String, List<LimitRule>> byMcpServer, List<LimitRule> all) {
        this.byModel = byModel;
        this.byMcpServer = byMcpServer;
        this.all = all;
    }

    /** A policy's limits, each by the models (or, a limit on MCP servers, the servers of {@code mcpServers}) it covers. */
    public static LimitsByModel compile(List<Limit> limits, List<ModelRef> models, List<String> mcpServers) {
        if (limits.isEmpty()) {
            return NONE;
        }
        Map<String, List<LimitRule>> byModel = new HashMap<>();
        Map<String, List<LimitRule>> byMcpServer = new HashMap<>();
        List<LimitRule> all = new ArrayList<>();
        for (Limit limit : limits) {
            if (limit.limitsMcp()) {
                List<String> covered = mcpServers.stream().filter(server -> limit.mcp().contains("*") || limit.mcp().contains(server)).toList();
                LimitRule rule = LimitRule.of(limit, covered);
                all.add(rule);
                covered.forEach(server -> byMcpServer.computeIfAbsent(server, name -> new ArrayList<>()).add(rule));
                continue;
            }
            List<ModelPattern> patterns = limit.modelPatterns().stream().map(ModelPattern::parse).toList();
            List<String> covered = models.stream().filter(model -> patterns.stream().anyMatch(p -> p.matches(model.name(), model.tags())))
                    .map(ModelRef::name).toList();
            LimitRule rule = LimitRule.of(limit, covered);
            all.add(rule);
            covered.forEach(model -> byModel.computeIfAbsent(model, name -> new ArrayList<>()).add(rule));
        }
        byModel.replaceAll((name, rules) -> List.copyOf(rules));
        byMcpServer.replaceAll((name, rules) -> List.copyOf(rules));
        return new LimitsByModel(Map.copyOf(byModel), Map.copyOf(byMcpServer), List.copyOf(all));
    }

    /** The limits that cover tool calls on MCP server {@code server}, whoever calls it. */
    public List<LimitRule> ofMcpServer(String server) {
        return byMcpServer.getOrDefault(server, List.of());
    }

    /** The limits that cover {@code model}, whoever calls it. */
    public List<LimitRule> of(String model) {
        return byModel.getOrDefault(model, List.of());
    }

    /** Every limit, in the policy's order. */
    public List<LimitRule> all() {
        return all;
    }

    public boolean isEmpty() {
        return byModel.isEmpty() && byMcpServer.isEmpty();
    }
}
