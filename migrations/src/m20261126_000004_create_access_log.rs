//! The append-only log of reads of sensitive personal data, and the legal basis for
//! passing data on with each handoff.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows of the access log can be added, never changed or removed, whoever connects.
const SQLITE_GUARDS: &[&str] = &[
    "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log \
     BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
    "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log \
     BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
];

const POSTGRES_GUARDS: &[&str] = &[
    "CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$",
    "CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log \
     FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
    "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log \
     FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()",
];

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("access_log")
                    .col(pk_uuid("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(uuid("user_id"))
                    .col(string("user_name"))
                    .col(uuid("agency_id"))
                    .col(uuid("matter_id"))
                    .col(string("province"))
                    .col(string("fields"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("CREATE INDEX access_log_matter ON access_log (matter_id, at)")
            .await?;
        db.execute_unprepared("CREATE INDEX access_log_province ON access_log (province, at)")
            .await?;
        let guards = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_GUARDS,
            _ => SQLITE_GUARDS,
        };
        for sql in guards {
            db.execute_unprepared(sql).await?;
        }
        let mut column = text("data_basis").default("").to_owned();
        manager
            .alter_table(
                Table::alter()
                    .table("handoff")
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("handoff")
                    .drop_column("data_basis")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("access_log").to_owned())
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION access_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
