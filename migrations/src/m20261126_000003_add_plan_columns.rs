//! The whole inter-agency plan: facts the later transitions record on the matter, and
//! pausable, cancellable handoffs with a history.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One column per statement: SQLite alters one column at a time.
async fn add(manager: &SchemaManager<'_>, table: &str, column: ColumnDef) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table.to_owned())
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            timestamp_with_time_zone_null("notified_at"),
            text_null("explanation_record"),
            string_null("mandatory_grounds"),
            string_null("appointing_body"),
            string("flags").default("").to_owned(),
            timestamp_with_time_zone_null("hearing_at"),
            integer("counsel_changes").default(0).to_owned(),
            string_null("closing_ground"),
            timestamp_with_time_zone_null("closed_at"),
            string_null("file_code"),
            string_null("grade"),
            integer_null("total_score"),
            uuid_null("transferred_from"),
        ] {
            add(manager, "matter", column).await?;
        }
        // Case-file codes are unique within a center; the partial index lets many matters have
        // none yet.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX matter_file_code ON matter (center_id, file_code) WHERE file_code IS NOT NULL",
            )
            .await?;
        // Agencies keep seeing the matters they acted on after the matter moved on.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX matter_event_actor_agency ON matter_event (actor_agency_id, matter_id)",
            )
            .await?;
        for column in [
            timestamp_with_time_zone_null("paused_at"),
            boolean("cancelled").default(false).to_owned(),
            text("history").default("[]").to_owned(),
        ] {
            add(manager, "handoff", column).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX matter_file_code")
            .await?;
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX matter_event_actor_agency")
            .await?;
        for (table, column) in [
            ("handoff", "history"),
            ("handoff", "cancelled"),
            ("handoff", "paused_at"),
            ("matter", "transferred_from"),
            ("matter", "total_score"),
            ("matter", "grade"),
            ("matter", "file_code"),
            ("matter", "closed_at"),
            ("matter", "closing_ground"),
            ("matter", "counsel_changes"),
            ("matter", "hearing_at"),
            ("matter", "flags"),
            ("matter", "appointing_body"),
            ("matter", "mandatory_grounds"),
            ("matter", "explanation_record"),
            ("matter", "notified_at"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table.to_owned())
                        .drop_column(column.to_owned())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
