-- MCP tool calls, per minute: what each caller (issuer + subject) called of each server's tools, by the gateway role
-- credited ('none' when refused) and the outcome ('ok', 'upstream_error', or the code the gateway refused it with).
-- Apart from usage_minute, which counts model calls only. Written like usage_minute: every replica adds its sums
-- (insert ... on conflict do update); pruned after modelgate.usage.retention.
create table tool_call_minute (
    minute          timestamptz   not null,
    issuer          varchar(2000) not null,
    subject         varchar(300)  not null,
    role            varchar(300)  not null,
    server          varchar(48)   not null,
    tool            varchar(128)  not null,
    outcome         varchar(60)   not null,
    calls           bigint        not null,
    duration_millis bigint        not null,
    primary key (minute, subject, issuer, server, tool, role, outcome)
);
create index tool_call_minute_subject_idx on tool_call_minute (subject, issuer, minute);
