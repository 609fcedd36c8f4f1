//! Checking a store against its manifest, and recovering from damage.
//!
//! A store is damaged when a file the manifest lists is gone, cut short or
//! changed after its commit (a disk fault, a copy interrupted, a hand
//! edit), or when a ticket id is live twice. [`verify`] finds every such
//! fault and says how to recover; [`check_sizes`] is the cheap part of it
//! that every command runs when it opens a store, so that a missing or
//! truncated file is named instead of surfacing as a query error.
//!
//! Recovery: restore the damaged files from a backup, or [`repair`] (drop
//! the damaged files and the record of the exports whose rows they may
//! hold, moving the files to `STORE/damaged/`), then ingest those exports
//! again in their original order, which brings back the latest version of
//! every ticket they held.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, AsArray};
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::Serialize;

use super::manifest::{FileSum, MANIFEST, Manifest};
use crate::error::{Error, Result};

/// The alert state, relative to the store root (written by the detectors'
/// lifecycle; checked here only for being readable JSON of its shape).
const ALERT_STATE: &str = "alerts/state.json";

/// One fault found in a store.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fault {
    /// The file at fault, relative to the store root.
    pub path: String,
    /// What is wrong with it.
    pub what: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Verification {
    pub store: String,
    pub commit: u64,
    pub data_files: usize,
    pub tickets: u64,
    pub rejects_files: usize,
    /// Alerts in the alert state, when there is one and it is readable.
    pub alerts: Option<usize>,
    pub faults: Vec<Fault>,
    /// Files whose size and checksum were not yet in the manifest and have
    /// now been recorded.
    pub recorded: usize,
    /// What to do about the faults, step by step.
    pub recovery: Vec<String>,
}

/// What [`repair`] did.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Repair {
    /// Files dropped from the manifest and moved to `STORE/damaged/`.
    pub dropped: Vec<String>,
    /// Tickets the dropped data files held, by the manifest.
    pub tickets_dropped: u64,
    /// The exports to ingest again, in this order.
    pub reingest: Vec<String>,
    /// The commit the repair made.
    pub commit: u64,
}

/// Fails when a file the manifest lists is missing or not the size
/// recorded at its commit; the message names it and says how to recover.
pub fn check_sizes(root: &Path, m: &Manifest) -> Result<()> {
    let listed = m
        .files
        .iter()
        .map(|f| (&f.path, f.sum))
        .chain(m.rejects.iter().map(|r| (r, m.reject_sums.get(r).copied())));
    for (rel, sum) in listed {
        let problem = match (std::fs::metadata(root.join(rel)), sum) {
            (Err(_), _) => Some("is missing".to_string()),
            (Ok(meta), Some(s)) if meta.len() != s.bytes => Some(size_change(meta.len(), s.bytes)),
            _ => None,
        };
        if let Some(p) = problem {
            return Err(Error::store(
                root,
                format!(
                    "{rel}, listed in {MANIFEST}, {p}; run `hotline store verify --store {}` to find every damaged file and how to recover",
                    root.display()
                ),
            ));
        }
    }
    Ok(())
}

fn size_change(now: u64, recorded: u64) -> String {
    if now < recorded {
        format!("is truncated: {now} bytes, {recorded} recorded at its commit")
    } else {
        format!("has grown: {now} bytes, {recorded} recorded at its commit")
    }
}

