package io.modelgate.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.Collections;

/**
 * The access half of a policy snapshot, precomputed so that the hot path does map look-ups only:
 * IdP role values are indexed to gateway roles, and every (role, existing model) pair that a
 * permission allows is resolved once, with the rule that allows it.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>No gateway role → {@link AccessDecision.Outcome#NO_GATEWAY_ROLE}, whatever {@code enforce_rbac} says.</li>
 * <li>{@code enforce_rbac: false} → any gateway role may use every model.</li>
 * <li>Otherwise a role permission must match the model by name, wildcard or tag. This holds for
 * {@code proxy_admin} too (as in LiteLLM, where {@code role_permissions} may name it): administering
 * Modelgate and calling models are separate rights; grant it {@code *} to have both.</li>
 * </ol>
 * A model that does not exist is reported as unknown only to a caller who would have been permitted
 * that name; anyone else is told "not permitted", so probing reveals nothing about the catalog.
 *
 * <p>When several of a caller's roles allow a model, the one credited with the call (the metrics' {@code role},
 * the access log's {@code allowed:<role>}, and what limits will charge) is the first of them by name — the same
 * on every replica and after every restart, whatever order the token listed its roles in.
 */
public final class AccessPolicy {

    private static final Grant OPEN = new Grant("enforce_rbac is off: every gateway role may use every model");

    private final AccessSettings settings;
    private final Set<String> gatewayRoleNames;
    private final Map<String, Set<String>> gatewayRolesByIdpValue;
    private final Map<String, ModelRef> modelsByName;
    private final List<ModelRef> modelsSortedByName;
    private final Map<String, List<ModelPattern>> patternsByRole;
    /** role → (model → the grant of the pattern that permits it), for existing models only. */
    private final Map<String, Map<String, Grant>> permittedByRole;

    /** A rule that allows a call, with the reason given for it: built with the snapshot, not per request. */
    private record Grant(String rule, String reason) {
        Grant(String rule) {
            this(rule, "allowed by " + rule);
        }
    }

    /**
     * @param mappings    IdP role value → the gateway roles it grants ({@code role_mappings})
     * @param permissions gateway role → the model patterns it may use, in the policy's order
     */
    public AccessPolicy(AccessSettings settings, Collection<String> gatewayRoleNames, Map<String, ? extends Collection<String>> mappings,
            Map<String, ? extends List<ModelPattern>> permissions, Collection<ModelRef> models) {
        this.settings = settings;
        this.gatewayRoleNames = Set.copyOf(gatewayRoleNames);
        this.gatewayRolesByIdpValue = indexIdpValues(settings, this.gatewayRoleNames, mappings);
        Map<String, ModelRef> byName = new LinkedHashMap<>();
        models.stream().sorted(Comparator.comparing(ModelRef::name)).forEach(m -> byName.put(m.name(), m));
        this.modelsByName = Map.copyOf(byName);
        this.modelsSortedByName = List.copyOf(byName.values());
        Map<String, List<ModelPattern>> patterns = new HashMap<>();
        permissions.forEach((role, list) -> patterns.put(role, List.copyOf(list)));
        this.patternsByRole = Map.copyOf(patterns);
        this.permittedByRole = resolvePermissions(patternsByRole, byName.values());
    }

    private static Map<String, Set<String>> indexIdpValues(AccessSettings settings, Set<String> roleNames,
            Map<String, ? extends Collection<String>> mappings) {
        Map<String, Set<String>> index = new HashMap<>();
        for (String role : roleNames) {
            index.computeIfAbsent(role, v -> new LinkedHashSet<>()).add(role);
        }
        for (String value : settings.userAllowedRoles()) {
            index.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(BuiltInRoles.INTERNAL_USER);
        }
        mappings.forEach((value, roles) -> index.computeIfAbsent(value, v -> new LinkedHashSet<>()).addAll(roles));
        index.replaceAll((value, roles) -> Set.copyOf(roles));
        return Map.copyOf(index);
    }

    private static Map<String, Map<String, Grant>> resolvePermissions(Map<String, List<ModelPattern>> patternsByRole,
            Collection<ModelRef> models) {
        Map<String, Map<String, Grant>> result = new HashMap<>();
        patternsByRole.forEach((role, patterns) -> {
            Map<String, Grant> permitted = new HashMap<>();
            for (ModelRef model : models) {
                firstMatch(patterns, model.name(), model.tags())
                        .ifPresent(p -> permitted.put(model.name(), new Grant(role + " → " + p.text())));
            }
            result.put(role, Map.copyOf(permitted));
        });
        return Map.copyOf(result);
    }

