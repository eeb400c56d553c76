//! Providers' payment claims (T18: Nghị định 144/2017/NĐ-CP Điều 13, 15; Thông tư
//! 02/2021/TT-BTP): one row per claim, priced when submitted, approved or rejected once by
//! the center. The matter's province is copied so that supervisors' totals are scoped by
//! province without a join.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("payment_claim")
                    .col(pk_uuid("id"))
                    .col(uuid("matter_id"))
                    .col(string("province"))
                    .col(uuid("center_id"))
                    .col(uuid("provider_id"))
                    .col(string("kind"))
                    .col(string("status"))
                    .col(integer("hours"))
                    .col(big_integer("amount"))
                    .col(date("work_from"))
                    .col(date("work_to"))
                    .col(text("lines"))
                    .col(uuid("submitted_by"))
                    .col(string("submitted_by_name"))
                    .col(timestamp_with_time_zone("submitted_at"))
                    .col(uuid_null("decided_by"))
                    .col(string_null("decided_by_name"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(text_null("reason"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("payment_claim_matter")
                            .from("payment_claim", "matter_id")
                            .to("matter", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX payment_claim_matter ON payment_claim (matter_id, submitted_at)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX payment_claim_decided ON payment_claim (status, province, decided_at)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("payment_claim").to_owned())
            .await
    }
}
