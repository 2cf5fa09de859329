-- Responses API answers the gateway keeps itself: those of models whose upstreams speak chat completions or
-- Messages, which keep no conversations. Each row holds one turn — the input the caller sent with it and the response
-- object the caller got — and the turn it continues, so previous_response_id chains are rebuilt by walking back
-- (one recursive query). JSON is kept as the gateway wrote it (text, compressed by TOAST), never queried inside.
-- Owned like stored_response rows (issuer + subject); rows expire after modelgate.responses.retention.
create table kept_response (
    response_id  varchar(300)  primary key,
    previous_id  varchar(300),
    model        varchar(300)  not null,
    issuer       varchar(2000) not null,
    subject      varchar(300)  not null,
    input        text          not null,
    response     text          not null,
    created_at   timestamptz   not null default clock_timestamp(),
    expires_at   timestamptz   not null
);
create index kept_response_expires_idx on kept_response (expires_at);