    private static Optional<ModelPattern> firstMatch(List<ModelPattern> patterns, String name, Set<String> tags) {
        for (ModelPattern p : patterns) {
            if (p.matches(name, tags)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public AccessSettings settings() {
        return settings;
    }

    /** The IdP role values found in a token's claims, read at every configured claim path. */
    public Set<String> idpRoles(Function<String, Object> topLevelClaim) {
        Set<String> values = new LinkedHashSet<>();
        for (RoleClaimPath path : settings.roleClaimPaths()) {
            values.addAll(path.extract(topLevelClaim));
        }
        return values;
    }

    /** The gateway roles that a set of IdP role values grants, sorted by name. */
    public SortedSet<String> gatewayRoles(Collection<String> idpRoles) {
        SortedSet<String> roles = new TreeSet<>();
        for (String value : idpRoles) {
            Set<String> granted = gatewayRolesByIdpValue.get(value);
            if (granted != null) {
                roles.addAll(granted);
            }
        }
        return Collections.unmodifiableSortedSet(roles);
    }

    /**
     * Decides whether a caller holding these gateway roles may use the named model; of several roles that
     * allow it, the first by name is credited.
     */
    public AccessDecision decide(Set<String> callerRoles, String model) {
        SortedSet<String> gatewayRoles = callerRoles instanceof SortedSet<String> sorted && sorted.comparator() == null ? sorted
                : Collections.unmodifiableSortedSet(new TreeSet<>(callerRoles));
        if (gatewayRoles.isEmpty()) {
            return new AccessDecision(AccessDecision.Outcome.NO_GATEWAY_ROLE, model, gatewayRoles, null, null,
                    "the token carries no role that maps to a gateway role");
        }
        boolean exists = modelsByName.containsKey(model);
        if (!settings.enforceRbac()) {
            return exists ? allowed(model, gatewayRoles, OPEN, gatewayRoles.first()) : unknown(model, gatewayRoles);
        }
        if (exists) {
            for (String role : gatewayRoles) {
                Grant grant = permittedByRole.getOrDefault(role, Map.of()).get(model);
                if (grant != null) {
                    return allowed(model, gatewayRoles, grant, role);
                }
            }
        } else {
            for (String role : gatewayRoles) {
                if (firstMatch(patternsByRole.getOrDefault(role, List.of()), model, Set.of()).isPresent()) {
                    return unknown(model, gatewayRoles);
                }
            }
        }
        return new AccessDecision(AccessDecision.Outcome.NOT_PERMITTED, model, gatewayRoles, null, null,
                "no permission of the roles " + gatewayRoles + " matches model '" + model + "'");
    }

    private static AccessDecision allowed(String model, Set<String> roles, Grant grant, String grantedBy) {
        return new AccessDecision(AccessDecision.Outcome.ALLOWED, model, roles, grant.rule(), grantedBy, grant.reason());
    }

    private static AccessDecision unknown(String model, Set<String> roles) {
        return new AccessDecision(AccessDecision.Outcome.UNKNOWN_MODEL, model, roles, null, null,
                "no model named '" + model + "' exists");
    }

    /** The models a caller holding these gateway roles may use, sorted by name. */
    public List<ModelRef> allowedModels(Set<String> gatewayRoles) {
        List<ModelRef> allowed = new ArrayList<>();
        for (ModelRef model : modelsSortedByName) {
            if (decide(gatewayRoles, model.name()).allowed()) {
                allowed.add(model);
            }
        }
        return allowed;
    }

    /** The gateway roles whose permissions allow a model: what a denied caller would need. */
    public Set<String> rolesPermitting(String model) {
        Set<String> roles = new TreeSet<>();
        if (!settings.enforceRbac()) {
            roles.addAll(gatewayRoleNames);
        }
        permittedByRole.forEach((role, models) -> {
            if (models.containsKey(model)) {
                roles.add(role);
            }
        });
        return roles;
    }

    public Set<String> gatewayRoleNames() {
        return gatewayRoleNames;
    }

    /** Every model, sorted by name. */
    public List<ModelRef> models() {
        return modelsSortedByName;
    }

    public Optional<ModelRef> model(String name) {
        return Optional.ofNullable(modelsByName.get(name));
    }
}
