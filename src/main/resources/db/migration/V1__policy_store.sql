-- Modelgate policy store: models and their deployments, gateway roles, role mappings,
-- role permissions, access settings, and one policy version that every change bumps.

create table policy_version (
    id          smallint    primary key default 1 check (id = 1),
    version     bigint      not null,
    changed_at  timestamptz not null
);
insert into policy_version (id, version, changed_at) values (1, 0, now());

create table gateway_role (
    name         varchar(100) primary key check (name ~ '^[A-Za-z0-9_.:-]+$'),
    description  varchar(500),
    builtin      boolean      not null default false,
    row_version  bigint       not null default 0
);
insert into gateway_role (name, description, builtin) values
    ('proxy_admin',   'Administers Modelgate; calls models its permissions allow', true),
    ('internal_user', 'Granted by user_allowed_roles (LiteLLM semantics)', true),
    ('team',          'A team calling on behalf of its members', true);

create table model (
    id           bigserial    primary key,
    name         varchar(200) not null unique,
    description  varchar(2000),
    tags         varchar(100)[] not null default '{}',
    row_version  bigint       not null default 0,
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now()
);

create table deployment (
    id                   bigserial    primary key,
    model_id             bigint       not null references model (id) on delete cascade,
    position             int          not null,
    kind                 varchar(20)  not null check (kind in ('openai', 'azure', 'mock')),
    base_url             varchar(2000),
    upstream_model       varchar(200) not null,
    api_key_ref          varchar(300),
    api_version          varchar(50),
    weight               int          not null default 1 check (weight > 0),
    connect_timeout_ms   int          check (connect_timeout_ms > 0),
    read_timeout_ms      int          check (read_timeout_ms > 0),
    mock_response        varchar(4000),
    mock_latency_ms      int          check (mock_latency_ms >= 0),
    mock_chunk_delay_ms  int          check (mock_chunk_delay_ms >= 0),
    mock_failure_rate    double precision check (mock_failure_rate between 0 and 1),
    mock_failure_status  int          check (mock_failure_status between 400 and 599),
    extra_params         text,
    row_version          bigint       not null default 0,
    unique (model_id, position)
);
create index deployment_model_idx on deployment (model_id);

create table role_mapping (
    id            bigserial    primary key,
    idp_value     varchar(300) not null,
    gateway_role  varchar(100) not null references gateway_role (name) on delete cascade,
    row_version   bigint       not null default 0,
    unique (idp_value, gateway_role)
);

create table role_permission (
    id             bigserial    primary key,
    gateway_role   varchar(100) not null references gateway_role (name) on delete cascade,
    model_pattern  varchar(300) not null,
    row_version    bigint       not null default 0,
    unique (gateway_role, model_pattern)
);

-- One row once a policy has been written (by bootstrap, import or an operator);
-- its absence means "no policy yet", which is when a bootstrap file is imported.
create table access_settings (
    id                 smallint      primary key default 1 check (id = 1),
    role_claim_paths   varchar(300)[] not null,
    user_allowed_roles varchar(300)[] not null default '{}',
    enforce_rbac       boolean       not null default true,
    row_version        bigint        not null default 0
);

-- Every committed change to the policy bumps the version and notifies listeners, whatever
-- wrote it, so replicas can refresh their snapshot.
create function bump_policy_version() returns trigger language plpgsql as $$
declare
    new_version bigint;
begin
    update policy_version set version = version + 1, changed_at = now() where id = 1
        returning version into new_version;
    perform pg_notify('modelgate_policy', new_version::text);
    return null;
end
$$;

create trigger gateway_role_changed after insert or update or delete on gateway_role
    for each statement execute function bump_policy_version();
create trigger model_changed after insert or update or delete on model
    for each statement execute function bump_policy_version();
create trigger deployment_changed after insert or update or delete on deployment
    for each statement execute function bump_policy_version();
create trigger role_mapping_changed after insert or update or delete on role_mapping
    for each statement execute function bump_policy_version();
create trigger role_permission_changed after insert or update or delete on role_permission
    for each statement execute function bump_policy_version();
create trigger access_settings_changed after insert or update or delete on access_settings
    for each statement execute function bump_policy_version();
