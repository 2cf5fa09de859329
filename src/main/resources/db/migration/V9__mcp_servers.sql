-- MCP servers are policy objects like models: one policy_object row each, its body the JSON of io.modelgate.policy.McpServer.
alter table policy_object drop constraint policy_object_kind_check;
alter table policy_object add constraint policy_object_kind_check
    check (kind in ('settings', 'role', 'role_mapping', 'permission', 'credential', 'model', 'limit', 'mcp_server'));
