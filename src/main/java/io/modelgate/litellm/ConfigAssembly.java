package io.modelgate.litellm;

import io.modelgate.litellm.LiteLlmConfig.Extensions;
import io.modelgate.litellm.LiteLlmConfig.GeneralSettings;
import io.modelgate.litellm.LiteLlmConfig.McpServerEntry;
import io.modelgate.litellm.LiteLlmConfig.ModelInfo;
import io.modelgate.litellm.LiteLlmConfig.ModelListEntry;
import io.modelgate.policy.Credential;
import io.modelgate.policy.CredentialValues;
import io.modelgate.policy.McpServer;
import io.modelgate.policy.DeploymentParams;
import io.modelgate.policy.GatewayRole;
import io.modelgate.policy.Limit;
import io.modelgate.policy.Model;
import io.modelgate.policy.ModelMode;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyObject;
import io.modelgate.policy.RoleMapping;
import io.modelgate.policy.ObjectPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Between a config file's arrangement and a policy document's, both ways: entries sharing a {@code model_name}
 * are one model's deployments (LiteLLM's load-balancing group), entries naming the same role or IdP value are one
 * permission or mapping; and back, one entry per deployment. Reading remembers where each part came from.
 */
final class ConfigAssembly {

    private ConfigAssembly() {
    }

    static PolicyDocument toDocument(LiteLlmConfig file, Provenance provenance) {
        GeneralSettings general = file.generalSettings();
        Extensions extensions = file.modelgate();
        List<GatewayRole> roles = extensions == null ? List.of() : orEmpty(extensions.roles());
        for (int i = 0; i < roles.size(); i++) {
            provenance.put(PolicyObject.ROLE, i, ObjectPath.ROOT, ObjectPath.of("modelgate", "roles", i));
        }
        List<Limit> limits = extensions == null ? List.of() : orEmpty(extensions.limits());
        for (int i = 0; i < limits.size(); i++) {
            provenance.put(PolicyObject.LIMIT, i, ObjectPath.ROOT, ObjectPath.of("modelgate", "limits", i));
        }
        List<Credential> credentials = new ArrayList<>(orEmpty(file.credentialList()));
        for (int i = 0; i < credentials.size(); i++) {
            provenance.put(PolicyObject.CREDENTIAL, i, ObjectPath.ROOT, ObjectPath.of("credential_list", i));
        }
        List<McpServer> servers = mcpServers(file.mcpServers(), credentials, provenance);
        return new PolicyDocument(general == null ? null : general.litellmJwtauth(), roles,
                mappings(extensions == null ? List.of() : orEmpty(extensions.roleMappings()), provenance),
                permissions(general, orEmpty(file.rolePermissions()), provenance), credentials,
                models(orEmpty(file.modelList()), provenance), limits, servers);
    }

    /**
     * {@code mcp_servers}, a map by server name; a server given LiteLLM's {@code authentication_token} gets a credential
     * of its own in {@code credential_list}, named {@code mcp-<server>}, holding it.
     */
    private static List<McpServer> mcpServers(Map<String, McpServerEntry> entries, List<Credential> credentials, Provenance provenance) {
        List<McpServer> servers = new ArrayList<>();
        if (entries == null) {
            return servers;
        }
        new java.util.TreeMap<>(entries).forEach((name, entry) -> { // by name: a map's order is not the file's everywhere
            if (entry == null) {
                return;
            }
            provenance.put(PolicyObject.MCP_SERVER, servers.size(), ObjectPath.ROOT, ObjectPath.of("mcp_servers", name));
            String credential = entry.credentialName();
            String header = entry.authHeader();
            if (entry.authenticationToken() != null && credential == null) {
                credential = "mcp-" + name;
                provenance.put(PolicyObject.CREDENTIAL, credentials.size(), ObjectPath.ROOT, ObjectPath.of("mcp_servers", name));
                credentials.add(new Credential(credential, new CredentialValues.ApiKey(entry.authenticationToken(), null, null, null)));
                header = header != null || entry.authType() == null ? header : entry.authType().header;
            }
            servers.add(entry.toServer(name, credential, header));
        });
        return servers;
    }

    /** Entries naming the same IdP value are one mapping, its gateway roles in the order first named. */
    private static List<RoleMapping> mappings(List<RoleMapping> entries, Provenance provenance) {
        Grouped grouped = new Grouped(PolicyObject.ROLE_MAPPING, "gateway_roles", provenance);
        for (int i = 0; i < entries.size(); i++) {
            RoleMapping entry = entries.get(i);
            grouped.add(entry.idpRole(), ObjectPath.of("modelgate", "role_mappings", i), entry.gatewayRoles());
        }
        return grouped.build(RoleMapping::new);
    }

    /** {@code role_permissions} under {@code general_settings} and at the top level, one permission per role. */
    private static List<Permission> permissions(GeneralSettings general, List<Permission> topLevel, Provenance provenance) {
        Grouped models = new Grouped(PolicyObject.PERMISSION, "models", provenance);
        Grouped mcp = new Grouped(PolicyObject.PERMISSION, "mcp", provenance); // the same roles in the same order
        List<Permission> nested = general == null ? List.of() : orEmpty(general.rolePermissions());
        for (int i = 0; i < nested.size(); i++) {
            ObjectPath entry = ObjectPath.of("general_settings", "role_permissions", i);
            models.add(nested.get(i).role(), entry, nested.get(i).models());
            mcp.add(nested.get(i).role(), entry, nested.get(i).mcp());
        }
        for (int i = 0; i < topLevel.size(); i++) {
            ObjectPath entry = ObjectPath.of("role_permissions", i);
            models.add(topLevel.get(i).role(), entry, topLevel.get(i).models());
            mcp.add(topLevel.get(i).role(), entry, topLevel.get(i).mcp());
        }
        return models.build((role, patterns) -> new Permission(role, patterns, mcp.valuesOf(role)));
    }

