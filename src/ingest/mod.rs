//! Ingest: exports in, committed store out.
//!
//! For each file: detect the format and encoding, find and map the header,
//! then stream rows in batches through the converter (in parallel with
//! rayon, while a reader thread reads ahead) into month partitions of the
//! staging area. Rejected rows go to the rejects file. After the last file,
//! versions are reconciled (latest wins: a later row of the same ticket id,
//! in a later file or later in the same file, replaces the earlier one; an
//! identical re-export is left as it was) and everything is committed at
//! once. An export whose bytes were ingested before is skipped.

pub mod batch;
pub mod convert;
pub mod csv;
pub mod department;
pub mod excel;
pub mod jsonl;
pub mod mapping;
pub mod parquet;
pub mod presets;
pub mod rejects;
pub mod source;
pub mod span;
pub mod versions;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use datafusion::arrow::array::{Array, StringArray, UInt64Array};
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{CALLER_KEY_ENV, Config};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::schema::Canon;
use crate::store::Txn;
use crate::store::manifest::{DataFile, IngestRecord};
use crate::store::writer::{PartitionWriter, StagedFile, rewrite_without};
use crate::text::Analyzer;
use convert::{Converter, FieldWarning, Ticket};
use source::{Format, RawRow, ReadOptions, Reader};

/// The reader of a format.
pub fn reader(format: Format) -> Box<dyn Reader> {
    match format {
        Format::Csv => Box::new(csv::CsvReader { delimiter: None }),
        Format::Tsv => Box::new(csv::CsvReader {
            delimiter: Some(b'\t'),
        }),
        Format::Excel => Box::new(excel::ExcelReader),
        Format::Parquet => Box::new(parquet::ParquetReader),
        Format::JsonLines => Box::new(jsonl::JsonLinesReader),
    }
}

/// The key used when none is configured; the report warns about it.
const FALLBACK_CALLER_KEY: &[u8] = b"hotline-default-caller-key; set HOTLINE_CALLER_KEY";

/// Options of one ingest, beyond the config file.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub config: Config,
}

/// A column whose values could not all be used as written.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ColumnWarning {
    /// Canonical column.
    pub column: String,
    /// Header in the export.
    pub header: String,
    pub rows: u64,
    pub first_row: u64,
    pub example: String,
    /// What was stored and how to fix it.
    pub action: String,
}

/// What happened to one export.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct FileReport {
    pub file: String,
    /// `loaded`, or `skipped` when the same bytes were ingested before.
    pub status: String,
    pub format: String,
    pub encoding: Option<String>,
    pub preset: String,
    pub header_row: u64,
    /// Data rows read (rows after the header).
    pub read: u64,
    /// Rows accepted (including replaced and unchanged ones).
    pub loaded: u64,
    /// Rows rejected, by reason.
    pub rejected: BTreeMap<String, u64>,
    /// Loaded rows that replaced an older version of their ticket.
    pub replaced: u64,
    /// Loaded rows identical to a version already stored (nothing written).
    pub unchanged: u64,
    pub warnings: Vec<ColumnWarning>,
    /// Headers of the export that map to no canonical column.
    pub unmapped_columns: Vec<String>,
}

impl FileReport {
    /// Total rejected rows.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct IngestReport {
    pub store: String,
    /// The commit made, or None when nothing changed.
    pub commit: Option<u64>,
    pub files: Vec<FileReport>,
    pub read: u64,
    pub loaded: u64,
    pub rejected: BTreeMap<String, u64>,
    pub replaced: u64,
    pub unchanged: u64,
    /// Tickets in the store after the ingest.
    pub tickets_in_store: u64,
    /// The rejects file of this commit, relative to the store.
    pub rejects_file: Option<String>,
    /// Warnings that concern the whole run (e.g. no caller key).
    pub warnings: Vec<String>,
    /// Where the time went (seconds), to find the slow phase without a
    /// profiler.
    pub timings: Timings,
}

/// Seconds spent in each phase of an ingest. `read` runs on its own thread
/// beside the others (decoding and splitting rows, the reader's busy
/// time); `wait` is the time the main loop waited for it, so that a reader
/// that cannot keep up shows. On the main thread, one after another:
/// `learn` (the place names of a batch, serial) and `convert` (values,
/// masking, segmentation, places: parallel over the batch). `write` (Arrow
/// batches and Parquet) is the busy time of a writer thread beside them,
/// and `write_wait` the time the main thread waited for it to take a
/// batch. Then, after the files are read: `versions` (latest version wins,
/// rewriting superseded rows) and `commit` (the manifest, atomically).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timings {
    pub read: f64,
    pub wait: f64,
    pub learn: f64,
    pub convert: f64,
    pub write: f64,
    pub write_wait: f64,
    pub versions: f64,
    pub commit: f64,
    pub total: f64,
}

