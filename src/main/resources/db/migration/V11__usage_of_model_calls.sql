-- Usage counts model calls only (issue 31). Each row now says what its calls came to: ok, upstream_error, aborted, or
-- the code the gateway refused them with; refused calls are refused_requests, neither requests nor calls of unknown
-- usage. Listing models, /v1/me and stored responses are no usage at all.
alter table usage_minute add column outcome varchar(100) not null default 'ok';
alter table usage_minute add column refused_requests bigint not null default 0;

-- Rows written before: calls that used no model were counted as requests of model "none" (or of the stored
-- response's model) with unknown usage. They are not model usage.
delete from usage_minute
 where endpoint in ('models', 'me', 'responses.retrieve', 'responses.delete', 'responses.cancel', 'responses.input_items')
    or model = 'none';
-- Refused calls (no role credited) were requests of unknown usage: they become refusals, their reason not recorded then.
update usage_minute set outcome = 'refused', refused_requests = requests, requests = 0, unknown_usage_requests = 0
 where role = 'none';
-- Forwarded calls that failed upstream were of unknown usage too.
update usage_minute set outcome = 'upstream_error', unknown_usage_requests = 0
 where role <> 'none' and status_class = 5;

alter table usage_minute drop constraint usage_minute_pkey;
alter table usage_minute add primary key (minute, subject, issuer, model, role, deployment, endpoint, status_class, outcome);
