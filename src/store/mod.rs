//! The store: a partitioned Parquet dataset plus a manifest.
//!
//! ```text
//! STORE/
//!   manifest.json                     the commit point: lists the live files
//!   data/month=2024-05/c000003-00000.parquet
//!   rejects/c000003.csv               rows that could not be loaded, with reasons
//!   _staging/                         work area of an ingest in progress
//!   .lock                             held while an ingest writes
//! ```
//!
//! Invariants: every ticket id appears in exactly one row of the live files
//! (its latest version), and the live files are exactly those the manifest
//! lists. An ingest writes new files to staging, moves them in place, then
//! swaps the manifest; a crash at any point leaves the old or the new state,
//! and the next writer removes the leftovers. Replacing a ticket rewrites the
//! files that held its older version (copy-on-write), so readers never need
//! to de-duplicate.

pub mod manifest;
pub mod terms;
pub mod writer;

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
pub mod verify;

pub use manifest::{DataFile, FileSum, IngestRecord, Manifest};

/// Environment variable naming a point at which a writer stops dead, for
/// crash tests: `staged` or `before-manifest` in an ingest, `sync` in a
/// detection run's update of the workflow database.
pub const FAILPOINT_ENV: &str = "HOTLINE_FAILPOINT";

/// A store opened for reading.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    manifest: Manifest,
}

impl Store {
    /// Opens an existing store. A listed file that is missing or whose size
    /// is not the one recorded at its commit is an error that names it and
    /// says how to recover (see [`verify`]).
    pub fn open(root: &Path) -> Result<Store> {
        if !root.join(manifest::MANIFEST).is_file() {
            return Err(Error::store(
                root,
                "no store here (manifest.json missing); create one with `hotline ingest EXPORT --store DIR`",
            ));
        }
        let manifest = Manifest::load(root)?;
        verify::check_sizes(root, &manifest)?;
        Ok(Store {
            root: root.to_path_buf(),
            manifest,
        })
    }

    /// The store's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest as read at open.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Absolute paths of the live data files.
    pub fn data_paths(&self) -> Vec<PathBuf> {
        self.manifest
            .files
            .iter()
            .map(|f| self.root.join(&f.path))
            .collect()
    }

    /// Absolute paths of the rejects files.
    pub fn reject_paths(&self) -> Vec<PathBuf> {
        self.manifest
            .rejects
            .iter()
            .map(|f| self.root.join(f))
            .collect()
    }
}

/// A write transaction: holds the store's lock from `begin` to `commit`.
pub struct Txn {
    root: PathBuf,
    _lock: File,
    /// The state the transaction started from.
    pub base: Manifest,
    /// The number this commit will get.
    pub commit: u64,
    staging: PathBuf,
}

impl Txn {
    /// Locks the store (creating it if needed), cleans up after any crashed
    /// writer and prepares a staging folder.
    pub fn begin(root: &Path) -> Result<Txn> {
        let lock = lock_dir(root)?;
        let base = Manifest::load(root)?;
        verify::check_sizes(root, &base)?;
        collect_garbage(root, &base)?;
        let commit = base.commit + 1;
        let staging = root.join("_staging").join(format!("c{commit:06}"));
        std::fs::create_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
        Ok(Txn {
            root: root.to_path_buf(),
            _lock: lock,
            base,
            commit,
            staging,
        })
    }

    /// The store root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The staging folder; files are staged at the relative path they will
    /// have in the store.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Moves the staged files (relative paths) into the store, then publishes
    /// `next` as the new manifest and deletes the files it no longer lists.
    /// The size and checksum of every staged file are recorded in `next`.
    pub fn commit(self, mut next: Manifest, staged: &[String]) -> Result<()> {
        for rel in staged {
            let sum = FileSum::of(&self.staging.join(rel))?;
            if let Some(f) = next.files.iter_mut().find(|f| &f.path == rel) {
                f.sum = Some(sum);
            } else if next.rejects.contains(rel) {
                next.reject_sums.insert(rel.clone(), sum);
            }
        }
        let listed = next.rejects.clone();
        next.reject_sums.retain(|k, _| listed.contains(k));
        failpoint("staged");
        for rel in staged {
            let from = self.staging.join(rel);
            let to = self.root.join(rel);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| Error::write(&to, e))?;
        }
        for rel in staged {
            if let Some(dir) = self.root.join(rel).parent() {
                manifest::sync_dir(dir);
            }
        }
        failpoint("before-manifest");
        next.store_atomically(&self.root)?;
        // Past the commit point: what follows is clean-up, redone by the next
        // writer if it does not finish.
        let _ = collect_garbage(&self.root, &next);
        Ok(())
    }
}

/// Stops the process dead at `name` when [`FAILPOINT_ENV`] names it.
pub(crate) fn failpoint(name: &str) {
    if std::env::var(FAILPOINT_ENV).as_deref() == Ok(name) {
        // Simulate a crash: no destructors, no clean-up.
        std::process::exit(86);
    }
}

/// Removes staging folders and data or rejects files the manifest does not list.
/// Creates `dir` if needed and takes the exclusive lock of its `.lock`
/// file; held until the returned file is dropped. A second writer gets
/// [`Error::Locked`] instead of waiting.
pub fn lock_dir(dir: &Path) -> Result<File> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let lock_path = dir.join(".lock");
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::write(&lock_path, e))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
            path: dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::write(&lock_path, e)),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced,
/// renamed over it, the folder synced. After this returns the new content
/// is durable; if the process dies before, the old content stands.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = dir.join(tmp_name);
    let mut f = File::create(&tmp).map_err(|e| Error::write(&tmp, e))?;
    f.write_all(bytes).map_err(|e| Error::write(&tmp, e))?;
    f.sync_all().map_err(|e| Error::write(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| Error::write(path, e))?;
    manifest::sync_dir(dir);
    Ok(())
}

fn collect_garbage(root: &Path, m: &Manifest) -> Result<()> {
    let staging = root.join("_staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
    }
    let live: std::collections::HashSet<PathBuf> = m
        .files
        .iter()
        .map(|f| root.join(&f.path))
        .chain(m.rejects.iter().map(|r| root.join(r)))
        .collect();
    for sub in ["data", "rejects"] {
        remove_unlisted(&root.join(sub), &live)?;
    }
    Ok(())
}

fn remove_unlisted(dir: &Path, live: &std::collections::HashSet<PathBuf>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_unlisted(&path, live)?;
            // Empty partition folders go too.
            let _ = std::fs::remove_dir(&path);
        } else if !live.contains(&path) {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "parquet" || ext == "csv" {
                std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
            }
        }
    }
    Ok(())
}
