//! `hotline run`: the weekly job for the ISO week that holds a day
//! ([`hotline::pipeline::week`]), and where its outputs are.

use std::io::Write;

use hotline::engine::Engine;
use hotline::error::Result;
use hotline::pipeline::{self, WeekPlan};

use hotline::workflow::Workflow;

use super::{db_path, io, load_config, print_warnings, report::write_warnings_summary, write_sync};
use crate::cli::RunArgs;

pub(super) async fn run(a: RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let day = a.as_of.day();
    let engine = Engine::open(&a.store.store).await?;
    let mut workflow = Workflow::open(&db_path(&a.store.store, a.db.as_deref()))?;
    let w = pipeline::week(&engine, &WeekPlan::of_day(day), &cfg, &a.out, &mut workflow).await?;
    print_warnings(&w.warnings, err)?;
    writeln!(
        out,
        "weekly briefing {}: {}",
        w.briefing.briefing.issue,
        w.briefing
            .files
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
    .map_err(io)?;
    writeln!(
        out,
        "analyst report of {}: {} ({} tables, charts in {})",
        w.analyst.analyses.period,
        w.analyst.html.display(),
        w.analyst.analyses.tables.len(),
        w.analyses_dir.join("charts").display()
    )
    .map_err(io)?;
    writeln!(out, "workbook: {}", w.analyst.analyses.workbook).map_err(io)?;
    writeln!(
        out,
        "alerts as of {day}: {} ({} alerts)",
        w.alerts.display(),
        w.run.alerts.len()
    )
    .map_err(io)?;
    write_warnings_summary(&w.notices, &w.notices_dir, day, out)?;
    write_sync(&w.sync, workflow.path(), out)
}
