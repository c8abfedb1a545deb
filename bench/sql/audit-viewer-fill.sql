-- Copies the staged rows (audit-viewer-generate.sql) into a Keycloak schema, for realm :'realm_id', as sealed
-- gatehouse-audit records (seq, line, query columns) and as Keycloak's own EVENT_ENTITY rows with the same
-- users, types, clients, addresses and times. Secondary indexes are dropped first and rebuilt from their saved
-- definitions afterwards (much faster than maintaining them row by row), so the schema ends as Liquibase made it.
-- Usage: psql -v schema=viewer_bench -v realm_id=... -f audit-viewer-fill.sql
\set ON_ERROR_STOP on
SET maintenance_work_mem = '512MB';
SET search_path = :schema, public;
CREATE TEMP TABLE saved_index AS
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = :'schema' AND tablename IN ('gatehouse_audit_record', 'event_entity')
      AND indexdef NOT LIKE 'CREATE UNIQUE%';
SELECT format('DROP INDEX %I.%I', :'schema', indexname) FROM saved_index \gexec
TRUNCATE gatehouse_audit_record, event_entity;
DELETE FROM gatehouse_audit_head WHERE realm_id = :'realm_id';
DELETE FROM gatehouse_audit_checkpoint WHERE realm_id = :'realm_id';

INSERT INTO gatehouse_audit_record (id, realm_id, created, payload, seq, leaf_hash, line, kind, event_type, error,
                                    user_id, client_id, ip_address, session_id, correlation_id, details_text)
SELECT id, :'realm_id', created, NULL, seq, md5(id) || md5(id || 'x'),
       json_strip_nulls(json_build_object('seq', seq, 'kind', kind, 'id', id, 'time', created, 'realm', :'realm_id',
           'type', CASE WHEN kind = 'admin' THEN NULL ELSE type END,
           'operation', CASE WHEN kind = 'admin' THEN type END,
           'resourceType', CASE WHEN kind = 'admin' THEN 'USER' END,
           'resourcePath', CASE WHEN kind = 'admin' THEN details_text END,
           'error', error,
           'user', CASE WHEN kind = 'admin' THEN NULL ELSE user_id END,
           'authUser', CASE WHEN kind = 'admin' THEN user_id END,
           'client', CASE WHEN kind = 'admin' THEN NULL ELSE client_id END,
           'authClient', CASE WHEN kind = 'admin' THEN client_id END,
           'session', session_id, 'ip', ip, 'node', 'bench', 'correlationId', correlation_id,
           'details', CASE WHEN kind = 'user' THEN json_build_object('username', username, 'auth_method', 'openid-connect',
               'redirect_uri', 'https://' || client_id || '.example.com/callback') END))::text,
       kind, type, error, user_id, client_id, ip, session_id, correlation_id,
       CASE WHEN kind = 'admin' THEN 'resourcetype=user resourcepath=' || details_text ELSE details_text END
FROM bench_src.records;

-- Keycloak stores user events only (and reads TYPE back as an EventType): admin and system rows become user
-- events of a near type here (UPDATE_PROFILE, REGISTER, DELETE_ACCOUNT, CLIENT_LOGIN) so both sides hold 10M
-- rows of the same shape.
INSERT INTO event_entity (id, client_id, details_json, error, ip_address, realm_id, session_id, event_time, type, user_id)
SELECT id, client_id,
       json_build_object('username', username, 'auth_method', 'openid-connect', 'redirect_uri', 'https://' || client_id || '.example.com/callback')::text,
       error, ip, :'realm_id', session_id, created,
       CASE type WHEN 'UPDATE' THEN 'UPDATE_PROFILE' WHEN 'CREATE' THEN 'REGISTER' WHEN 'DELETE' THEN 'DELETE_ACCOUNT'
                 WHEN 'VAULT_FETCH' THEN 'CLIENT_LOGIN' ELSE type END, user_id
FROM bench_src.records;

SELECT indexdef FROM saved_index \gexec
-- No head row: the sealer's heartbeat never rebuilds a tree over these synthetic leaves.
VACUUM ANALYZE gatehouse_audit_record;
VACUUM ANALYZE event_entity;
SELECT (SELECT count(*) FROM gatehouse_audit_record) AS audit_records, (SELECT count(*) FROM event_entity) AS keycloak_events;
