-- The tables of the first release's policy store (V1, V2) were copied into policy_object by V4 and kept, unused, so
-- replicas of that release could keep serving through a rolling upgrade. They are dropped now: every table Modelgate
-- keeps is mapped by an entity. Upgrading straight from the first release still works (V4 copies, then this drops);
-- only its replicas, if any still run, lose their tables, so roll out the release with V4-V6 first in that case.
drop table if exists deployment;
drop table if exists model;
drop table if exists role_permission;
drop table if exists role_mapping;
drop table if exists gateway_role;
drop table if exists access_settings;
drop table if exists upstream_credential;
