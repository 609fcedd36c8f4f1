//! The manifest: the one file that says which data files make up the store.
//!
//! Readers use only the files it lists, so files written by an ingest that did
//! not commit are invisible. It is replaced atomically (write a temporary
//! file, fsync, rename over the old one, fsync the directory), which is the
//! commit point of an ingest.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// File name of the manifest inside the store.
pub const MANIFEST: &str = "manifest.json";

/// Current manifest format.
pub const FORMAT: u32 = 1;

/// The state of a store.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Format version of this file.
    pub format: u32,
    /// Number of the last commit (0 for an empty store).
    pub commit: u64,
    /// The data files, relative to the store root.
    pub files: Vec<DataFile>,
    /// Every export ingested, in order.
    pub ingests: Vec<IngestRecord>,
    /// Rejects files, relative to the store root.
    pub rejects: Vec<String>,
    /// Size and checksum of each rejects file, recorded at its commit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reject_sums: BTreeMap<String, FileSum>,
}

/// Size and checksum of a file as it was committed, so that a file deleted,
/// cut short or changed afterwards is found (`hotline store verify`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileSum {
    pub bytes: u64,
    /// xxh3-64 of the file's bytes, as 16 hex digits.
    #[serde(with = "hex_u64")]
    pub xxh3: u64,
}

impl FileSum {
    /// Size and checksum of the file at `path`.
    pub fn of(path: &Path) -> Result<FileSum> {
        use std::io::Read;
        let mut f = File::open(path).map_err(|e| Error::read(path, e))?;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut bytes = 0u64;
        loop {
            let n = f.read(&mut buf).map_err(|e| Error::read(path, e))?;
            if n == 0 {
                break;
            }
            bytes += n as u64;
            h.update(&buf[..n]);
        }
        Ok(FileSum {
            bytes,
            xxh3: h.digest(),
        })
    }
}

mod hex_u64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

/// One Parquet file of tickets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DataFile {
    pub path: String,
    pub rows: u64,
    /// The `YYYY-MM` partition of `received_at`.
    pub month: String,
    /// Size and checksum at commit (absent in stores written before they
    /// were recorded: `hotline store verify` records them).
    #[serde(default, flatten, skip_serializing_if = "Option::is_none")]
    pub sum: Option<FileSum>,
    /// The earliest commit whose rows the file may hold: its own for a new
    /// file, that of the file it rewrote for a rewritten one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_commit: Option<u64>,
}

impl DataFile {
    /// A file of `rows` tickets of `month`, holding rows of commits from
    /// `first_commit` on; its sum is recorded at commit.
    pub fn new(path: String, rows: u64, month: String, first_commit: u64) -> DataFile {
        DataFile {
            path,
            rows,
            month,
            sum: None,
            first_commit: Some(first_commit),
        }
    }

    /// The commit that wrote the file, from its name (`c000003-…`).
    pub fn written_by(&self) -> Option<u64> {
        let name = self.path.rsplit('/').next()?;
        name.strip_prefix('c')?.get(..6)?.parse().ok()
    }

    /// The earliest commit whose rows the file may hold.
    pub fn earliest_commit(&self) -> u64 {
        self.first_commit
            .or_else(|| {
                // Before first_commit was recorded, only a new file's is known.
                let name = self.path.rsplit('/').next()?;
                (!name.contains("-r")).then(|| self.written_by()).flatten()
            })
            .unwrap_or(1)
    }
}

/// What one ingested export contributed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IngestRecord {
    pub commit: u64,
    /// File name as given on the command line.
    pub file: String,
    /// xxh3-128 of the file's bytes: the same export is not ingested twice.
    pub fingerprint: String,
    /// Local time of the ingest, RFC 3339.
    pub at: String,
    pub preset: String,
    pub read: u64,
    pub loaded: u64,
    pub rejected: BTreeMap<String, u64>,
    pub replaced: u64,
    pub unchanged: u64,
}

impl Manifest {
    /// Reads the manifest of the store at `root`; an absent one is an empty store.
    pub fn load(root: &Path) -> Result<Manifest> {
        let path = root.join(MANIFEST);
        match std::fs::read_to_string(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest {
                format: FORMAT,
                ..Manifest::default()
            }),
            Err(e) => Err(Error::read(&path, e)),
            Ok(text) => {
                let m: Manifest = serde_json::from_str(&text).map_err(|e| {
                    Error::store(
                        root,
                        format!("{MANIFEST} is damaged ({e}); restore it from a backup"),
                    )
                })?;
                if m.format != FORMAT {
                    return Err(Error::store(
                        root,
                        format!(
                            "format {} is not supported by this hotline (expects {FORMAT}); upgrade hotline",
                            m.format
                        ),
                    ));
                }
                Ok(m)
            }
        }
    }

    /// Writes the manifest atomically: after this returns, the new state is
    /// durable; if the process dies before, the old state stands.
    pub fn store_atomically(&self, root: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("manifest serializes");
        super::write_atomically(&root.join(MANIFEST), text.as_bytes())
    }

    /// Whether an export with this fingerprint was already ingested.
    pub fn has_fingerprint(&self, fp: &str) -> Option<&IngestRecord> {
        self.ingests.iter().find(|r| r.fingerprint == fp)
    }

    /// Total stored tickets.
    pub fn rows(&self) -> u64 {
        self.files.iter().map(|f| f.rows).sum()
    }
}

/// fsyncs a directory so a rename in it is durable (a no-op where unsupported).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
