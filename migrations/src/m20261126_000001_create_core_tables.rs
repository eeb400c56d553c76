//! Agencies, users and tokens, the provider roster, matters with their events and
//! handoffs, and idempotency keys.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table.to_owned(), column.to_owned())
        .to(target.to_owned(), "id")
        .to_owned()
}

fn index(table: &str, name: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table.to_owned());
    for c in columns {
        stmt.col(ToString::to_string(c));
    }
    stmt.to_owned()
}

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("agency")
                    .col(pk_uuid("id"))
                    .col(string("kind"))
                    .col(string("name"))
                    .col(string("province"))
                    .col(string("province_name"))
                    .col(uuid_null("parent_id"))
                    .foreign_key(&mut fk("agency", "parent_id", "agency"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("app_user")
                    .col(pk_uuid("id"))
                    .col(uuid("agency_id"))
                    .col(string("name"))
                    .col(string("roles"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("app_user", "agency_id", "agency"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("api_token")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string_uniq("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk("api_token", "user_id", "app_user"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("provider")
                    .col(pk_uuid("id"))
                    .col(uuid("center_id"))
                    .col(string("name"))
                    .col(string("kind"))
                    .col(string_null("card_number"))
                    .col(boolean("active"))
                    .foreign_key(&mut fk("provider", "center_id", "agency"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("provider", "provider_center", &["center_id", "name"]))
            .await?;
        create_matter(manager).await?;
        create_handoff(manager).await?;
        manager
            .create_table(
                Table::create()
                    .table("matter_event")
                    .col(pk_uuid("id"))
                    .col(uuid("matter_id"))
                    .col(big_integer("seq"))
                    .col(string("kind"))
                    .col(uuid("actor_user_id"))
                    .col(uuid("actor_agency_id"))
                    .col(string("actor_name"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(text("detail"))
                    .foreign_key(&mut fk("matter_event", "matter_id", "matter"))
                    .to_owned(),
            )
            .await?;
        // One event per version: two racing commands cannot both append seq n.
        manager
            .create_index(
                index("matter_event", "matter_event_seq", &["matter_id", "seq"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("idempotency_key")
                    .col(uuid("user_id"))
                    .col(string("key"))
                    .col(string("command"))
                    .col(string("request_hash"))
                    .col(uuid("matter_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("key"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "idempotency_key",
            "matter_event",
            "handoff",
            "matter",
            "provider",
            "api_token",
            "app_user",
            "agency",
        ] {
            manager
                .drop_table(Table::drop().table(table.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_matter(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("matter")
                .col(pk_uuid("id"))
                .col(big_integer("version"))
                .col(string("state"))
                .col(string("ruleset_version"))
                .col(string("full_name"))
                .col(date_null("birth_date"))
                .col(string("eligibility"))
                .col(text_null("proof_document"))
                .col(string("custody"))
                .col(string("procedural_role"))
                .col(string("proceeding_kind"))
                .col(string("case_number"))
                .col(string("stage"))
                .col(uuid("handling_agency_id"))
                .col(uuid("center_id"))
                .col(string("province"))
                .col(timestamp_with_time_zone("received_at"))
                .col(timestamp_with_time_zone("recorded_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(uuid("created_by"))
                .col(string_null("refusal_ground"))
                .col(text_null("refusal_reason"))
                .col(uuid_null("provider_id"))
                .col(string_null("decision_number"))
                .col(timestamp_with_time_zone_null("assigned_at"))
                .col(string_null("registration_number"))
                .col(timestamp_with_time_zone_null("registered_at"))
                .foreign_key(&mut fk("matter", "handling_agency_id", "agency"))
                .foreign_key(&mut fk("matter", "center_id", "agency"))
                .foreign_key(&mut fk("matter", "provider_id", "provider"))
                .to_owned(),
        )
        .await?;
    // The center's inbox and the agency's list, newest first.
    manager
        .create_index(index(
            "matter",
            "matter_center_inbox",
            &["center_id", "received_at", "id"],
        ))
        .await?;
    manager
        .create_index(index(
            "matter",
            "matter_handling_agency",
            &["handling_agency_id", "received_at"],
        ))
        .await
}

async fn create_handoff(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table("handoff")
                .col(pk_uuid("id"))
                .col(uuid("matter_id"))
                .col(string("clock"))
                .col(uuid("responsible_agency_id"))
                .col(string("responsible_kind"))
                .col(string("province"))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone("due_at"))
                .col(timestamp_with_time_zone("warn_at"))
                .col(string("limit_text"))
                .col(text("basis"))
                .col(string("calendar_revision"))
                .col(timestamp_with_time_zone_null("discharged_at"))
                .foreign_key(&mut fk("handoff", "matter_id", "matter"))
                .foreign_key(&mut fk("handoff", "responsible_agency_id", "agency"))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "handoff",
            "handoff_matter",
            &["matter_id", "started_at"],
        ))
        .await?;
    // Open handoffs by due instant: the overdue query and the scheduler's sweep read only
    // what is open, so their cost follows what they return, not the history. Partial
    // indexes work the same on PostgreSQL and SQLite.
    manager
        .get_connection()
        .execute_unprepared(
            "CREATE INDEX handoff_open_due ON handoff (due_at, id) WHERE discharged_at IS NULL",
        )
        .await?;
    Ok(())
}
