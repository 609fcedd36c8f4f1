//! Opening the workflow database: WAL, foreign keys, a busy timeout, and
//! the migrations of `migrations/` applied in order, each in one
//! transaction, `PRAGMA user_version` recording the last one.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The migrations, in order; migration i brings the schema to version i + 1.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_workflow.sql",
        include_str!("../../migrations/0001_workflow.sql"),
    ),
    (
        "0002_webhooks.sql",
        include_str!("../../migrations/0002_webhooks.sql"),
    ),
];

/// How long a statement waits for another process's lock before it gives
/// up with [`Error::Busy`] (a detection run's sync holds it for well under
/// a second).
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A database error, naming the file and what was being done; a lock held
/// by another process past the busy timeout is [`Error::Busy`].
pub(crate) fn err(path: &Path, doing: &str, e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        )
    {
        return Error::Busy {
            path: path.to_path_buf(),
            doing: doing.to_string(),
        };
    }
    Error::Store {
        path: path.to_path_buf(),
        message: format!("workflow database: {doing}: {e}"),
    }
}

/// Opens `path`, creating it and its folder when absent, and migrates it.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    let conn = Connection::open(path).map_err(|e| err(path, "open", e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| err(path, "set the busy timeout", e))?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| err(path, "switch to WAL", e))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| err(path, "enable foreign keys", e))?;
    migrate(&conn, path)?;
    Ok(conn)
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| err(path, "read the schema version", e))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    if version > MIGRATIONS.len() {
        return Err(Error::Store {
            path: path.to_path_buf(),
            message: format!(
                "workflow database has schema version {version}, newer than this hotline knows ({}); use a newer hotline",
                MIGRATIONS.len()
            ),
        });
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(version) {
        let batch = format!(
            "BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {};\nCOMMIT;",
            i + 1
        );
        if let Err(e) = conn.execute_batch(&batch) {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(err(path, &format!("apply migration {name}"), e));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        let conn = open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        // Opening again applies nothing twice.
        open(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let e = open(&path).err().unwrap().to_string();
        assert!(e.contains("schema version 99"), "{e}");
    }
}
