//! On PostgreSQL, only the owner of the append-only logs (`access_log`, `admin_log`) keeps
//! `UPDATE`, `DELETE` and `TRUNCATE` on them: every other role, the server role of
//! `deploy/postgres/roles.sql` included, may only read and append. The default privileges
//! of that script grant every new table to the server role in full, so a later migration
//! that creates another append-only table must run [`REVOKE_FROM_OTHER_ROLES`] for it too.
//! Nothing on SQLite, which has no roles.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Revokes the changing privileges on the logs from every grantee but the table's owner,
/// `PUBLIC` included. Kept word for word in `deploy/postgres/roles.sql`.
pub const REVOKE_FROM_OTHER_ROLES: &str = "DO $$
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
END $$";

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(REVOKE_FROM_OTHER_ROLES)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Privileges revoked are not handed back.
        Ok(())
    }
}
