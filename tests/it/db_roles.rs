//! Least privilege in the database (PostgreSQL only: SQLite has no roles). The roles of
//! `deploy/postgres/roles.sql`: the owner migrates, the server role runs Baton and can
//! neither rewrite the append-only logs nor switch their triggers off.

use baton_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;

use crate::harness::{Backend, CASE_LIMIT, TestApp, World, postgres_base, request, run_case};

const ROLES_SQL: &str = include_str!("../../deploy/postgres/roles.sql");

/// The roles script with its psql variables filled in, as `psql -v` would.
fn roles_script(database: &str, owner: &str, server: &str) -> String {
    ROLES_SQL
        .replace(":\"database\"", &format!("\"{database}\""))
        .replace(":\"owner\"", &format!("\"{owner}\""))
        .replace(":\"server\"", &format!("\"{server}\""))
        .replace(":'owner_password'", "'owner-secret'")
        .replace(":'server_password'", "'server-secret'")
}

/// `url` signed in as `role` instead of its own user.
fn as_role(url: &str, role: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}:{password}@{host}")
}

/// The error a statement of the server role gets; it must fail.
async fn refused(db: &baton_store::Db, sql: &str) -> String {
    match db.execute_unprepared(sql).await {
        Ok(_) => panic!("the server role may not run `{sql}`, yet it did"),
        Err(err) => err.to_string(),
    }
}

mod the_server_role_may_append_to_the_logs_but_not_rewrite_them_or_change_the_schema {
    use super::*;

    #[tokio::test]
    async fn postgres() {
        run_case(Backend::Postgres, module_path!(), CASE_LIMIT, check).await;
    }

    async fn check(backend: Backend) {
        let url = backend.fresh_url().await;
        let database = url.rsplit_once('/').unwrap().1.to_owned();
        // Roles are cluster-wide: named after this test's own database.
        let owner = format!("baton_owner_{database}");
        let server = format!("baton_server_{database}");
        let superuser = Database::connect(&url).await.unwrap();
        superuser
            .execute_unprepared(&roles_script(&database, &owner, &server))
            .await
            .unwrap();
        superuser.close().await.unwrap();

        let as_owner = baton_store::connect(&as_role(&url, &owner, "owner-secret"))
            .await
            .unwrap();
        Migrator::up(as_owner.writer(), None).await.unwrap();
        as_owner.close().await.unwrap();

        let db = baton_store::connect(&as_role(&url, &server, "server-secret"))
            .await
            .unwrap();
        let app = TestApp::on("postgres", db.clone());
        // Baton runs as the server role: a matter is created, read, and the read of its
        // sensitive fields is appended to the access log.
        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let read = "query($id: ID!) { matter(id: $id) { state person { custody } } }";
        let data = app.ok(&w.coordinator, read, json!({ "id": m })).await;
        assert_eq!(data["matter"]["person"]["custody"], "ARRESTED");
        let log = "query($id: ID) { accessLog(matterId: $id) { edges { node { userName } } } }";
        let entries = app.ok(&w.supervisor, log, json!({ "id": m })).await;
        assert_eq!(
            entries["accessLog"]["edges"][0]["node"]["userName"],
            w.coordinator.name
        );
        db.execute_unprepared(
            "INSERT INTO access_log (id, at, user_id, user_name, agency_id, matter_id, province, fields) \
             SELECT gen_random_uuid(), now(), user_id, user_name, agency_id, matter_id, province, fields \
             FROM access_log LIMIT 1",
        )
        .await
        .unwrap();

        // Refused by privileges, before any trigger runs.
        for sql in [
            "DELETE FROM access_log",
            "UPDATE access_log SET user_name = 'x'",
            "TRUNCATE access_log",
            "DELETE FROM admin_log",
            "UPDATE admin_log SET detail = 'x'",
            "TRUNCATE admin_log",
        ] {
            let err = refused(&db, sql).await;
            assert!(err.contains("permission denied"), "{sql}: {err}");
        }
        let err = refused(&db, "SET session_replication_role = replica").await;
        assert!(err.contains("permission denied"), "{err}");
        for sql in [
            "ALTER TABLE access_log DISABLE TRIGGER ALL",
            "ALTER TABLE access_log ADD COLUMN note text",
            "DROP TRIGGER access_log_no_change ON access_log",
            "DROP TABLE admin_log",
        ] {
            let err = refused(&db, sql).await;
            assert!(err.contains("must be owner"), "{sql}: {err}");
        }
        let err = refused(&db, "CREATE TABLE scratch (id int)").await;
        assert!(err.contains("permission denied"), "{err}");
        let rows = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT count(*) AS n FROM access_log",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(rows.try_get::<i64>("", "n").unwrap(), 2);

        drop(app);
        db.close().await.unwrap();
        let base = postgres_base().unwrap();
        let cluster = Database::connect(&base).await.unwrap();
        for sql in [
            format!("DROP DATABASE \"{database}\" WITH (FORCE)"),
            format!("DROP ROLE \"{server}\""),
            format!("DROP ROLE \"{owner}\""),
        ] {
            cluster.execute_unprepared(&sql).await.unwrap();
        }
    }
}