/// Checks every file the manifest lists (present, of the recorded size and
/// checksum, readable, with the recorded row count and the store's
/// columns), that no ticket id is live twice, and that the rejects and the
/// alert state are readable. With `record`, sizes and checksums missing from
/// the manifest (stores written before they were kept) are recorded for
/// the files that pass every other check.
pub fn verify(root: &Path, record: bool) -> Result<Verification> {
    if !root.join(MANIFEST).is_file() {
        return Err(Error::store(
            root,
            "no store here (manifest.json missing); create one with `hotline ingest EXPORT --store DIR`",
        ));
    }
    let m = Manifest::load(root)?;
    let mut v = Verification {
        store: root.display().to_string(),
        commit: m.commit,
        data_files: m.files.len(),
        tickets: m.rows(),
        rejects_files: m.rejects.len(),
        ..Verification::default()
    };
    let mut unrecorded: Vec<(String, FileSum)> = Vec::new();
    let mut readable: Vec<PathBuf> = Vec::new();
    for f in &m.files {
        let path = root.join(&f.path);
        let fault = check_file(&path, f.sum, &mut unrecorded, &f.path)
            .or_else(|| check_parquet(&path, f.rows));
        match fault {
            Some(what) => {
                unrecorded.retain(|(p, _)| p != &f.path);
                v.faults.push(Fault {
                    path: f.path.clone(),
                    what,
                });
            }
            None => readable.push(path),
        }
    }
    for r in &m.rejects {
        let path = root.join(r);
        let fault = check_file(&path, m.reject_sums.get(r).copied(), &mut unrecorded, r)
            .or_else(|| check_rejects(&path));
        if let Some(what) = fault {
            unrecorded.retain(|(p, _)| p != r);
            v.faults.push(Fault {
                path: r.clone(),
                what,
            });
        }
    }
    v.faults.extend(duplicate_ids(root, &readable));
    match check_alert_state(root) {
        Ok(n) => v.alerts = n,
        Err(what) => v.faults.push(Fault {
            path: ALERT_STATE.into(),
            what,
        }),
    }
    if record && !unrecorded.is_empty() {
        v.recorded = record_sums(root, &m, &unrecorded)?;
    }
    v.recovery = recovery(root, &m, &v.faults);
    Ok(v)
}

/// Presence, size and checksum of one listed file; a file without a
/// recorded sum has its sum noted in `unrecorded`.
fn check_file(
    path: &Path,
    recorded: Option<FileSum>,
    unrecorded: &mut Vec<(String, FileSum)>,
    rel: &str,
) -> Option<String> {
    if !path.is_file() {
        return Some("is missing".into());
    }
    let now = match FileSum::of(path) {
        Ok(s) => s,
        Err(e) => return Some(format!("cannot be read ({e})")),
    };
    match recorded {
        None => {
            unrecorded.push((rel.to_string(), now));
            None
        }
        Some(s) if s.bytes != now.bytes => Some(size_change(now.bytes, s.bytes)),
        Some(s) if s.xxh3 != now.xxh3 => {
            Some("has changed since its commit (the checksum differs from the one recorded)".into())
        }
        Some(_) => None,
    }
}

/// The file opens as Parquet with the store's columns and `rows` rows.
fn check_parquet(path: &Path, rows: u64) -> Option<String> {
    let file = File::open(path).ok()?;
    let builder = match ParquetRecordBatchReaderBuilder::try_new(file) {
        Ok(b) => b,
        Err(e) => return Some(format!("is not a readable Parquet file ({e})")),
    };
    let have = builder.metadata().file_metadata().num_rows() as u64;
    if have != rows {
        return Some(format!(
            "holds {have} rows, the manifest {rows}: it was replaced after its commit"
        ));
    }
    let schema = builder.schema().clone();
    for field in crate::schema::store_schema().fields() {
        match schema.field_with_name(field.name()) {
            // Files written before a column was added read it as empty.
            Err(_) if crate::schema::LATER_COLUMNS.contains(&field.name().as_str()) => {}
            Err(_) => return Some(format!("lacks the column {}", field.name())),
            Ok(f) if f.data_type() != field.data_type() => {
                return Some(format!(
                    "has column {} as {}, not {}",
                    field.name(),
                    f.data_type(),
                    field.data_type()
                ));
            }
            Ok(_) => {}
        }
    }
    // Reading every page finds damage inside the file that a checksum
    // recorded after the damage would not.
    let reader = match builder.with_batch_size(65_536).build() {
        Ok(r) => r,
        Err(e) => return Some(format!("cannot be read ({e})")),
    };
    for batch in reader {
        if let Err(e) = batch {
            return Some(format!("cannot be read ({e})"));
        }
    }
    None
}

