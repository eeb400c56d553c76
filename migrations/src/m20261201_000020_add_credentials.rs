//! Sign-in with a login and a password, set through a one-time enrolment (issue 11, item
//! 3): `app_user.login` (unique; existing users get one derived from their name without
//! diacritics, numbered when taken), `password_hash` (an argon2id PHC string, NULL until
//! enrolment), the failed sign-in counter and lock, and the `enrolment` table (the code's
//! SHA-256 only, never the code).

use std::collections::HashSet;

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::Statement;
use sea_orm_migration::sea_orm::prelude::Uuid;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The login of a name as of this migration (a copy: history does not follow later code).
fn login_of(name: &str) -> String {
    let plain: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut login = words.join(".");
    login.truncate(40);
    let login = login.trim_end_matches('.').to_owned();
    if login.len() < 3 {
        "user".to_owned()
    } else {
        login
    }
}

fn numbered(base: &str, n: u32) -> String {
    let suffix = format!("-{n}");
    let head: String = base.chars().take(40 - suffix.len()).collect();
    format!("{}{suffix}", head.trim_end_matches('.'))
}

async fn fill_logins(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, name FROM app_user ORDER BY created_at, id",
        ))
        .await?;
    let mut taken = HashSet::new();
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let name: String = row.try_get("", "name")?;
        let base = login_of(&name);
        let mut login = base.clone();
        let mut n = 2;
        while !taken.insert(login.clone()) {
            login = numbered(&base, n);
            n += 1;
        }
        let update = Query::update()
            .table("app_user")
            .value("login", login)
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        manager.exec_stmt(update).await?;
    }
    Ok(())
}

// The trait is declared with an elided `SchemaManager` lifetime; the impl must match it.
#[allow(elided_lifetimes_in_paths)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string("login").default("").to_owned(),
            text_null("password_hash"),
            integer("failed_sign_ins").default(0).to_owned(),
            timestamp_with_time_zone_null("locked_until"),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table("app_user")
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        fill_logins(manager).await?;
        manager
            .create_index(
                Index::create()
                    .name("app_user_login")
                    .table("app_user")
                    .col("login")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("enrolment")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string_uniq("code_hash"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("enrolment_user")
                            .from("enrolment", "user_id")
                            .to("app_user", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("enrolment_user_id")
                    .table("enrolment")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("enrolment").to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("app_user_login")
                    .table("app_user")
                    .to_owned(),
            )
            .await?;
        for column in ["login", "password_hash", "failed_sign_ins", "locked_until"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("app_user")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
