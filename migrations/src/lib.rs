//! Baton's schema history. Append-only: an applied migration is never edited; a change is a
//! new file `mYYYYMMDD_HHMMSS_<verb>_<object>.rs`. Migrations use string identifiers and
//! never import entity types, so editing an entity cannot silently rewrite history.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_core_tables;
mod m20261126_000002_add_deadline_alerts;
mod m20261126_000003_add_plan_columns;
mod m20261126_000004_create_access_log;
mod m20261126_000005_drop_unused_handoff_indexes;
mod m20261126_000006_link_users_to_providers;
mod m20261126_000007_create_admin_log;
mod m20261201_000008_store_lists_as_json;
mod m20261201_000009_add_handoff_computation;
mod m20261201_000020_add_credentials;
mod m20261201_000030_create_console_sessions;
mod m20261201_070000_keep_logs_append_only_for_other_roles;
mod m20261201_100000_create_payment_claim;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_core_tables::Migration),
            Box::new(m20261126_000002_add_deadline_alerts::Migration),
            Box::new(m20261126_000003_add_plan_columns::Migration),
            Box::new(m20261126_000004_create_access_log::Migration),
            Box::new(m20261126_000005_drop_unused_handoff_indexes::Migration),
            Box::new(m20261126_000006_link_users_to_providers::Migration),
            Box::new(m20261126_000007_create_admin_log::Migration),
            Box::new(m20261201_000008_store_lists_as_json::Migration),
            Box::new(m20261201_000009_add_handoff_computation::Migration),
            Box::new(m20261201_000020_add_credentials::Migration),
            Box::new(m20261201_000030_create_console_sessions::Migration),
            Box::new(m20261201_070000_keep_logs_append_only_for_other_roles::Migration),
            Box::new(m20261201_100000_create_payment_claim::Migration),
        ]
    }
}
