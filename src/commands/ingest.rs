//! `hotline ingest`: exports into a store, and the accounting of every row.

use std::io::Write;
use std::path::Path;

use hotline::error::{Error, Result};
use hotline::ingest::{IngestOptions, IngestReport, ingest};
use hotline::values::Encoding;

use super::{Bar, io, load_config, write_json};
use crate::cli::IngestArgs;

pub(super) fn run(a: IngestArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let mut cfg = load_config(&a.store)?;
    if let Some(p) = a.preset {
        cfg.ingest.preset = Some(p);
    }
    if let Some(e) = a.encoding {
        cfg.ingest.encoding = Encoding::parse(&e).map_err(|message| Error::Flag {
            flag: "--encoding".into(),
            message,
        })?;
    }
    if let Some(s) = a.sheet {
        cfg.ingest.sheet = Some(s);
    }
    let report = ingest(
        &a.store.store,
        &a.files,
        &IngestOptions { config: cfg },
        &Bar::new(),
    )?;
    for w in &report.warnings {
        writeln!(err, "warning: {w}").map_err(io)?;
    }
    if a.json {
        write_json(&report, out)
    } else {
        write_ingest_report(&report, out).map_err(io)
    }
}

/// The human-readable accounting of an ingest.
pub(super) fn write_ingest_report(r: &IngestReport, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &r.files {
        if f.status == "skipped" {
            writeln!(out, "{}: already ingested (same bytes), skipped", f.file)?;
            continue;
        }
        let enc = f
            .encoding
            .as_deref()
            .map(|e| format!(" {e}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}: {}{enc}, preset {}, header on row {}",
            f.file, f.format, f.preset, f.header_row
        )?;
        writeln!(
            out,
            "  read {}  loaded {}  rejected {}{}  replaced {}  unchanged {}",
            f.read,
            f.loaded,
            f.rejected_total(),
            reasons(&f.rejected),
            f.replaced,
            f.unchanged
        )?;
        for w in &f.warnings {
            writeln!(
                out,
                "  warning: column {} ({}): {} rows, first on row {} (\"{}\"): {}",
                w.column, w.header, w.rows, w.first_row, w.example, w.action
            )?;
        }
        if !f.unmapped_columns.is_empty() {
            let shown: Vec<String> = f
                .unmapped_columns
                .iter()
                .take(12)
                .map(|h| hotline::text::normalize::clean_text(h))
                .collect();
            let more = f.unmapped_columns.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" … (+{more} more)")
            } else {
                String::new()
            };
            writeln!(out, "  not mapped: {}{more}", shown.join(", "))?;
        }
    }
    let rejected: u64 = r.rejected.values().sum();
    writeln!(
        out,
        "total: read {}  loaded {}  rejected {}{}  replaced {}  unchanged {}",
        r.read,
        r.loaded,
        rejected,
        reasons(&r.rejected),
        r.replaced,
        r.unchanged
    )?;
    match r.commit {
        Some(c) => writeln!(
            out,
            "store {}: commit {c}, {} tickets",
            r.store, r.tickets_in_store
        )?,
        None => writeln!(
            out,
            "store {}: unchanged, {} tickets",
            r.store, r.tickets_in_store
        )?,
    }
    if let Some(rej) = &r.rejects_file {
        writeln!(
            out,
            "rejected rows with reasons: {}",
            Path::new(&r.store).join(rej).display()
        )?;
    }
    Ok(())
}

fn reasons(m: &std::collections::BTreeMap<String, u64>) -> String {
    if m.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
    format!(" ({})", parts.join(", "))
}
