//! Early warning (`hotline detect`: surges, class cases, repeat callers,
//! emerging terms, routing and the stored lifecycle) over a store of
//! generated tickets: time and peak memory, against plain DataFusion reading
//! what the detectors read (133 days of cell counts, 118 days of texts and
//! tokens: the class-case window and its history, 8 weeks of tokens) in the same run.
//!
//! `cargo bench --bench detect` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS`, `HOTLINE_BENCH_RUNS`. The store is
//! shared with the analyze bench (target/bench-data/analyze-store-N).

mod common;

use std::process::Command;

use common::{env_num, median};

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1);
    let bin = env!("CARGO_BIN_EXE_hotline");
    let store = common::store(tickets);
    let out = common::data_dir().join("detect-alerts.jsonl");
    let as_of = "2024-12-30";
    let (secs, peak, stdout) = common::hotline_runs(runs, || {
        let mut c = Command::new(bin);
        c.args(["detect", "--as-of", as_of, "--store"])
            .arg(&store)
            .arg("--out")
            .arg(&out);
        c
    });
    // The first line says how many alerts were written.
    let alerts = String::from_utf8_lossy(&stdout)
        .split_whitespace()
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);

    let files = common::parquet_files(&store.join("data"));
    let peer = common::plain_datafusion_runs(
        &files,
        &[
            "SELECT CAST(received_at AS DATE), category_l1, category_l2, district, count(*) FROM t \
             WHERE received_at >= '2024-08-20' GROUP BY 1, 2, 3, 4",
            "SELECT count(content), count(tokens), count(place), count(caller_key) FROM t \
             WHERE received_at >= '2024-09-04'",
            "SELECT count(tokens) FROM t WHERE received_at >= '2024-10-28'",
        ],
        runs,
    );
    let (h, p) = (median(secs.clone()), median(peer.clone()));
    println!(
        "early warning as of {as_of} over a store of {tickets} generated tickets, {runs} runs, median:"
    );
    println!(
        "  hotline detect (all detectors, {alerts} alerts):     {h:7.2} s  peak RSS {:.0} MB",
        peak as f64 / 1e6
    );
    println!("  DataFusion, reading what the detectors read: {p:7.2} s");
    println!("  ratio: {:.1}", h / p);
    println!("  runs (s): hotline {secs:.2?}, peer {peer:.2?}");
}
