//! The console's sign-in sessions (issue 12): one row per signed-in browser, found by the
//! SHA-256 of the cookie's secret (the secret itself is never stored), with the user, when
//! it began and was last used (idle and absolute expiry), and the CSRF secret its forms
//! carry. Signing out deletes the row.

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
                    .table("console_session")
                    .col(string("id_hash").primary_key())
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(string("csrf_secret"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_console_session_user")
                            .from("console_session", "user_id")
                            .to("app_user", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_console_session_user")
                    .table("console_session")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("console_session").to_owned())
            .await
    }
}
