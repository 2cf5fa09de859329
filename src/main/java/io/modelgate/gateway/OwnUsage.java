package io.modelgate.gateway;

import io.modelgate.identity.Caller;
import io.modelgate.limits.Limits;
import io.modelgate.policy.Limit;
import io.modelgate.usage.StoredUsage;
import io.modelgate.usage.UsageConfig;
import io.modelgate.usage.UsageQuery;
import io.modelgate.usage.UsageRow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/me}: a caller asks, with their own token, who the gateway takes them for, what they used this
 * calendar month (by model, and MCP tool calls by tool, from the stored usage) and where they stand under every limit that applies to them.
 * The usage is read on a worker thread; if the database cannot be read the answer says so and still has the limits.
 */
@Singleton
class OwnUsage {

    private static final Logger LOG = Logger.getLogger(OwnUsage.class);

    private final Vertx vertx;
    private final StoredUsage storedUsage;
    private final Limits limits;
    private final ZoneId zone;
    private final Clock clock = Clock.systemUTC();

    OwnUsage(Vertx vertx, StoredUsage storedUsage, Limits limits, UsageConfig config) {
        this.vertx = vertx;
        this.storedUsage = storedUsage;
        this.limits = limits;
        this.zone = config.timeZone();
    }

    Future<Void> answer(Call call, Caller caller) {
        Instant now = clock.instant();
        Instant monthStart = Limit.Period.MONTH.start(now, zone);
        JsonObject me = new JsonObject().put("object", "caller").put("subject", caller.subject()).put("issuer", caller.issuer())
                .put("gateway_roles", new JsonArray(List.copyOf(caller.gatewayRoles())));
        JsonArray standing = new JsonArray();
        limits.book().standing(call.snapshot.limits().all(), caller).forEach(limit -> standing.add(JsonObject.mapFrom(limit)));
        me.put("limits", standing);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("issuer", caller.issuer() == null ? "" : caller.issuer());
        filters.put("subject", caller.subject() == null ? "" : caller.subject());
        UsageQuery models = new UsageQuery(monthStart, now.plusSeconds(60), List.of("model"), filters, zone);
        UsageQuery tools = new UsageQuery(UsageQuery.Ledger.TOOL_CALLS, monthStart, now.plusSeconds(60), List.of("server", "tool"), filters, zone);
        return vertx.executeBlocking(() -> new JsonObject().put("from", monthStart.toString()).put("time_zone", zone.getId())
                        .put("by_model", fields(storedUsage.rows(models))).put("by_tool", fields(storedUsage.toolCallRows(tools))), false)
                .recover(failure -> {
                    LOG.debugf("Own usage not readable: %s", failure.getMessage());
                    return Future.succeededFuture(new JsonObject().put("from", monthStart.toString())
                            .put("unavailable", "the stored usage cannot be read right now"));
                })
                .compose(usage -> Render.json(call, me.put("usage_this_month", usage)));
    }

    private static JsonArray fields(List<? extends UsageRow<?>> rows) {
        JsonArray fields = new JsonArray();
        rows.forEach(row -> fields.add(new JsonObject(row.fields())));
        return fields;
    }
}
