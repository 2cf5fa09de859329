-- Where each Responses API answer the upstreams keep lives, and whose it is: the gateway sends reads, deletes,
-- cancels and previous_response_id chains of a stored response only to its home (the upstream and account that
-- created it) and only for its owner (issuer + subject) or a proxy_admin. Rows expire with the upstream's own
-- retention; expired rows are pruned by every replica.
create table stored_response (
    response_id  varchar(300)  primary key,
    model        varchar(300)  not null,
    home         varchar(2000) not null,
    issuer       varchar(2000) not null,
    subject      varchar(300)  not null,
    created_at   timestamptz   not null default clock_timestamp(),
    expires_at   timestamptz   not null
);
create index stored_response_expires_idx on stored_response (expires_at);
