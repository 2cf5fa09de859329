-- Usage aggregates: what each caller (issuer + subject) used of each model, per minute, by the gateway role credited,
-- the deployment that answered, the endpoint and the status class (2, 4, 5). Every replica adds its own minutes in
-- batches (insert ... on conflict do update), so rows are sums over the replicas. Old minutes are pruned by every
-- replica after modelgate.usage.retention.
create table usage_minute (
    minute                   timestamptz   not null,
    issuer                   varchar(2000) not null,
    subject                  varchar(300)  not null,
    role                     varchar(300)  not null,
    model                    varchar(300)  not null,
    deployment               varchar(300)  not null,
    endpoint                 varchar(100)  not null,
    status_class             smallint      not null,
    requests                 bigint        not null,
    unknown_usage_requests   bigint        not null,
    input_tokens             bigint        not null,
    cached_input_tokens      bigint        not null,
    cache_write_input_tokens bigint        not null,
    output_tokens            bigint        not null,
    reasoning_tokens         bigint        not null,
    cost_usd                 numeric(24, 12) not null,
    primary key (minute, subject, issuer, model, role, deployment, endpoint, status_class)
);
create index usage_minute_subject_idx on usage_minute (subject, issuer, minute);

-- Limits are policy objects like the others.
alter table policy_object drop constraint policy_object_kind_check;
alter table policy_object add constraint policy_object_kind_check
    check (kind in ('settings', 'role', 'role_mapping', 'permission', 'credential', 'model', 'limit'));
