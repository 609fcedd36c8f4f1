//! Ingest throughput and peak memory on a generated export, against
//! DataFusion's own CSV → Parquet copy of the same file in the same run.
//!
//! `cargo bench --bench ingest` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS` (e.g. 5000000), `HOTLINE_BENCH_RUNS`.
//! The export is generated once into target/bench-data/ and reused.
//!
//! hotline runs as a child process (the release binary), so its peak RSS is
//! measured exactly with wait4(2); the peer runs in this process.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Runs the command, returns (seconds, peak RSS in bytes, stdout).
// The child is reaped with wait4(2) below, which also gives its peak RSS.
#[allow(clippy::zombie_processes)]
fn run_measured(cmd: &mut Command) -> (f64, u64, Vec<u8>) {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn hotline");
    let pid = child.id() as libc::pid_t;
    let mut stdout = Vec::new();
    {
        use std::io::Read;
        let mut out = child.stdout.expect("stdout");
        out.read_to_end(&mut stdout).expect("read stdout");
    }
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child; status and usage are valid out-pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "hotline ingest failed"
    );
    (
        start.elapsed().as_secs_f64(),
        usage.ru_maxrss as u64 * 1024,
        stdout,
    )
}

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&root).unwrap();
    let export = root.join(format!("ingest-{tickets}.csv"));
    if !export.is_file() {
        eprintln!("generating {tickets} tickets into {} …", export.display());
        let spec = hotline::synth::GenSpec {
            tickets,
            days: 365,
            seed: 42,
            start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            xlsx: false,
            gbk: false,
        };
        hotline::synth::generate(&spec, &export).unwrap();
    }
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
