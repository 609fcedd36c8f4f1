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
