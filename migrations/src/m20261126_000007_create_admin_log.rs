//! The append-only log of administration: who added which user, issued or revoked which
//! token, and when. Like the access log, the database refuses to change or remove a row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_GUARDS: &[&str] = &[
    "CREATE TRIGGER admin_log_no_update BEFORE UPDATE ON admin_log \
     BEGIN SELECT RAISE(ABORT, 'admin_log is append-only'); END",
    "CREATE TRIGGER admin_log_no_delete BEFORE DELETE ON admin_log \
     BEGIN SELECT RAISE(ABORT, 'admin_log is append-only'); END",
];

const POSTGRES_GUARDS: &[&str] = &[
    "CREATE FUNCTION admin_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'admin_log is append-only'; END $$",
    "CREATE TRIGGER admin_log_no_change BEFORE UPDATE OR DELETE ON admin_log \
     FOR EACH ROW EXECUTE FUNCTION admin_log_append_only()",
    "CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON admin_log \
     FOR EACH STATEMENT EXECUTE FUNCTION admin_log_append_only()",
];

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("admin_log")
                    .col(pk_uuid("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(uuid("actor_user_id"))
                    .col(string("actor_name"))
                    .col(uuid("actor_agency_id"))
                    .col(string("action"))
                    .col(uuid("agency_id"))
                    .col(string("province"))
                    .col(uuid_null("subject_id"))
                    .col(text("detail"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("CREATE INDEX admin_log_province ON admin_log (province, at, id)")
            .await?;
        let guards = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_GUARDS,
            _ => SQLITE_GUARDS,
        };
        for sql in guards {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("admin_log").to_owned())
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION admin_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