/// Ingests `files` into the store at `store`, committing once at the end.
pub fn ingest(
    store: &Path,
    files: &[PathBuf],
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    // Dictionaries load before the store is locked: a bad user dictionary
    // is reported without touching anything.
    let text = Analyzer::new(&opts.config.text)?;
    ingest_with(store, files, opts, text, progress)
}

/// [`ingest`] with a text stage already built from `opts.config.text`
/// (a clone of one, for many ingests in one process); it learns the
/// exports' names and places.
pub fn ingest_with(
    store: &Path,
    files: &[PathBuf],
    opts: &IngestOptions,
    mut text: Analyzer,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    let started = std::time::Instant::now();
    let cfg = &opts.config;
    let mut report = IngestReport {
        store: store.display().to_string(),
        ..IngestReport::default()
    };
    let key = match cfg.caller_key() {
        Some(k) => k.into_bytes(),
        None => {
            report.warnings.push(format!(
                "no caller key is set, so caller_key is hashed with hotline's public default key and could be reversed by trying every phone number; set {CALLER_KEY_ENV} or [privacy] caller_key in hotline.toml to a long random secret (and keep it: changing it changes every caller_key)"
            ));
            FALLBACK_CALLER_KEY.to_vec()
        }
    };
    // Refuse unreadable inputs before touching the store.
    for f in files {
        if !f.is_file() {
            return Err(Error::read(
                f,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            ));
        }
    }

    let txn = Txn::begin(store)?;
    let mut writer = PartitionWriter::new(txn.staging(), txn.commit);
    let mut rejects = rejects::RejectsWriter::new(txn.staging(), txn.commit);
    let mut index = versions::StagedIndex::default();
    let mut records: Vec<IngestRecord> = Vec::new();
    let mut seen_fp: Vec<String> = Vec::new();

    for path in files {
        let fp = fingerprint(path)?;
        let mut fr = FileReport {
            file: path.display().to_string(),
            ..FileReport::default()
        };
        if txn.base.has_fingerprint(&fp).is_some() || seen_fp.contains(&fp) {
            fr.status = "skipped".into();
            report.files.push(fr);
            continue;
        }
        seen_fp.push(fp.clone());
        fr.status = "loaded".into();
        let report_idx = report.files.len() as u32;
        let mut ctx = FileCtx {
            fr: &mut fr,
            writer: &mut writer,
            rejects: &mut rejects,
            index: &mut index,
            text: &mut text,
            report_idx,
            timings: &mut report.timings,
        };
        ingest_file(path, cfg, &key, &mut ctx, progress)?;
        records.push(IngestRecord {
            commit: txn.commit,
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            fingerprint: fp,
            at: chrono::Local::now().to_rfc3339(),
            preset: fr.preset.clone(),
            read: fr.read,
            loaded: fr.loaded,
            rejected: fr.rejected.clone(),
            replaced: 0,
            unchanged: 0,
        });
        report.files.push(fr);
    }

    if records.is_empty() {
        // Every file was ingested before: nothing to commit.
        drop(writer);
        report.tickets_in_store = txn.base.rows();
        summarize(&mut report);
        report.timings.total = started.elapsed().as_secs_f64();
        return Ok(report);
    }

    let t = std::time::Instant::now();
    let staged = writer.finish()?;
    report.timings.write += t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    // Latest version wins: first among the rows of this ingest, then against
    // the committed files.
    let mut counts = vec![versions::Counts::default(); report.files.len()];
    let mut drops: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let resolved = index.resolve(&mut drops, &mut counts);
    let mut old_drops: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    if !resolved.is_empty() {
        for (fi, df) in txn.base.files.iter().enumerate() {
            scan_ids(&txn.root().join(&df.path), |row, id, hash| {
                if let Some(s) = versions::find(&resolved, id) {
                    let c = &mut counts[s.report as usize];
                    if s.hash == hash {
                        drops.entry(s.file).or_default().push(s.row);
                        c.unchanged += 1;
                    } else {
                        old_drops.entry(fi).or_default().push(row);
                        c.replaced += 1;
                    }
                }
            })?;
        }
    }
    drop(resolved);
    for (fr, c) in report.files.iter_mut().zip(&counts) {
        fr.replaced = c.replaced;
        fr.unchanged = c.unchanged;
    }

    let mut next = txn.base.clone();
    next.commit = txn.commit;
    let mut moved: Vec<String> = Vec::new();
    let mut seq = 0usize;
    let mut rewritten_name = |month: &str| {
        seq += 1;
        format!("data/month={month}/c{:06}-r{seq:05}.parquet", txn.commit)
    };
    // Rewrite committed files that held superseded versions.
    let mut gone: Vec<usize> = Vec::new();
    for (fi, mut rows) in old_drops {
        rows.sort_unstable();
        let df = &txn.base.files[fi];
        let rel = rewritten_name(&df.month);
        let kept = rewrite_without(&txn.root().join(&df.path), &txn.staging().join(&rel), &rows)?;
        gone.push(fi);
        if kept > 0 {
            next.files.push(DataFile::new(
                rel.clone(),
                kept,
                df.month.clone(),
                df.earliest_commit(),
            ));
            moved.push(rel);
        } else {
            let _ = std::fs::remove_file(txn.staging().join(&rel));
        }
    }
    next.files = next
        .files
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !gone.contains(i))
        .map(|(_, f)| f)
        .collect();
    // Staged files, without rows superseded within this ingest or unchanged.
    for (i, sf) in staged.iter().enumerate() {
        let StagedFile { rel, month, rows } = sf;
        match drops.get_mut(&(i as u32)) {
            None => {
                next.files
                    .push(DataFile::new(rel.clone(), *rows, month.clone(), txn.commit));
                moved.push(rel.clone());
            }
            Some(d) => {
                d.sort_unstable();
                let new_rel = rewritten_name(month);
                let src = txn.staging().join(rel);
                let kept = rewrite_without(&src, &txn.staging().join(&new_rel), d)?;
                let _ = std::fs::remove_file(&src);
                if kept > 0 {
                    next.files.push(DataFile::new(
                        new_rel.clone(),
                        kept,
                        month.clone(),
                        txn.commit,
                    ));
                    moved.push(new_rel);
                } else {
                    let _ = std::fs::remove_file(txn.staging().join(&new_rel));
                }
            }
        }
    }
    next.files
        .sort_by(|a, b| a.month.cmp(&b.month).then(a.path.cmp(&b.path)));
    if let Some(rel) = rejects.finish()? {
        next.rejects.push(rel.clone());
        moved.push(rel.clone());
        report.rejects_file = Some(rel);
    }
    let loaded_reports: Vec<&FileReport> = report
        .files
        .iter()
        .filter(|f| f.status == "loaded")
        .collect();
    for (rec, fr) in records.iter_mut().zip(loaded_reports) {
        rec.replaced = fr.replaced;
        rec.unchanged = fr.unchanged;
    }
    next.ingests.extend(records);
    report.tickets_in_store = next.rows();
    report.commit = Some(txn.commit);
    report.timings.versions = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    txn.commit(next, &moved)?;
    report.timings.commit = t.elapsed().as_secs_f64();
    summarize(&mut report);
    report.timings.total = started.elapsed().as_secs_f64();
    Ok(report)
}

