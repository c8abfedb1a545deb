-- Generates the viewer bench's rows once, into unlogged staging tables of schema bench_src (no indexes, so
-- this is only CPU): :rows records over the 90 days before :now_ms (epoch millis), with skewed distributions
-- (a few heavy users, IPs and clients; logins dominate; ~6 % errors). audit-viewer-fill.sql later copies them
-- into Keycloak's schema as gatehouse-audit records and as Keycloak's own EVENT_ENTITY rows.
-- Usage: psql -v rows=10000000 -v now_ms=... -f audit-viewer-generate.sql
\set ON_ERROR_STOP on
CREATE SCHEMA IF NOT EXISTS bench_src;
DROP TABLE IF EXISTS bench_src.records;
CREATE UNLOGGED TABLE bench_src.records AS
WITH g AS (
    SELECT i,
           -- more recent days are busier: 90 days back, denser towards now
           (:now_ms - floor(power(random(), 1.4) * 90 * 86400000))::bigint AS created,
           floor(20000 * power(random(), 3))::int AS u,        -- 20k users, heavy head
           floor(50000 * power(random(), 2))::int AS a,        -- 50k addresses
           floor(30 * power(random(), 2))::int AS c,           -- 30 clients
           random() AS t
    FROM generate_series(1, :rows) AS i
), typed AS (
    SELECT g.*,
           CASE WHEN t < 0.50 THEN 'LOGIN'
                WHEN t < 0.68 THEN 'CODE_TO_TOKEN'
                WHEN t < 0.80 THEN 'REFRESH_TOKEN'
                WHEN t < 0.85 THEN 'LOGOUT'
                WHEN t < 0.905 THEN 'LOGIN_ERROR'
                WHEN t < 0.915 THEN 'CODE_TO_TOKEN_ERROR'
                WHEN t < 0.93 THEN 'UPDATE_PASSWORD'
                WHEN t < 0.94 THEN 'SEND_VERIFY_EMAIL'
                WHEN t < 0.96 THEN 'UPDATE'
                WHEN t < 0.97 THEN 'CREATE'
                WHEN t < 0.975 THEN 'DELETE'
                WHEN t < 0.99 THEN 'VAULT_FETCH'
                ELSE 'USER_DISABLED_BY_TEMPORARY_LOCKOUT' END AS type
    FROM g
)
SELECT i AS seq,
       md5('r' || i)::uuid::text AS id,
       created,
       CASE WHEN type IN ('UPDATE', 'CREATE', 'DELETE') THEN 'admin' WHEN type = 'VAULT_FETCH' THEN 'system' ELSE 'user' END AS kind,
       type,
       CASE WHEN type = 'LOGIN_ERROR' THEN (CASE WHEN t < 0.895 THEN 'invalid_user_credentials' ELSE 'user_not_found' END)
            WHEN type = 'CODE_TO_TOKEN_ERROR' THEN 'invalid_code' END AS error,
       CASE WHEN type = 'VAULT_FETCH' THEN NULL ELSE md5('u' || u)::uuid::text END AS user_id,
       'user' || u AS username,
       CASE WHEN type = 'VAULT_FETCH' THEN NULL WHEN type IN ('UPDATE', 'CREATE', 'DELETE') THEN 'security-admin-console' ELSE 'app-' || c END AS client_id,
       CASE WHEN type = 'VAULT_FETCH' THEN NULL ELSE '10.' || (a / 65536) || '.' || (a / 256 % 256) || '.' || (a % 256) END AS ip,
       -- a user's session lasts about 8 hours
       CASE WHEN kind_user THEN md5('s' || u || ':' || (created / 28800000))::uuid::text END AS session_id,
       md5('c' || (i / 3))::uuid::text AS correlation_id,
       CASE WHEN type IN ('UPDATE', 'CREATE', 'DELETE') THEN 'users/' || md5('u' || ((u * 7) % 20000))::uuid::text
            WHEN type = 'VAULT_FETCH' THEN 'secret=smtp-password-' || (u % 5) || ' outcome=ok'
            ELSE 'auth_method=openid-connect redirect_uri=https://app-' || c || '.example.com/callback username=user' || u END AS details_text
FROM (SELECT typed.*, type NOT IN ('UPDATE', 'CREATE', 'DELETE', 'VAULT_FETCH') AS kind_user FROM typed) x;
SELECT count(*) AS generated FROM bench_src.records;
