-- Baton's two PostgreSQL roles (least privilege). Run ONCE, as a superuser, with psql:
--
--   psql -v ON_ERROR_STOP=1 -v database=baton \
--        -v owner=baton_owner -v owner_password="$BATON_OWNER_PASSWORD" \
--        -v server=baton_server -v server_password="$BATON_SERVER_PASSWORD" \
--        -d baton -f deploy/postgres/roles.sql
--
-- * `owner` owns the database, its `public` schema, the tables and the triggers. Only
--   `baton migrate` connects as it. It is not a superuser, so it cannot set
--   `session_replication_role` either; it can still drop a trigger, so keep its password
--   off the Baton hosts.
-- * `server` is what `baton serve`, `baton scheduler` and the admin commands connect as
--   (with BATON_NO_MIGRATE=true). It owns nothing: it may read and write rows, and on the
--   append-only logs (access_log, admin_log) only SELECT and INSERT. It cannot alter or
--   drop tables or triggers, truncate, create anything, or set `session_replication_role`.
--
-- Tables that later migrations create are granted to `server` by the default privileges
-- below; a migration that creates another append-only table revokes UPDATE, DELETE and
-- TRUNCATE on it from every role but the owner (as m20261201_070000 does for the logs).
-- See deploy/runbook.md, "Database roles". The psql variables are the only parameters.

CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'owner_password';
CREATE ROLE :"server" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  NOINHERIT PASSWORD :'server_password';

-- The owner owns the database and so (PostgreSQL 15) its `public` schema.
ALTER DATABASE :"database" OWNER TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"server";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"server";

-- Every table and sequence the owner creates from now on (every migration).
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"server";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"server";

-- Tables that exist already (a database migrated before the roles were set up: give them
-- to the owner first, see the runbook).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"server";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"server";

-- The append-only logs, if they exist yet: only their owner keeps UPDATE, DELETE and
-- TRUNCATE (the same statement as migration m20261201_070000).
DO $$
DECLARE
  g record;
BEGIN
  FOR g IN
    SELECT DISTINCT c.relname AS tbl, a.grantee
    FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
    WHERE c.relname IN ('access_log', 'admin_log')
      AND c.relnamespace = 'public'::regnamespace
      AND a.grantee <> c.relowner
      AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
  LOOP
    EXECUTE format(
      'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.%I FROM %s',
      g.tbl,
      CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE g.grantee::regrole::text END);
  END LOOP;
END $$;
