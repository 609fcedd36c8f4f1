//! Early warning (`hotline detect`: surges, class cases, repeat callers,
//! emerging terms, routing and the stored lifecycle) over a store of
//! generated tickets: time and peak memory, against plain DataFusion reading
//! what the detectors read (133 days of cell counts, 30 days of texts and
//! tokens, 8 weeks of tokens) in the same run.
//!
//! `cargo bench --bench detect` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS`, `HOTLINE_BENCH_RUNS`. The store is
//! shared with the analyze bench (target/bench-data/analyze-store-N).

mod common;

use std::process::Command;
use std::time::Instant;

use common::{env_num, median, run_measured};

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1);
    let bin = env!("CARGO_BIN_EXE_hotline");
    let store = common::store(tickets);
    let out = common::data_dir().join("detect-alerts.jsonl");
    let as_of = "2024-12-30";
    let mut secs = Vec::new();
    let mut peak = 0;
    let mut alerts = 0;
    for _ in 0..runs {
        let (s, rss, stdout) = run_measured(
            Command::new(bin)
                .args(["detect", "--as-of", as_of, "--store"])
                .arg(&store)
                .arg("--out")
                .arg(&out),
        );
        secs.push(s);
        peak = peak.max(rss);
        alerts = String::from_utf8_lossy(&stdout)
            .lines()
            .count()
            .saturating_sub(1);
    }

    let files = common::parquet_files(&store.join("data"));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut peer = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        rt.block_on(async {
            common::plain_datafusion(
                &files,
                "SELECT CAST(received_at AS DATE), category_l1, category_l2, district, count(*) FROM t \
                 WHERE received_at >= '2024-08-20' GROUP BY 1, 2, 3, 4",
            )
            .await;
            common::plain_datafusion(
                &files,
                "SELECT count(content), count(tokens), count(place), count(caller_key) FROM t \
                 WHERE received_at >= '2024-12-01'",
            )
            .await;
            common::plain_datafusion(
                &files,
                "SELECT count(tokens) FROM t WHERE received_at >= '2024-10-28'",
            )
            .await;
        });
        peer.push(start.elapsed().as_secs_f64());
    }
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
