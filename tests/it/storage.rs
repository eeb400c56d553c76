//! The database handle on a SQLite file: WAL, one writer, readers that never wait behind
//! it (issue 13). In-memory SQLite and PostgreSQL have one pool, tested everywhere else.

use baton_migration::{Migrator, MigratorTrait};
use baton_store::{ConnectionTrait, TransactionTrait};
use sea_orm::{DbBackend, Statement};

use crate::harness::waited;

fn scratch_file() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("baton-storage-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("baton.db").display());
    (dir, url)
}

async fn scalar(db: &impl ConnectionTrait, sql: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .unwrap()
}

const AGENCY: &str = "INSERT INTO agency (id, kind, name, province, province_name) \
    VALUES ('00000000-0000-0000-0000-000000000001', 'court', 'Tòa án nhân dân thành phố Hà Nội', 'HN', 'Hà Nội')";

#[tokio::test]
async fn a_sqlite_file_is_durable_wal_and_reads_do_not_wait_behind_a_write() {
    let (dir, url) = scratch_file();
    let db = baton_store::connect(&url).await.unwrap();
    Migrator::up(db.writer(), None).await.unwrap();
    assert!(db.has_readers());
    assert_eq!(scalar(db.writer(), "PRAGMA journal_mode").await, "wal");
    // FULL = 2: a commit has reached the disk when it returns.
    assert_eq!(scalar(db.writer(), "PRAGMA synchronous").await, "2");

    // A write transaction holds the one writer connection …
    let txn = db.begin().await.unwrap();
    txn.execute_unprepared(AGENCY).await.unwrap();
    // … and a read still answers at once, from the last committed state.
    let before = waited(
        "a read while a write transaction is open",
        scalar(&db, "SELECT count(*) FROM agency"),
    )
    .await;
    assert_eq!(before, "0");
    txn.commit().await.unwrap();
    assert_eq!(scalar(&db, "SELECT count(*) FROM agency").await, "1");

    drop(db);
    let _ = std::fs::remove_dir_all(dir);
}
