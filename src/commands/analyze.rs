//! `hotline analyze`: every standard analysis of a period as files.

use std::io::Write;

use hotline::error::Result;

use super::{io, load_config, period_flag, print_warnings, write_json};
use crate::cli::AnalyzeArgs;

pub(super) async fn run(a: AnalyzeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let period = period_flag(&a.period, a.as_of.day())?;
    let engine = super::open_engine(&a.store, &a.cluster).await?;
    let report = hotline::analyze::analyze(&engine, &period, &cfg, &a.out).await?;
    print_warnings(&report.warnings, err)?;
    if a.json {
        return write_json(&report, out);
    }
    writeln!(
        out,
        "analyses of {} ({} to {}):",
        report.period, report.start, report.end
    )
    .map_err(io)?;
    for t in &report.tables {
        writeln!(out, "  {:<20} {:>6} rows  {}", t.name, t.rows, t.title).map_err(io)?;
    }
    writeln!(out, "CSV and Parquet in {}", a.out.display()).map_err(io)?;
    writeln!(out, "workbook: {}", report.workbook).map_err(io)?;
    Ok(())
}
