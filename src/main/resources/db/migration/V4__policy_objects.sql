-- The policy as typed objects: one row per object, its body the JSON of its record (package io.modelgate.policy),
-- exactly as the admin API shows it. The rules a policy obeys are checked by Modelgate before every write, in
-- one place; the database only keeps objects, their order and when they were first stored.
--
-- The tables of V1 and V2 are copied here and left in place, unused, so a replica of the previous release that
-- is still running during a rolling upgrade keeps serving the policy it had; a later migration drops them.

create table policy_object (
    kind        varchar(40)   not null check (kind in ('settings', 'role', 'role_mapping', 'permission', 'credential', 'model')),
    name        varchar(300)  not null,
    position    int           not null,
    body        jsonb         not null,
    created_at  timestamptz   not null default now(),
    updated_at  timestamptz   not null default now(),
    primary key (kind, name)
);

insert into policy_object (kind, name, position, body)
select 'settings', 'settings', 0, jsonb_build_object('user_roles_jwt_field', to_jsonb(role_claim_paths),
       'user_allowed_roles', to_jsonb(user_allowed_roles), 'enforce_rbac', enforce_rbac)
from access_settings;

insert into policy_object (kind, name, position, body)
select 'role', name, (row_number() over (order by name))::int - 1,
       jsonb_strip_nulls(jsonb_build_object('name', name, 'description', description))
from gateway_role
where not builtin;

insert into policy_object (kind, name, position, body)
select 'role_mapping', idp_value, (row_number() over (order by min(id)))::int - 1,
       jsonb_build_object('idp_role', idp_value, 'gateway_roles', jsonb_agg(gateway_role order by id))
from role_mapping
group by idp_value;

insert into policy_object (kind, name, position, body)
select 'permission', gateway_role, (row_number() over (order by min(id)))::int - 1,
       jsonb_build_object('role', gateway_role, 'models', jsonb_agg(model_pattern order by id))
from role_permission
group by gateway_role;

insert into policy_object (kind, name, position, body)
select 'credential', c.name, (row_number() over (order by c.id))::int - 1,
       jsonb_build_object('credential_name', c.name, 'credential_values', jsonb_strip_nulls(
           case c.type
               when 'api_key' then jsonb_build_object('type', 'api_key', 'api_key', c.api_key_ref)
               when 'oauth2_client_credentials' then jsonb_build_object('type', c.type, 'token_url', c.token_url,
                   'client_id', c.client_id, 'client_secret', c.client_secret_ref,
                   'scope', case when cardinality(c.scopes) > 0 then to_jsonb(c.scopes) end, 'audience', c.audience,
                   'extra_params', c.extra_params::jsonb, 'client_auth', c.client_auth)
               when 'azure_ad' then jsonb_build_object('type', c.type, 'mode', c.azure_mode, 'tenant_id', c.tenant_id,
                   'client_id', c.client_id, 'client_secret', c.client_secret_ref, 'federated_token_file', c.federated_token_file,
                   'scope', c.scopes[1], 'authority_host', c.authority_host, 'identity_endpoint', c.identity_endpoint)
               else jsonb_build_object('type', c.type, 'bean', c.bean, 'scope', nullif(c.scopes[1], ''))
           end
           || jsonb_build_object('api_base', c.api_base, 'api_version', c.api_version,
                  'on_failure', nullif(c.on_failure, 'fail'))))
from upstream_credential c;

insert into policy_object (kind, name, position, body, created_at, updated_at)
select 'model', m.name, (row_number() over (order by m.id))::int - 1,
       jsonb_strip_nulls(jsonb_build_object('model_name', m.name, 'description', m.description))
       || jsonb_build_object('tags', to_jsonb(m.tags), 'deployments', coalesce((
           select jsonb_agg(coalesce(d.extra_params::jsonb, '{}'::jsonb) || jsonb_strip_nulls(jsonb_build_object(
                      'model', d.kind || '/' || d.upstream_model,
                      'api_base', d.base_url,
                      'api_key', d.api_key_ref,
                      'litellm_credential_name', (select c.name from upstream_credential c where c.id = d.credential_id),
                      'api_version', d.api_version,
                      'weight', d.weight,
                      'timeout', trim_scale(d.read_timeout_ms::numeric / 1000),
                      'connect_timeout', trim_scale(d.connect_timeout_ms::numeric / 1000),
                      'mock_response', case when d.kind = 'mock' then d.mock_response end,
                      'mock_latency_ms', case when d.kind = 'mock' then d.mock_latency_ms end,
                      'mock_chunk_delay_ms', case when d.kind = 'mock' then d.mock_chunk_delay_ms end,
                      'mock_failure_rate', case when d.kind = 'mock' then d.mock_failure_rate end,
                      'mock_failure_status', case when d.kind = 'mock' then d.mock_failure_status end))
                  order by d.position)
           from deployment d where d.model_id = m.id), '[]'::jsonb)),
       m.created_at, m.updated_at
from model m;

create trigger policy_object_changed after insert or update or delete on policy_object
    for each statement execute function bump_policy_version();

-- One version per committed change, however many rows it writes: a transaction bumps the version (and notifies)
-- with its first statement only.
alter table policy_version add column changed_in xid8;

create or replace function bump_policy_version() returns trigger language plpgsql as $$
declare
    new_version bigint;
begin
    update policy_version set version = version + 1, changed_at = now(), changed_in = pg_current_xact_id()
        where id = 1 and changed_in is distinct from pg_current_xact_id()
        returning version into new_version;
    if new_version is not null then
        perform pg_notify('modelgate_policy', new_version::text);
    end if;
    return null;
end
$$;
