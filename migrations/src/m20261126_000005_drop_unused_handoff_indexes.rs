//! Drops two indexes of 000002 that did more harm than good. With planner statistics
//! (`ANALYZE`), SQLite chose `handoff_open_agency_due` for the national overdue list,
//! skip-scanning every agency and sorting all overdue rows, instead of reading
//! `handoff_open_due` in order and stopping after a page. The agency filter reads
//! `handoff_open_due` just as well. `handoff_started` served no query.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX handoff_open_agency_due")
            .await?;
        db.execute_unprepared("DROP INDEX handoff_started").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX handoff_open_agency_due ON handoff (responsible_agency_id, due_at, id) \
             WHERE discharged_at IS NULL",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX handoff_started ON handoff (started_at)")
            .await?;
        Ok(())
    }
}
