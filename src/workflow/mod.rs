//! The loop after a warning (受理 → 派单 → 处置 → 督办 → 复盘): departments
//! receive, sign for, answer and close the warnings the detectors raise;
//! the centre assigns and reassigns them and presses on the overdue ones.
//!
//! The state lives in a real database, SQLite through rusqlite (bundled:
//! no system library), at `STORE/workflow.sqlite` by default, in WAL mode so
//! that a server's readers never wait for a detection run. The schema is
//! versioned in `migrations/` and applied in order ([`db`]). Everything that
//! touches the database is behind [`Workflow`], so that another database
//! can take its place later.
//!
//! - [`users`]: accounts with a role (centre, analyst, department),
//!   argon2id passwords, API tokens and sessions;
//! - [`warnings`]: the warnings, their states and the transitions each role
//!   may make, every one an append-only audit row; detection runs feed them
//!   through [`Workflow::sync`], so that a problem that comes back after it
//!   was closed reopens its warning (复发) instead of raising a new one;
//! - [`figures`]: the loop's figures of a period (签收率, 按期办结率 of
//!   warnings, 督办, 退回, 复发, 派单准确率) from the audit trail;
//! - [`webhooks`]: departments' systems told of their new and reopened
//!   warnings by signed HTTP POSTs, retried with backoff;
//! - [`review`]: 复盘, whether the problem went away after closing
//!   (有效 / 部分有效 / 无效), from the store's tickets.

pub mod db;
pub mod figures;
pub mod review;
pub mod users;
pub mod warnings;
pub mod webhooks;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::Result;

pub use users::{Role, User};
pub use warnings::{Act, Event, State, SyncReport, Warning};

/// File of the workflow database inside a store, by default.
pub const DB_FILE: &str = "workflow.sqlite";

/// The workflow database of one store.
pub struct Workflow {
    conn: Connection,
    path: PathBuf,
    /// argon2id memory (KiB) and passes for new passwords
    /// ([`users::MEMORY_KIB`], [`users::PASSES`]).
    password_cost: (u32, u32),
}

impl Workflow {
    /// The default database of `store`: `STORE/workflow.sqlite`.
    pub fn default_path(store: &Path) -> PathBuf {
        store.join(DB_FILE)
    }

    /// Opens (creating it when absent) the database at `path` and brings
    /// its schema up to date.
    pub fn open(path: &Path) -> Result<Workflow> {
        let conn = db::open(path)?;
        Ok(Workflow {
            conn,
            path: path.to_path_buf(),
            password_cost: (users::MEMORY_KIB, users::PASSES),
        })
    }

    /// Sets the argon2id cost of passwords set from now on (each hash
    /// records its own, so older ones still verify). Below the default only
    /// where the password guards nothing, as in tests of unoptimised builds.
    pub fn set_password_cost(&mut self, memory_kib: u32, passes: u32) {
        self.password_cost = (memory_kib.max(8), passes.max(1));
    }

    /// How long a statement waits for another process's lock before it
    /// fails with [`crate::Error::Busy`] ([`db::BUSY_TIMEOUT`] by default).
    pub fn set_busy_timeout(&mut self, wait: std::time::Duration) -> Result<()> {
        self.conn
            .busy_timeout(wait)
            .map_err(|e| db::err(&self.path, "set the busy timeout", e))
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
