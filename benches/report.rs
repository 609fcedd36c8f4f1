//! The reports over a store of generated tickets: the analyst report of a
//! month (`hotline report analyst`: the 17 analyses, the HTML page, six
//! charts as SVG and PNG) against `hotline analyze` writing the same
//! analyses without the report, in the same run, so the ratio is what the
//! report adds; and the weekly briefing (`hotline report weekly`: detection
//! for the week's last day, six analyses, HTML, Markdown, DOCX, the chart).
//!
//! `cargo bench --bench report` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS`, `HOTLINE_BENCH_RUNS`. The store is
//! built once into target/bench-data/ and reused.

mod common;

use std::process::Command;

use common::{env_num, median};

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1);
    let root = common::data_dir();
    let bin = env!("CARGO_BIN_EXE_hotline");
    let store = common::store(tickets);
    let out = root.join("report-out");
    let timed = |args: &[&str]| {
        common::hotline_runs(runs, || {
            let _ = std::fs::remove_dir_all(&out);
            let mut c = Command::new(bin);
            c.args(args)
                .arg("--store")
                .arg(&store)
                .arg("--out")
                .arg(&out);
            c
        })
    };
    let (analyst, analyst_peak, _) = timed(&["report", "analyst", "--period", "2024-11"]);
    let pngs = std::fs::read_dir(out.join("charts"))
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
                .count()
        })
        .unwrap_or(0);
    let (analyze, analyze_peak, _) = timed(&["analyze", "--period", "2024-11"]);
    let (weekly, weekly_peak, _) = timed(&["report", "weekly", "--week", "2024-W48"]);
    let (a, z, w) = (
        median(analyst.clone()),
        median(analyze.clone()),
        median(weekly.clone()),
    );
    println!("reports over a store of {tickets} generated tickets, {runs} runs, median:");
    println!(
        "  hotline report analyst 2024-11 ({pngs} PNG charts): {a:7.2} s  peak RSS {:.0} MB",
        analyst_peak as f64 / 1e6
    );
    println!(
        "  hotline analyze 2024-11 (same tables, no report): {z:7.2} s  peak RSS {:.0} MB",
        analyze_peak as f64 / 1e6
    );
    println!("  ratio: {:.2}", a / z);
    println!(
        "  hotline report weekly 2024-W48 (with detection):  {w:7.2} s  peak RSS {:.0} MB",
        weekly_peak as f64 / 1e6
    );
    println!("  runs (s): analyst {analyst:.2?}, analyze {analyze:.2?}, weekly {weekly:.2?}");
    let _ = std::fs::remove_dir_all(&out);
}
