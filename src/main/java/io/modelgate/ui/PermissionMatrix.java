package io.modelgate.ui;

import io.modelgate.access.ModelPattern;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.policy.Model;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gateway roles × models as the permission page shows them: a checkbox per exact grant, and the
 * wildcard and tag rules of each role listed as such (a model they cover is marked "via rule"). Saving
 * turns the ticked boxes back into one change per role whose grants differ, each guarded by the entity
 * tag the page was rendered with. Pure: no I/O.
 */
public record PermissionMatrix(List<String> roles, List<String> models, List<Row> rows) {

    /** One role's line of the matrix; {@code mcp}: its MCP grants as the page edits them, comma separated. */
    public record Row(String role, String etag, List<Cell> cells, List<String> rules, String mcp) {
    }

    /** One box: granted by name, covered by a rule, or neither. */
    public record Cell(String model, boolean granted, String viaRule) {
    }

    public static PermissionMatrix of(PolicyDocument document) {
        return of(document, null, Map.of());
    }

    /**
     * The matrix, with the boxes as ticked in {@code submitted} ({@code role::model}) and the MCP grants as typed in
     * {@code submittedMcp} (by role) when re-showing a form.
     */
    public static PermissionMatrix of(PolicyDocument document, Set<String> submitted, Map<String, String> submittedMcp) {
        Set<String> roles = document.gatewayRoleNames();
        Map<String, Set<String>> grants = grantsByRole(document);
        List<String> models = document.models().stream().map(Model::modelName).sorted().toList();
        List<Row> rows = new ArrayList<>();
        for (String role : roles) {
            Set<String> patterns = grants.getOrDefault(role, Set.of());
            List<String> rules = patterns.stream().filter(p -> !isExactModel(p, document)).toList();
            List<Cell> cells = new ArrayList<>();
            for (String model : models) {
                boolean granted = submitted != null ? submitted.contains(key(role, model)) : patterns.contains(model);
                Model spec = PolicyKind.MODELS.find(document, model).orElseThrow();
                String via = rules.stream().filter(rule -> ModelPattern.parse(rule).matches(model, spec.allTags())).findFirst().orElse(null);
                cells.add(new Cell(model, granted, via));
            }
            Optional<Permission> permission = PolicyKind.PERMISSIONS.find(document, role);
            String etag = permission.map(PolicyJson::etag).orElse("");
            String mcp = submittedMcp.getOrDefault(role, permission.map(p -> String.join(", ", p.mcp())).orElse(""));
            rows.add(new Row(role, etag, cells, rules, mcp));
        }
        return new PermissionMatrix(List.copyOf(roles), models, rows);
    }

    /**
     * The changes that make the stored grants match the ticked boxes and the MCP grants typed ({@code mcp}, by role;
     * a role absent keeps its own): per role, its rules kept, its exact grants replaced; {@code etags} are the tags
     * the page was rendered with.
     */
    public static List<Change<?>> changes(PolicyDocument current, Set<String> ticked, Map<String, String> mcp, Map<String, String> etags) {
        Map<String, Set<String>> grants = grantsByRole(current);
        List<Change<?>> changes = new ArrayList<>();
        for (String role : of(current).roles()) {
            Set<String> before = grants.getOrDefault(role, Set.of());
            Set<String> after = new LinkedHashSet<>();
            before.stream().filter(p -> !isExactModel(p, current)).forEach(after::add);
            current.models().stream().map(Model::modelName).sorted().filter(m -> ticked.contains(key(role, m))).forEach(after::add);
            List<String> mcpBefore = PolicyKind.PERMISSIONS.find(current, role).map(Permission::mcp).orElse(List.of());
            List<String> mcpAfter = mcp.containsKey(role) ? splitGrants(mcp.get(role)) : mcpBefore;
            if (new TreeSet<>(after).equals(new TreeSet<>(before)) && mcpAfter.equals(mcpBefore)) {
                continue;
            }
            boolean had = !before.isEmpty() || !mcpBefore.isEmpty();
            boolean keeps = !after.isEmpty() || !mcpAfter.isEmpty();
            Optional<String> etag = Optional.ofNullable(etags.get(role)).filter(e -> !e.isEmpty());
            Action action = !had ? Action.CREATE : !keeps ? Action.DELETE : Action.UPDATE;
            changes.add(new Change<>(PolicyKind.PERMISSIONS, role, action, action == Action.CREATE ? Optional.empty() : etag,
                    PolicyEdits.putPermission(role, List.copyOf(after), mcpAfter)));
        }
        return changes;
    }

    /** MCP grants as typed: comma or space separated, each once. */
    static List<String> splitGrants(String typed) {
        return java.util.Arrays.stream(typed.split("[,\\s]+")).map(String::trim).filter(g -> !g.isEmpty()).distinct().toList();
    }

    /** The roles that may use {@code model}: granted it by name or by a rule. */
    public List<String> rolesFor(String model) {
        return rows.stream().filter(row -> row.cells().stream()
                .anyMatch(cell -> cell.model().equals(model) && (cell.granted() || cell.viaRule() != null))).map(Row::role).toList();
    }

    public static String key(String role, String model) {
        return role + "::" + model;
    }

    private static boolean isExactModel(String pattern, PolicyDocument document) {
        return ModelPattern.parse(pattern) instanceof ModelPattern.Exact && PolicyKind.MODELS.find(document, pattern).isPresent();
    }

    private static Map<String, Set<String>> grantsByRole(PolicyDocument document) {
        Map<String, Set<String>> grants = new java.util.LinkedHashMap<>();
        for (Permission permission : document.permissions()) {
            grants.put(permission.role(), new LinkedHashSet<>(permission.models()));
        }
        return grants;
    }
}
