-- Who changed what in the policy, when, with the object before and after (secrets appear only as
-- os.environ/ references, never as values). Writing here does not bump the policy version.
create table audit_event (
    id              bigserial     primary key,
    at              timestamptz   not null default clock_timestamp(),
    actor_subject   varchar(300),
    actor_email     varchar(300),
    action          varchar(20)   not null check (action in ('create', 'update', 'delete', 'import')),
    entity_type     varchar(40)   not null,
    entity_key      varchar(300),
    before          jsonb,
    after           jsonb,
    policy_version  bigint        not null
);
create index audit_event_at_idx on audit_event (at desc, id desc);
create index audit_event_entity_idx on audit_event (entity_type, entity_key);
create index audit_event_actor_idx on audit_event (actor_subject);
