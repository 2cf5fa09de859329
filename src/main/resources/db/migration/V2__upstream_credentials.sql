-- Upstream credentials: how Modelgate authenticates its own calls to upstreams.
-- Secrets are stored only as references (os.environ/NAME), never as values.

create table upstream_credential (
    id                   bigserial     primary key,
    name                 varchar(200)  not null unique check (name ~ '^[A-Za-z0-9_.:-]+$'),
    type                 varchar(40)   not null check (type in ('api_key', 'oauth2_client_credentials', 'azure_ad', 'custom')),
    api_key_ref          varchar(300),
    token_url            varchar(2000),
    client_id            varchar(300),
    client_secret_ref    varchar(300),
    scopes               varchar(500)[] not null default '{}',
    audience             varchar(500),
    client_auth          varchar(40)   check (client_auth in ('client_secret_basic', 'client_secret_post')),
    extra_params         text,
    azure_mode           varchar(40)   check (azure_mode in ('client_secret', 'workload_identity', 'managed_identity')),
    tenant_id            varchar(200),
    federated_token_file varchar(1000),
    authority_host       varchar(1000),
    identity_endpoint    varchar(1000),
    bean                 varchar(200),
    api_base             varchar(2000),
    api_version          varchar(50),
    on_failure           varchar(40)   not null default 'fail' check (on_failure in ('fail', 'proceed_without_auth')),
    row_version          bigint        not null default 0
);

alter table deployment add column credential_id bigint references upstream_credential (id) on delete restrict;
create index deployment_credential_idx on deployment (credential_id);

create trigger upstream_credential_changed after insert or update or delete on upstream_credential
    for each statement execute function bump_policy_version();