fn summarize(report: &mut IngestReport) {
    for f in &report.files {
        report.read += f.read;
        report.loaded += f.loaded;
        report.replaced += f.replaced;
        report.unchanged += f.unchanged;
        for (k, v) in &f.rejected {
            *report.rejected.entry(k.clone()).or_default() += v;
        }
    }
}

struct FileCtx<'a> {
    fr: &'a mut FileReport,
    writer: &'a mut PartitionWriter,
    rejects: &'a mut rejects::RejectsWriter,
    index: &'a mut versions::StagedIndex,
    text: &'a mut Analyzer,
    report_idx: u32,
    timings: &'a mut Timings,
}

fn ingest_file(
    path: &Path,
    cfg: &Config,
    key: &[u8],
    ctx: &mut FileCtx<'_>,
    progress: &dyn Progress,
) -> Result<()> {
    let format = Format::detect(path)?;
    let opts = ReadOptions {
        encoding: cfg.ingest.encoding,
        sheet: cfg.ingest.sheet.clone(),
    };
    let mut src = reader(format).open(path, &opts)?;
    ctx.fr.format = format!("{format:?}").to_lowercase();
    ctx.fr.encoding = src.encoding.map(String::from);

    // The header is among the first rows.
    let mut head: Vec<RawRow> = Vec::new();
    for r in src.rows.by_ref().take(mapping::HEADER_SEARCH_ROWS) {
        head.push(r?);
    }
    let (map, hi) = mapping::detect(path, &head, cfg.ingest.preset.as_deref(), &cfg.columns)?;
    ctx.fr.preset = map.preset.clone();
    ctx.fr.header_row = map.header_row;
    ctx.fr.unmapped_columns = map.unmapped();
    let private: Vec<usize> = [Canon::CallerPhone, Canon::CallerId, Canon::CallerName]
        .into_iter()
        .filter_map(|f| map.get(f))
        .collect();
    let id_col = map.get(Canon::TicketId);
    let width = map.headers.len();
    let conv = Converter::new(map, cfg, key);
    let source_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let batch_rows = cfg.ingest.batch_rows;
    let rest: Vec<RawRow> = head.split_off(hi + 1);
    let bytes_read = src.bytes_read.clone();
    progress.begin(&source_name, src.total_bytes);
    let mut warn_acc: BTreeMap<(Canon, bool), (u64, u64, String)> = BTreeMap::new();
    let mut months = span::Months::default();

    // Three stages run at once: a reader thread decodes and splits rows;
    // this thread learns place names and converts a batch (in parallel
    // over the batch); a writer thread turns the previous batch into Arrow
    // and Parquet. The channels hold one batch each, so memory stays two
    // batches deep whatever the file's size.
    let writer = &mut *ctx.writer;
    let index = &mut *ctx.index;
    let report_idx = ctx.report_idx;
    let (read_secs, (write_secs, write_result)) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<RawRow>>>(1);
        let rows = src.rows;
        let reader = scope.spawn(move || -> f64 {
            // Busy time: the time to produce rows, not the time blocked on a
            // full channel.
            let mut busy = 0.0;
            let mut t = std::time::Instant::now();
            let mut chunk = rest;
            for r in rows {
                match r {
                    Ok(r) => chunk.push(r),
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return busy + t.elapsed().as_secs_f64();
                    }
                }
                if chunk.len() >= batch_rows {
                    busy += t.elapsed().as_secs_f64();
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(batch_rows));
                    if tx.send(Ok(full)).is_err() {
                        return busy;
                    }
                    t = std::time::Instant::now();
                }
            }
            busy += t.elapsed().as_secs_f64();
            if !chunk.is_empty() {
                let _ = tx.send(Ok(chunk));
            }
            busy
        });
        let (wtx, wrx) = std::sync::mpsc::sync_channel::<Vec<Ticket>>(1);
        let source = source_name.as_str();
        let months = &mut months;
        let write = scope.spawn(move || -> (f64, Result<()>) {
            let mut busy = 0.0;
            for tickets in wrx {
                let t = std::time::Instant::now();
                let done = write_batch(&tickets, source, report_idx, writer, index, months);
                busy += t.elapsed().as_secs_f64();
                if done.is_err() {
                    // Dropping the receiver stops the loop below.
                    return (busy, done);
                }
            }
            (busy, Ok(()))
        });
        let converted = (|| -> Result<()> {
            let mut waited = std::time::Instant::now();
            for chunk in rx {
                ctx.timings.wait += waited.elapsed().as_secs_f64();
                let chunk = chunk?;
                let t = std::time::Instant::now();
                let places = conv.learn(&chunk, ctx.text);
                ctx.timings.learn += t.elapsed().as_secs_f64();
                let t = std::time::Instant::now();
                let text: &Analyzer = ctx.text;
                let outcomes: Vec<_> = chunk
                    .par_iter()
                    .zip(places.par_iter())
                    .map(|(r, p)| conv.convert_with(r, text, Some(p.as_deref())))
                    .collect();
                drop(chunk);
                ctx.timings.convert += t.elapsed().as_secs_f64();
                let mut tickets = Vec::with_capacity(outcomes.len());
                for (res, warns) in outcomes {
                    ctx.fr.read += 1;
                    match res {
                        Ok(t) => tickets.push(t),
                        Err(rej) => {
                            *ctx.fr
                                .rejected
                                .entry(rej.reason.as_str().to_string())
                                .or_default() += 1;
                            ctx.rejects
                                .write(&source_name, &rej, &private, id_col, width)?;
                        }
                    }
                    for w in &warns {
                        accumulate(&mut warn_acc, w);
                    }
                }
                ctx.fr.loaded += tickets.len() as u64;
                if !tickets.is_empty() {
                    let t = std::time::Instant::now();
                    let sent = wtx.send(tickets);
                    ctx.timings.write_wait += t.elapsed().as_secs_f64();
                    if sent.is_err() {
                        // The writer stopped on an error: it says which.
                        break;
                    }
                }
                progress.update(bytes_read.load(Ordering::Relaxed));
                waited = std::time::Instant::now();
            }
            Ok(())
        })();
        drop(wtx);
        // A thread that panicked would have lost rows without a word: it
        // is an error, and the store is left as it was.
        let stopped = |which: &str| Error::Input {
            what: path.display().to_string(),
            message: format!(
                "the ingest's {which} thread stopped unexpectedly (a bug: please report it with the export's format); the store is unchanged"
            ),
        };
        let written = write
            .join()
            .unwrap_or_else(|_| (0.0, Err(stopped("writer"))));
        let (read, read_ok) = match reader.join() {
            Ok(secs) => (secs, Ok(())),
            Err(_) => (0.0, Err(stopped("reader"))),
        };
        (
            read,
            match (converted.and(read_ok), written) {
                (Err(e), (secs, _)) => (secs, Err(e)),
                (Ok(()), w) => w,
            },
        )
    });
    write_result?;
    ctx.timings.write += write_secs;
    ctx.timings.read += read_secs;
    progress.end();
    let headers = &conv.mapping().headers;
    ctx.fr.warnings = warn_acc
        .into_iter()
        .map(
            |((field, kept), (rows, first_row, example))| ColumnWarning {
                column: field.name().to_string(),
                header: conv
                    .mapping()
                    .get(field)
                    .and_then(|i| headers.get(i))
                    .cloned()
                    .unwrap_or_default(),
                rows,
                first_row,
                example,
                action: if kept && field == Canon::Department {
                    "look like a person's name, not an office; stored as written: \
                     map them to the office under [departments.aliases] in hotline.toml"
                        .to_string()
                } else if kept {
                    format!(
                        "stored as written; map such values under [vocab.{}] in hotline.toml",
                        field.name()
                    )
                } else {
                    "could not be parsed; stored empty".to_string()
                },
            },
        )
        .collect();
    if let Some(o) = months.outliers() {
        ctx.fr.warnings.push(ColumnWarning {
            column: Canon::ReceivedAt.name().to_string(),
            header: conv
                .mapping()
                .get(Canon::ReceivedAt)
                .and_then(|i| headers.get(i))
                .cloned()
                .unwrap_or_default(),
            rows: o.rows,
            first_row: o.first_row,
            example: o.example,
            action: format!(
                "received more than {} months outside the file's other tickets ({} … {}); \
                 stored as parsed: check the date in the export",
                span::MARGIN_MONTHS,
                o.from,
                o.to
            ),
        });
    }
    Ok(())
}