/// The rejects file is a CSV file with its header.
fn check_rejects(path: &Path) -> Option<String> {
    let mut r = match csv::Reader::from_path(path) {
        Ok(r) => r,
        Err(e) => return Some(format!("cannot be read ({e})")),
    };
    match r.headers() {
        Ok(h)
            if h.iter()
                .eq(["source_file", "row", "reason", "detail", "raw"]) => {}
        _ => return Some("does not start with the rejects header".into()),
    }
    for rec in r.byte_records() {
        if let Err(e) = rec {
            return Some(format!("is not readable CSV ({e})"));
        }
    }
    None
}

/// Number of alerts in the alert state (None when there is none yet), or
/// what is wrong with it.
fn check_alert_state(root: &Path) -> std::result::Result<Option<usize>, String> {
    let path = root.join(ALERT_STATE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot be read ({e})"))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("is not valid JSON ({e})"))?;
    v.get("alerts")
        .and_then(|a| a.as_array())
        .map(|a| Some(a.len()))
        .ok_or_else(|| "holds no alert list".to_string())
}

/// Ticket ids live in more than one row of the readable data files.
fn duplicate_ids(root: &Path, files: &[PathBuf]) -> Vec<Fault> {
    use xxhash_rust::xxh3::xxh3_64;
    // One pass with 8-byte hashes; the rare repeated hash is checked with
    // the ids themselves in a second pass.
    let mut seen: HashSet<u64> = HashSet::new();
    let mut twice: HashSet<u64> = HashSet::new();
    for f in files {
        let _ = scan_ids(f, |id| {
            let h = xxh3_64(id.as_bytes());
            if !seen.insert(h) {
                twice.insert(h);
            }
        });
    }
    if twice.is_empty() {
        return Vec::new();
    }
    let mut holders: HashMap<String, Vec<String>> = HashMap::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .into_owned();
        let _ = scan_ids(f, |id| {
            if twice.contains(&xxh3_64(id.as_bytes())) {
                holders.entry(id.to_string()).or_default().push(rel.clone());
            }
        });
    }
    let mut by_file: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut dups: Vec<&String> = holders
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(id, files)| {
            for f in files {
                by_file.entry(f.clone()).or_default().insert(id.clone());
            }
            id
        })
        .collect();
    dups.sort();
    let mut faults: Vec<Fault> = by_file
        .into_iter()
        .map(|(path, ids)| Fault {
            what: format!(
                "holds {} ticket id(s) that are live in another row too (e.g. {}): the store was changed outside hotline",
                ids.len(),
                ids.iter().next().map(String::as_str).unwrap_or("")
            ),
            path,
        })
        .collect();
    faults.sort_by(|a, b| a.path.cmp(&b.path));
    faults
}

/// Calls `f` with every ticket id of a data file.
fn scan_ids(path: &Path, mut f: impl FnMut(&str)) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::read(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let idx = builder.schema().index_of("ticket_id")?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), [idx]);
    for batch in builder
        .with_projection(mask)
        .with_batch_size(65_536)
        .build()?
    {
        let batch = batch?;
        let ids = batch.column(0);
        let Some(ids) = ids.as_string_opt::<i32>() else {
            return Ok(());
        };
        for i in 0..ids.len() {
            if !ids.is_null(i) {
                f(ids.value(i));
            }
        }
    }
    Ok(())
}

/// Writes the sums of files that had none into the manifest, under the
/// store's lock; returns how many were recorded.
fn record_sums(root: &Path, seen: &Manifest, sums: &[(String, FileSum)]) -> Result<usize> {
    let _lock = super::lock_dir(root)?;
    let mut m = Manifest::load(root)?;
    if m.commit != seen.commit {
        // Another writer committed meanwhile: its files are verified next time.
        return Ok(0);
    }
    let mut n = 0;
    for (rel, sum) in sums {
        if let Some(f) = m.files.iter_mut().find(|f| &f.path == rel) {
            f.sum = Some(*sum);
            n += 1;
        } else if m.rejects.contains(rel) {
            m.reject_sums.insert(rel.clone(), *sum);
            n += 1;
        }
    }
    m.store_atomically(root)?;
    Ok(n)
}

