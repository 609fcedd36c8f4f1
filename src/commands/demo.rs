//! `hotline demo`: the pipeline on the bundled sample data — ingest, then
//! the weekly job ([`hotline::pipeline::week`]) with the analyses of the
//! last full month, detection on its last day and the briefing of the last
//! full week — and where every output is.

use std::io::Write;
use std::path::{Path, PathBuf};

use hotline::config::Config;
use hotline::engine::period::Period;
use hotline::engine::render::{self, Format};
use hotline::engine::{Engine, QueryResult};
use hotline::error::{Error, Result};
use hotline::ingest::{IngestOptions, ingest};
use hotline::pipeline::{self, WeekPlan};
use hotline::workflow::Workflow;

use super::ingest::write_ingest_report;
use super::{Bar, io, print_warnings};
use crate::cli::DemoArgs;

pub(super) async fn run(a: DemoArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let data = sample_dir(a.data)?;
    let dir = a.out.as_path();
    let mut exports: Vec<PathBuf> = std::fs::read_dir(&data)
        .map_err(|e| Error::read(&data, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("csv" | "xlsx" | "parquet" | "jsonl")
            ) && !p.to_string_lossy().ends_with(".truth.json")
        })
        .collect();
    exports.sort();
    let cfg_path = data.join("hotline.toml");
    let cfg = Config::load(cfg_path.is_file().then_some(cfg_path.as_path()))?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    let store = dir.join("store");
    let report = ingest(
        &store,
        &exports,
        &IngestOptions {
            config: cfg.clone(),
        },
        &Bar::new(),
    )?;
    for w in &report.warnings {
        writeln!(err, "warning: {w}").map_err(io)?;
    }
    write_ingest_report(&report, out).map_err(io)?;

    // The last full month of the data is the period of the analyses, and
    // early warning runs as of its last day.
    let engine = Engine::open(&store).await?;
    let last = engine
        .query("SELECT CAST(max(received_at) AS DATE) AS d FROM tickets")
        .await?;
    let period = last_full_month(&last)?;
    let as_of = period.end - chrono::Duration::days(1);
    let plan = WeekPlan::last_full_week(as_of, period.clone());
    let mut workflow = Workflow::open(&Workflow::default_path(&store))?;
    let w = pipeline::week(&engine, &plan, &cfg, dir, &mut workflow).await?;
    print_warnings(&w.warnings, err)?;

    writeln!(out).map_err(io)?;
    for t in &w.analyst.tables {
        if matches!(t.job.file.as_str(), "category_l1" | "ranking") {
            writeln!(out, "{} — {}:", t.job.title, period.label).map_err(io)?;
            render::write(&t.result, Format::Table, out)?;
        }
    }
    writeln!(out, "alerts as of {as_of}:").map_err(io)?;
    // One problem, one line: an emerging term about another alert's tickets
    // is listed under it, as the department's notice folds it.
    for (a, folded) in hotline::report::warnings::fold_by_department(&w.run.alerts) {
        writeln!(
            out,
            "  [{}] {} → {}",
            a.severity,
            a.title,
            a.department.as_deref().unwrap_or("-")
        )
        .map_err(io)?;
        if !folded.is_empty() {
            let titles: Vec<&str> = folded.iter().map(|f| f.title.as_str()).collect();
            writeln!(out, "      related: {}", titles.join("; ")).map_err(io)?;
        }
    }
    let briefing = &w.briefing;
    let lines = [
        format!("  store:     {}", store.display()),
        format!(
            "  analyses:  {} ({} tables as CSV and Parquet, {})",
            w.analyses_dir.display(),
            w.analyst.analyses.tables.len(),
            period.label
        ),
        format!("  workbook:  {}", w.analyst.analyses.workbook),
        format!(
            "  report:    {} (charts in {})",
            w.analyst.html.display(),
            w.analyses_dir.join("charts").display()
        ),
        format!(
            "  alerts:    {} ({} alerts)",
            w.alerts.display(),
            w.run.alerts.len()
        ),
        format!(
            "  notices:   {} ({} departments, Markdown, HTML and JSON)",
            w.notices_dir.display(),
            w.notices.len()
        ),
        format!(
            "  briefing:  {} ({}, {}; also {})",
            briefing.files[1].display(),
            briefing.briefing.issue,
            briefing.briefing.week,
            briefing
                .files
                .iter()
                .filter_map(|f| f.extension().and_then(|e| e.to_str()))
                .filter(|e| *e != "html")
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        format!(
            "  workflow:  {} ({} warnings raised; add users with `hotline users add`, then `hotline serve --store {}`)",
            workflow.path().display(),
            w.sync.raised,
            store.display()
        ),
        format!(
            "try:       hotline keywords --store {} --by district --period {}",
            store.display(),
            period.label
        ),
    ];
    writeln!(out, "\noutputs:").map_err(io)?;
    for l in lines {
        writeln!(out, "{l}").map_err(io)?;
    }
    Ok(())
}

/// The sample folder: the flag, else ./sample_data, else the one in the source tree.
fn sample_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(d) = flag {
        return Ok(d);
    }
    let here = PathBuf::from("sample_data");
    if here.is_dir() {
        return Ok(here);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    if built.is_dir() {
        return Ok(built);
    }
    Err(Error::Flag {
        flag: "--data".into(),
        message: "no sample_data folder here; run from the hotline checkout or pass --data DIR"
            .into(),
    })
}

/// The last whole month before the latest day in `r` (a one-cell date
/// result): the month itself when that day is its last.
fn last_full_month(r: &QueryResult) -> Result<Period> {
    use chrono::Datelike;
    use datafusion::arrow::array::{Array, AsArray};
    let day = r
        .batches
        .first()
        .filter(|b| b.num_rows() > 0 && !b.column(0).is_null(0))
        .map(|b| {
            let days = b
                .column(0)
                .as_primitive::<datafusion::arrow::datatypes::Date32Type>()
                .value(0);
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")
                + chrono::Duration::days(days as i64)
        })
        .ok_or_else(|| Error::store("demo", "the store has no tickets"))?;
    let next = day + chrono::Duration::days(1);
    let month = if next.month() != day.month() {
        day
    } else {
        day.with_day(1).expect("day 1") - chrono::Duration::days(1)
    };
    Period::parse(&month.format("%Y-%m").to_string(), day).map_err(|m| Error::store("demo", m))
}
