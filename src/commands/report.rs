//! `hotline report weekly|analyst|warnings`. Reports read the alert
//! lifecycle (as it would stand on their day) but never write it.

use std::io::Write;
use std::path::Path;

use hotline::engine::Engine;
use hotline::engine::period::Period;
use hotline::error::{Error, Result};
use hotline::report::Written;

use super::{io, load_config, period_flag, print_warnings};
use crate::cli::{AnalystArgs, WarningsArgs, WeeklyArgs};

pub(super) async fn weekly(a: WeeklyArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let today = chrono::Local::now().date_naive();
    let week = &a.week;
    let period = Period::parse(week, today)
        .ok()
        .filter(|p| p.label.contains("-W"))
        .ok_or_else(|| Error::Flag {
            flag: "--week".into(),
            message: format!(
                "\"{week}\" is not a week; write an ISO week such as 2024-W21, or this-week / last-week"
            ),
        })?;
    let last_day = period.end - chrono::Duration::days(1);
    let engine = Engine::open(&a.store.store).await?;
    let run = hotline::detect::view(&engine, last_day, &cfg).await?;
    let written = hotline::report::write_weekly(
        &engine,
        &period,
        &cfg,
        &run.alerts,
        &a.out,
        existing_workflow(&a.store.store)?.as_ref(),
    )
    .await?;
    print_warnings(&written.warnings, err)?;
    let b = &written.briefing;
    writeln!(
        out,
        "weekly briefing {} ({}): {} tickets",
        b.issue, b.week, b.total
    )
    .map_err(io)?;
    for f in &written.files {
        writeln!(out, "  {}", f.display()).map_err(io)?;
    }
    Ok(())
}

pub(super) async fn analyst(
    a: AnalystArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let period = period_flag(&a.period, a.as_of.day())?;
    let engine = super::open_engine(&a.store, &a.cluster).await?;
    let w = hotline::report::write_analyst(&engine, &period, &cfg, &a.out).await?;
    print_warnings(&w.warnings, err)?;
    writeln!(
        out,
        "analyst report of {} ({} to {}): {} tickets",
        w.analyst.period, w.analyst.start, w.analyst.end, w.analyst.total
    )
    .map_err(io)?;
    writeln!(out, "  {}", w.html.display()).map_err(io)?;
    writeln!(out, "  {}", w.analyses.workbook).map_err(io)?;
    for c in &w.charts {
        writeln!(out, "  {}", c.svg.display()).map_err(io)?;
        if let Some(p) = &c.png {
            writeln!(out, "  {}", p.display()).map_err(io)?;
        }
    }
    writeln!(
        out,
        "  {} tables as CSV and Parquet in {}",
        w.analyses.tables.len(),
        a.out.display()
    )
    .map_err(io)
}

pub(super) async fn warnings(
    a: WarningsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let day = a.as_of.day();
    let engine = Engine::open(&a.store.store).await?;
    let run = hotline::detect::view(&engine, day, &cfg).await?;
    let (written, warnings) = hotline::report::write_warnings(
        &engine,
        &run.alerts,
        day,
        &cfg,
        &a.out,
        existing_workflow(&a.store.store)?.as_ref(),
    )
    .await?;
    print_warnings(&warnings, err)?;
    write_warnings_summary(&written, &a.out, day, out)
}

/// The store's workflow database, when there is one: reports read it (a
/// report creates none).
fn existing_workflow(store: &Path) -> Result<Option<hotline::workflow::Workflow>> {
    let path = hotline::workflow::Workflow::default_path(store);
    if path.is_file() {
        hotline::workflow::Workflow::open(&path).map(Some)
    } else {
        Ok(None)
    }
}

/// The notices written, one line per department.
pub(super) fn write_warnings_summary(
    written: &[Written],
    dir: &Path,
    day: chrono::NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(
        out,
        "{} warning notices as of {day} in {}:",
        written.len(),
        dir.display()
    )
    .map_err(io)?;
    for w in written {
        let names: Vec<String> = w
            .files
            .iter()
            .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        writeln!(
            out,
            "  {} ({} alerts): {}",
            w.department,
            w.alerts,
            names.join(", ")
        )
        .map_err(io)?;
    }
    Ok(())
}
