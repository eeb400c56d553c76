//! Every handoff keeps how its due instant was computed (issue 10, deadlines that explain
//! themselves): the limit and why it applies, the start, the days skipped, the rollover and
//! the provisional calendar years, as JSON text. Rows written before have none (NULL).

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
            .alter_table(
                Table::alter()
                    .table("handoff")
                    .add_column(text_null("computation"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("handoff")
                    .drop_column("computation")
                    .to_owned(),
            )
            .await
    }
}