/// The commit from which the exports must be ingested again to bring back
/// the rows of the damaged files (None when no data or rejects file is).
fn first_damaged_commit(m: &Manifest, faults: &[Fault]) -> Option<u64> {
    let damaged: HashSet<&str> = faults.iter().map(|f| f.path.as_str()).collect();
    let data = m
        .files
        .iter()
        .filter(|f| damaged.contains(f.path.as_str()))
        .map(|f| f.earliest_commit());
    let rejects = m
        .rejects
        .iter()
        .filter(|r| damaged.contains(r.as_str()))
        .filter_map(|r| {
            let name = r.rsplit('/').next()?;
            name.strip_prefix('c')?.get(..6)?.parse().ok()
        });
    data.chain(rejects).min()
}

/// The exports of commits from `from` on, in the order they were ingested.
fn exports_from(m: &Manifest, from: u64) -> Vec<String> {
    m.ingests
        .iter()
        .filter(|r| r.commit >= from)
        .map(|r| r.file.clone())
        .collect()
}

fn recovery(root: &Path, m: &Manifest, faults: &[Fault]) -> Vec<String> {
    let store = root.display();
    let mut steps = Vec::new();
    if let Some(from) = first_damaged_commit(m, faults) {
        let exports = exports_from(m, from);
        steps.push(format!(
            "restore the damaged files from a backup of {store} taken after commit {}, and run this check again; or",
            m.commit
        ));
        let commits = if from == m.commit {
            format!("commit {from}")
        } else {
            format!("commits {from}–{}", m.commit)
        };
        steps.push(format!(
            "run `hotline store verify --store {store} --repair`: it moves the damaged files to {store}/damaged/ and drops them, and the record of the exports of {commits}, from the store"
        ));
        if !exports.is_empty() {
            steps.push(format!(
                "then ingest those exports again, in this order: `hotline ingest {} --store {store}` (the latest version of each ticket comes back)",
                exports.join(" ")
            ));
        }
    }
    if faults
        .iter()
        .any(|f| f.what.contains("live in another row"))
    {
        steps.push(format!(
            "ticket ids live twice mean files were copied into {store} by hand: restore it from a backup, or ingest every export again, in order, into a new store"
        ));
    }
    if faults.iter().any(|f| f.path == ALERT_STATE) {
        steps.push(format!(
            "move {store}/{ALERT_STATE} away (keep it for the record): the next `hotline detect` or `hotline run` starts the alert lifecycle afresh"
        ));
    }
    steps
}

/// Drops the damaged data and rejects files that [`verify`] finds from the
/// store, with the record of the exports whose rows they may hold, so that
/// those exports can be ingested again; the files are moved to
/// `STORE/damaged/cNNNNNN/`. The store is locked while it does so.
pub fn repair(root: &Path) -> Result<Repair> {
    let found = verify(root, false)?;
    let _lock = super::lock_dir(root)?;
    let mut m = Manifest::load(root)?;
    if m.commit != found.commit {
        return Err(Error::store(
            root,
            "another hotline process committed while the store was checked; run the repair again",
        ));
    }
    let Some(from) = first_damaged_commit(&m, &found.faults) else {
        return Ok(Repair {
            commit: m.commit,
            ..Repair::default()
        });
    };
    let damaged: HashSet<String> = found.faults.iter().map(|f| f.path.clone()).collect();
    let commit = m.commit + 1;
    let mut out = Repair {
        reingest: exports_from(&m, from),
        commit,
        ..Repair::default()
    };
    let aside = root.join("damaged").join(format!("c{commit:06}"));
    let move_aside = |rel: &str| -> Result<()> {
        let from = root.join(rel);
        if from.is_file() {
            let to = aside.join(rel);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| Error::write(&to, e))?;
        }
        Ok(())
    };
    for f in m.files.iter().filter(|f| damaged.contains(&f.path)) {
        move_aside(&f.path)?;
        out.dropped.push(f.path.clone());
        out.tickets_dropped += f.rows;
    }
    for r in m.rejects.iter().filter(|r| damaged.contains(*r)) {
        move_aside(r)?;
        out.dropped.push(r.clone());
    }
    m.files.retain(|f| !damaged.contains(&f.path));
    m.rejects.retain(|r| !damaged.contains(r));
    m.reject_sums.retain(|r, _| !damaged.contains(r));
    m.ingests.retain(|r| r.commit < from);
    m.commit = commit;
    m.store_atomically(root)?;
    Ok(out)
}
