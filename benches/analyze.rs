//! Every standard analysis (`hotline analyze`, 17 tables and the workbook)
//! over a store of generated tickets: time and peak memory, against plain
//! DataFusion scanning the same Parquet files once in the same run.
//!
//! `cargo bench --bench analyze` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS` (e.g. 10000000), `HOTLINE_BENCH_RUNS`.
//! The export and the store are built once into target/bench-data/ and
//! reused (the store is rebuilt when the export is newer).
//!
//! The period analysed is the last full month of the generated year, so the
//! 环比 and KPI look-back read real data; the whole store is scanned by
//! top_terms (document frequencies) and by the 同比/环比 filters.

mod common;

use std::process::Command;

use common::{env_num, median};

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1);
    let root = common::data_dir();
    let bin = env!("CARGO_BIN_EXE_hotline");
    let store = common::store(tickets);
    let out = root.join("analyze-out");
    let (secs, peak, _) = common::hotline_runs(runs, || {
        let _ = std::fs::remove_dir_all(&out);
        let mut c = Command::new(bin);
        c.args(["analyze", "--period", "2024-11", "--store"])
            .arg(&store)
            .arg("--out")
            .arg(&out);
        c
    });

    // The tables the last run wrote (one CSV each).
    let written = std::fs::read_dir(&out).map_or(0, |d| {
        d.filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
            .count()
    });

    // Peer: plain DataFusion reading the same files once, grouping on the
    // columns the analyses use most.
    let files = common::parquet_files(&store.join("data"));
    let peer = common::plain_datafusion_runs(
        &files,
        &[
            "SELECT category_l1, district, count(*), count(closed_at), count(satisfaction) FROM t GROUP BY 1, 2",
        ],
        runs,
    );
    let (h, p) = (median(secs.clone()), median(peer.clone()));
    println!(
        "all standard analyses of 2024-11 over a store of {tickets} generated tickets, {runs} runs, median:"
    );
    println!(
        "  hotline analyze ({written} tables, CSV + Parquet + XLSX): {h:7.2} s  peak RSS {:.0} MB",
        peak as f64 / 1e6
    );
    println!("  DataFusion, one grouped scan of the store:         {p:7.2} s");
    println!("  ratio: {:.1}", h / p);
    println!("  runs (s): hotline {secs:.2?}, peer {peer:.2?}");
    let _ = std::fs::remove_dir_all(&out);
}
