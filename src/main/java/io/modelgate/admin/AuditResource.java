package io.modelgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.control.AuditEvent;
import io.modelgate.policy.PolicyValidationException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit log: every change to the policy, who made it, and the object before and after. */
@Path(AdminAccess.PATH + "/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit log")
public class AuditResource {

    /** A page of events, newest first; {@code next_before_id} asks for the page after it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditPage(String object, List<EventView> data, Long nextBeforeId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EventView(long id, Instant at, ActorView actor, String action, String entityType, String entityKey, JsonNode before,
            JsonNode after, long policyVersion) {
    }

    public record ActorView(String subject, String email) {
    }

    @GET
    @Operation(summary = "Policy changes, newest first", description = "Filter by entity_type (model, role, permission, "
            + "role_mapping, credential, settings, policy), entity_key, actor (subject or email), since/until (ISO-8601); "
            + "page with limit and before_id (the next_before_id of the previous page).")
    public AuditPage audit(@QueryParam("entity_type") String entityType, @QueryParam("entity_key") String entityKey,
            @QueryParam("actor") String actor, @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("before_id") Long beforeId, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new PolicyValidationException("limit", "must be from 1 to 500");
        }
        List<AuditEvent> events = AuditEvent.list(new AuditEvent.Filter(entityType, entityKey, actor,
                instant(since, "since"), instant(until, "until"), beforeId, limit));
        List<EventView> data = events.stream().map(e -> new EventView(e.id, e.at, new ActorView(e.actorSubject, e.actorEmail),
                e.action, e.entityType, e.entityKey, e.before, e.after, e.policyVersion)).toList();
        return new AuditPage("list", data, events.size() == limit ? events.get(events.size() - 1).id : null);
    }

    private static Instant instant(String value, String field) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PolicyValidationException(field, "must be an ISO-8601 instant such as 2026-11-23T10:15:30Z");
        }
    }
}
