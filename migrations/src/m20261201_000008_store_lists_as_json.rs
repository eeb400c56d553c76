//! A matter's lists (limit flags, BLTTHS Điều 76(1) grounds) become JSON arrays of codes,
//! e.g. `["disadvantaged_area"]`, instead of comma-joined codes: the store maps them with
//! serde like every other structured value, and an empty list is `[]`, never NULL or "".
//! The columns stay text on both databases. Codes are snake_case words, so replacing the
//! commas is a faithful conversion.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn to_json(column: &str) -> String {
    format!(
        "UPDATE matter SET {column} = CASE WHEN {column} IS NULL OR {column} = '' THEN '[]' \
         ELSE '[\"' || replace({column}, ',', '\",\"') || '\"]' END"
    )
}

fn to_codes(column: &str) -> String {
    format!(
        "UPDATE matter SET {column} = replace(replace(replace(replace({column}, '[', ''), ']', ''), \
         '\"', ''), ' ', '')"
    )
}

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&to_json("flags")).await?;
        db.execute_unprepared(&to_json("mandatory_grounds")).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&to_codes("flags")).await?;
        db.execute_unprepared(&to_codes("mandatory_grounds"))
            .await?;
        Ok(())
    }
}