/// Writes one batch of converted tickets to the store's staged Parquet
/// files and indexes their positions for the latest-version check.
fn write_batch(
    tickets: &[Ticket],
    source: &str,
    report: u32,
    writer: &mut PartitionWriter,
    index: &mut versions::StagedIndex,
    months: &mut span::Months,
) -> Result<()> {
    for t in tickets {
        months.add(t.received_at, t.source_row as u64);
    }
    let refs: Vec<&Ticket> = tickets.iter().collect();
    let batch = batch::to_batch(&refs, source)?;
    let positions = writer.write(&batch)?;
    for (t, (file, row)) in tickets.iter().zip(positions) {
        index.push(versions::Staged {
            key: versions::key(&t.ticket_id),
            hash: t.row_hash,
            file,
            row,
            report,
        });
    }
    Ok(())
}

fn accumulate(acc: &mut BTreeMap<(Canon, bool), (u64, u64, String)>, w: &FieldWarning) {
    let e = acc.entry((w.field, w.kept)).or_insert_with(|| {
        let example = crate::text::mask::mask_any(&w.value, &[]);
        (0, w.row, example.chars().take(60).collect())
    });
    e.0 += 1;
}

/// xxh3-128 of a file's bytes, as hex.
pub fn fingerprint(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| Error::read(path, e))?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::read(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}

/// Calls `f(row, ticket_id, row_hash)` for every row of a data file.
fn scan_ids(path: &Path, mut f: impl FnMut(u32, &str, u64)) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::read(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    let schema = builder.parquet_schema();
    let id_idx = builder.schema().index_of("ticket_id")?;
    let hash_idx = builder.schema().index_of(crate::schema::ROW_HASH)?;
    let mask = ProjectionMask::roots(schema, [id_idx, hash_idx]);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(65_536)
        .build()?;
    let mut row = 0u32;
    for batch in reader {
        let batch = batch?;
        let ids = batch
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| {
                Error::store(
                    path,
                    "ticket_id is not text; the file was not written by hotline",
                )
            })?;
        let hashes = batch
            .column(1)
            .as_any()
            .downcast_ref::<UInt64Array>()
            .ok_or_else(|| {
                Error::store(
                    path,
                    "_row_hash is not UInt64; the file was not written by hotline",
                )
            })?;
        for i in 0..ids.len() {
            f(row, ids.value(i), hashes.value(i));
            row += 1;
        }
    }
    Ok(())
}
