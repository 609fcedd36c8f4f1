//! Ingest throughput and peak memory on a generated export, against
//! DataFusion's own CSV → Parquet copy of the same file in the same run.
//!
//! `cargo bench --bench ingest` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS` (e.g. 5000000), `HOTLINE_BENCH_RUNS`.
//! The export is generated once into target/bench-data/ and reused.
//!
//! hotline runs as a child process (the release binary), so its peak RSS is
//! measured exactly with wait4(2); the peer runs in this process.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use common::{env_num, median, run_measured};

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1);
    let root = common::data_dir();
    let export = common::export("ingest", tickets);
    let mb = std::fs::metadata(&export).unwrap().len() as f64 / 1e6;
    let store: PathBuf = root.join("bench-store");

    let mut secs = Vec::new();
    let mut peak = 0u64;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&store);
        let (s, rss, out) = run_measured(
            Command::new(env!("CARGO_BIN_EXE_hotline"))
                .args([
                    "ingest",
                    export.to_str().unwrap(),
                    "--store",
                    store.to_str().unwrap(),
                    "--json",
                ])
                .env("HOTLINE_CALLER_KEY", "bench"),
        );
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["loaded"].as_u64(), Some(tickets), "every row loaded");
        secs.push(s);
        peak = peak.max(rss);
    }

    // Peer: DataFusion reads the same CSV and writes it as zstd Parquet.
    let mut peer = Vec::new();
    let out = root.join("peer.parquet");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    for _ in 0..runs {
        let _ = std::fs::remove_file(&out);
        let start = Instant::now();
        rt.block_on(async {
            let ctx = datafusion::prelude::SessionContext::new();
            ctx.register_csv(
                "t",
                export.to_str().unwrap(),
                datafusion::prelude::CsvReadOptions::new(),
            )
            .await
            .unwrap();
            ctx.sql(&format!(
                "COPY t TO '{}' STORED AS PARQUET OPTIONS ('format.compression' 'zstd(1)')",
                out.display()
            ))
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        });
        peer.push(start.elapsed().as_secs_f64());
    }
    let (h, p) = (median(secs.clone()), median(peer.clone()));
    println!("ingest of {tickets} generated tickets ({mb:.0} MB CSV), {runs} runs, median:");
    println!(
        "  hotline ingest:            {h:7.2} s  {:>9.0} rows/s  {:6.1} MB/s  peak RSS {:.0} MB",
        tickets as f64 / h,
        mb / h,
        peak as f64 / 1e6
    );
    println!(
        "  DataFusion CSV→Parquet:    {p:7.2} s  {:>9.0} rows/s  {:6.1} MB/s",
        tickets as f64 / p,
        mb / p
    );
    println!("  ratio hotline / DataFusion copy: {:.2}", h / p);
    println!("  runs (s): hotline {secs:.2?}, peer {peer:.2?}");
    let _ = std::fs::remove_dir_all(&store);
    let _ = std::fs::remove_file(&out);
}
