package io.modelgate.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.SQLInsert;

import java.time.Instant;
import java.util.Comparator;

/**
 * What one caller called of one MCP server's tool in one minute ({@code tool_call_minute}), by the gateway role credited
 * and the outcome: the sums of every replica, added as {@link UsageMinute}'s are. Apart from the model usage, which
 * counts model calls only.
 */
@Entity
@Table(name = "tool_call_minute")
@SQLInsert(sql = """
        insert into tool_call_minute (calls, duration_millis, minute, issuer, subject, role, server, tool, outcome)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (minute, subject, issuer, server, tool, role, outcome) do update set
            calls = tool_call_minute.calls + excluded.calls,
            duration_millis = tool_call_minute.duration_millis + excluded.duration_millis""")
public class ToolCallMinute extends PanacheEntityBase {

    /** The longest tool name kept (the MCP specification's limit); a longer name a caller typed is cut there. */
    static final int MAX_TOOL = 128;

    /**
     * Which row. {@code outcome}: {@code ok} (the server answered, whatever its result said), {@code upstream_error}
     * (it could not), or the code the gateway refused the call with ({@code tool_not_permitted}, {@code rate_limit_exceeded}, …).
     */
    @Embeddable
    public record Key(@NotNull Instant minute, @NotNull @Size(max = 2000) String issuer, @NotNull @Size(max = 300) String subject,
            @NotNull @Size(max = 300) String role, @NotNull @Size(max = 48) String server, @NotNull @Size(max = MAX_TOOL) String tool,
            @NotNull @Size(max = 60) String outcome) {

        static final Comparator<Key> WRITE_ORDER = Comparator.comparing(Key::minute).thenComparing(Key::subject)
                .thenComparing(Key::issuer).thenComparing(Key::server).thenComparing(Key::tool).thenComparing(Key::role)
                .thenComparing(Key::outcome);
    }

    @EmbeddedId
    @Valid
    public Key key;
    public long calls;
    public long durationMillis;

    /**
     * One ended {@code tools/call} as a row of its own. {@code role} null: refused before a role granted it;
     * {@code server} and {@code tool} as the caller named them when the gateway knows no such server or tool.
     */
    public static ToolCallMinute of(long endedAtMillis, String issuer, String subject, String role, String server, String tool,
            String outcome, long durationNanos) {
        ToolCallMinute row = new ToolCallMinute();
        row.key = new Key(Instant.ofEpochSecond(endedAtMillis / 60_000 * 60), issuer == null ? "" : issuer, subject,
                role == null ? "none" : role, cut(server, 48), cut(tool, MAX_TOOL), outcome);
        row.calls = 1;
        row.durationMillis = durationNanos / 1_000_000;
        return row;
    }

    void add(ToolCallMinute other) {
        calls += other.calls;
        durationMillis += other.durationMillis;
    }

    private static String cut(String value, int max) {
        return value == null ? "-" : value.length() <= max ? value : value.substring(0, max);
    }
}
