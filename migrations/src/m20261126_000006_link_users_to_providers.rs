//! A provider's user account is linked to their entry on the center's roster, so that a
//! legal aid officer or lawyer reads the matters assigned to them, not every matter of
//! their center (Law 91/2025/QH15: only those acting on a person's case read their data).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("app_user")
                    .add_column(ColumnDef::new("provider_id").uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("app_user_provider")
                    .table("app_user")
                    .col("provider_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("app_user_provider")
                    .table("app_user")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("app_user")
                    .drop_column("provider_id")
                    .to_owned(),
            )
            .await
    }
}
