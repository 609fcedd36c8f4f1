//! Helpers shared by the benchmarks: settings from the environment, medians,
//! generated exports, and running the release binary with its peak memory.

#![allow(dead_code)] // each bench uses its own subset

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A number from the environment, or `default`.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The median of the runs.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// target/bench-data, created.
pub fn data_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&root).unwrap();
    root
}

/// A generated export of `tickets` tickets over 2024 (seed 42), made once.
pub fn export(name: &str, tickets: u64) -> PathBuf {
    let path = data_dir().join(format!("{name}-{tickets}.csv"));
    if !path.is_file() {
        eprintln!("generating {tickets} tickets into {} …", path.display());
        let spec = hotline::synth::GenSpec {
            tickets,
            days: 365,
            seed: 42,
            start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            xlsx: false,
            gbk: false,
            style: hotline::synth::Style::default(),
        };
        hotline::synth::generate(&spec, &path).unwrap();
    }
    path
}

/// Runs the command to its end; returns (seconds, peak RSS in bytes, stdout).
// The child is reaped with wait4(2) below, which also gives its peak RSS.
#[allow(clippy::zombie_processes)]
pub fn run_measured(cmd: &mut Command) -> (f64, u64, Vec<u8>) {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
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
        "hotline failed"
    );
    (
        start.elapsed().as_secs_f64(),
        usage.ru_maxrss as u64 * 1024,
        stdout,
    )
}

/// A store of the generated export of `tickets` tickets, ingested once into
/// target/bench-data/analyze-store-N (rebuilt when the export is newer).
pub fn store(tickets: u64) -> PathBuf {
    let export = export("ingest", tickets);
    let store = data_dir().join(format!("analyze-store-{tickets}"));
    let stale = !store.join("manifest.json").is_file()
        || std::fs::metadata(&export).unwrap().modified().unwrap()
            > std::fs::metadata(store.join("manifest.json"))
                .unwrap()
                .modified()
                .unwrap();
    if stale {
        let _ = std::fs::remove_dir_all(&store);
        eprintln!("ingesting into {} …", store.display());
        let (s, rss, _) = run_measured(
            Command::new(env!("CARGO_BIN_EXE_hotline"))
                .args(["ingest", export.to_str().unwrap(), "--store"])
                .arg(&store)
                .env("HOTLINE_CALLER_KEY", "bench"),
        );
        eprintln!("ingested in {s:.1} s, peak RSS {:.0} MB", rss as f64 / 1e6);
    }
    store
}

/// The Parquet files under `dir`, recursively.
pub fn parquet_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(parquet_files(&p));
        } else if p.extension().is_some_and(|e| e == "parquet") {
            out.push(p.display().to_string());
        }
    }
    out
}

/// The peer: plain DataFusion registers `files` as table `t` and runs each
/// of `sqls` to the end, `runs` times; the seconds of each run.
pub fn plain_datafusion_runs(files: &[String], sqls: &[&str], runs: u64) -> Vec<f64> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            rt.block_on(async {
                for sql in sqls {
                    let ctx = datafusion::prelude::SessionContext::new();
                    let df = ctx
                        .read_parquet(
                            files.to_vec(),
                            datafusion::prelude::ParquetReadOptions::default(),
                        )
                        .await
                        .unwrap();
                    ctx.register_table("t", df.into_view()).unwrap();
                    ctx.sql(sql).await.unwrap().collect().await.unwrap();
                }
            });
            start.elapsed().as_secs_f64()
        })
        .collect()
}

/// Runs the release binary `runs` times (the command from `make`, called
/// before each run); the seconds of each run, the largest peak RSS and the
/// last run's stdout.
pub fn hotline_runs(runs: u64, mut make: impl FnMut() -> Command) -> (Vec<f64>, u64, Vec<u8>) {
    let mut secs = Vec::new();
    let mut peak = 0;
    let mut stdout = Vec::new();
    for _ in 0..runs {
        let (s, rss, out) = run_measured(&mut make());
        secs.push(s);
        peak = peak.max(rss);
        stdout = out;
    }
    (secs, peak, stdout)
}
