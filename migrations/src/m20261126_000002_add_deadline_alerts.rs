//! The scheduler's once-only effects: when a handoff was warned, breached and escalated,
//! the notifications it sent, and partial indexes so that a sweep reads only what fires.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Partial indexes have the same syntax on PostgreSQL and SQLite, so they are raw SQL.
/// Each sweep phase reads one of the first three by its time column; the index holds only
/// the handoffs that phase has still to fire, so the cost follows what fires, not what is
/// open. The next two serve the supervisors' overdue list within a province or an agency.
const INDEXES: &[&str] = &[
    "CREATE INDEX handoff_warn_pending ON handoff (warn_at, id) \
     WHERE discharged_at IS NULL AND warned_at IS NULL",
    "CREATE INDEX handoff_breach_pending ON handoff (due_at, id) \
     WHERE discharged_at IS NULL AND breached_at IS NULL",
    "CREATE INDEX handoff_escalation_pending ON handoff (due_at, id) \
     WHERE discharged_at IS NULL AND breached_at IS NOT NULL AND escalated_at IS NULL",
    "CREATE INDEX handoff_open_province_due ON handoff (province, due_at, id) \
     WHERE discharged_at IS NULL",
    "CREATE INDEX handoff_open_agency_due ON handoff (responsible_agency_id, due_at, id) \
     WHERE discharged_at IS NULL",
    "CREATE INDEX handoff_started ON handoff (started_at)",
    "CREATE INDEX notification_user ON notification (user_id, created_at, id)",
    "CREATE INDEX notification_unread ON notification (user_id, created_at, id) \
     WHERE read_at IS NULL",
    // A third guard behind the conditional update: one notice per user, handoff and kind.
    "CREATE UNIQUE INDEX notification_once ON notification (handoff_id, kind, user_id)",
];

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        for column in ["warned_at", "breached_at", "escalated_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("handoff")
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("notification")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("kind"))
                    .col(uuid("matter_id"))
                    .col(uuid("handoff_id"))
                    .col(uuid("agency_id"))
                    .col(string("province"))
                    .col(string("clock"))
                    .col(timestamp_with_time_zone("due_at"))
                    .col(text("message"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("notification", "user_id")
                            .to("app_user", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("notification", "handoff_id")
                            .to("handoff", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        for sql in INDEXES {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in [
            "handoff_warn_pending",
            "handoff_breach_pending",
            "handoff_escalation_pending",
            "handoff_open_province_due",
            "handoff_open_agency_due",
            "handoff_started",
        ] {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP INDEX {index}"))
                .await?;
        }
        manager
            .drop_table(Table::drop().table("notification").to_owned())
            .await?;
        for column in ["escalated_at", "breached_at", "warned_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("handoff")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