    private static List<Model> models(List<ModelListEntry> entries, Provenance provenance) {
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).modelName() != null) {
                byName.computeIfAbsent(entries.get(i).modelName(), name -> new ArrayList<>()).add(i);
            }
        }
        List<Model> models = new ArrayList<>();
        byName.forEach((name, indices) -> {
            int model = models.size();
            provenance.put(PolicyObject.MODEL, model, ObjectPath.ROOT, ObjectPath.of("model_list", indices.get(0)));
            String description = null;
            ModelMode mode = null;
            ModelInfo priced = null; // the first entry's info that gives a price: the model's prices

            Set<String> tags = new LinkedHashSet<>();
            List<DeploymentParams> deployments = new ArrayList<>();
            for (int i : indices) {
                ModelListEntry entry = entries.get(i);
                if (entry.modelInfo() != null) {
                    description = description != null ? description : entry.modelInfo().description();
                    if (mode == null && entry.modelInfo().mode() != null) {
                        mode = entry.modelInfo().mode();
                        provenance.put(PolicyObject.MODEL, model, ObjectPath.of("mode"), ObjectPath.of("model_list", i, "model_info", "mode"));
                    }
                    tags.addAll(orEmpty(entry.modelInfo().tags()));
                    if (priced == null && prices(entry.modelInfo())) {
                        priced = entry.modelInfo();
                    }
                }
                if (entry.litellmParams() != null) {
                    provenance.put(PolicyObject.MODEL, model, ObjectPath.of("deployments", deployments.size()),
                            ObjectPath.of("model_list", i, "litellm_params"));
                    deployments.add(entry.litellmParams());
                }
            }
            models.add(priced == null ? new Model(name, description, List.copyOf(tags), mode, null, null, null, null, deployments)
                    : new Model(name, description, List.copyOf(tags), mode, priced.inputCostPerToken(), priced.outputCostPerToken(),
                            priced.cacheReadInputTokenCost(), priced.cacheCreationInputTokenCost(), deployments));
        });
        return models;
    }

    /** The file form of a document: what the writer exports, so that reading it gives the document back. */
    static LiteLlmConfig toConfig(PolicyDocument document) {
        List<ModelListEntry> entries = new ArrayList<>();
        for (Model model : document.models()) {
            boolean first = true;
            for (DeploymentParams deployment : model.deployments()) {
                boolean hasInfo = model.description() != null || !model.tags().isEmpty() || model.mode() != null || model.priced();
                // the info once: reading merges every entry's
                entries.add(new ModelListEntry(model.modelName(), deployment, first && hasInfo
                        ? new ModelInfo(model.description(), model.tags().isEmpty() ? null : model.tags(), model.mode(),
                                model.inputCostPerToken(), model.outputCostPerToken(), model.cacheReadInputTokenCost(),
                                model.cacheCreationInputTokenCost()) : null));
                first = false;
            }
        }
        Map<String, McpServerEntry> servers = new LinkedHashMap<>();
        document.mcpServers().forEach(server -> servers.put(server.serverName(), McpServerEntry.of(server)));
        return new LiteLlmConfig(new GeneralSettings(document.settings(), document.permissions()), null,
                new Extensions(document.roles(), document.roleMappings(), document.limits().isEmpty() ? null : document.limits()),
                document.credentials(), entries, servers.isEmpty() ? null : servers);
    }

    private static boolean prices(ModelInfo info) {
        return info.inputCostPerToken() != null || info.outputCostPerToken() != null || info.cacheReadInputTokenCost() != null
                || info.cacheCreationInputTokenCost() != null;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Entries grouped by a key, their values united, each value remembered where it was first given. */
    private static final class Grouped {
        private final PolicyObject kind;
        private final String valuesField;
        private final Provenance provenance;
        private final Map<String, Set<String>> values = new LinkedHashMap<>();
        private final Map<String, Integer> index = new LinkedHashMap<>();

        Grouped(PolicyObject kind, String valuesField, Provenance provenance) {
            this.kind = kind;
            this.valuesField = valuesField;
            this.provenance = provenance;
        }

        void add(String key, ObjectPath entry, List<String> entryValues) {
            if (key == null) {
                return;
            }
            int at = index.computeIfAbsent(key, k -> index.size());
            provenance.put(kind, at, ObjectPath.ROOT, entry);
            Set<String> united = values.computeIfAbsent(key, k -> new LinkedHashSet<>());
            for (int i = 0; i < entryValues.size(); i++) {
                if (united.add(entryValues.get(i))) {
                    provenance.put(kind, at, ObjectPath.of(valuesField, united.size() - 1), entry.key(valuesField).index(i));
                }
            }
        }

        List<String> valuesOf(String key) {
            return List.copyOf(values.getOrDefault(key, Set.of()));
        }

        <T> List<T> build(BiFunction<String, List<String>, T> make) {
            List<T> built = new ArrayList<>();
            values.forEach((key, united) -> built.add(make.apply(key, List.copyOf(united))));
            return built;
        }
    }
}
