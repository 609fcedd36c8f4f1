//! Every standard analysis (`hotline analyze`, 17 tables and the workbook)
//! over a store of generated tickets: time and peak memory, against plain
//! DataFusion scanning the same Parquet files once in the same run.
//!
//! `cargo bench --bench analyze` (defaults: 1M tickets, 3 runs).
//! Environment: `HOTLINE_BENCH_TICKETS` (e.g. 10000000), `HOTLINE_BENCH_RUNS`,
//! `HOTLINE_BENCH_CLUSTER=0` to leave out the cluster, `HOTLINE_BENCH_PERIOD`
//! (default 2024-11; `2024` for the whole generated year).
//!
//! The scale harness of the cluster (docs/cluster.md): the same analyses
//! are also run with `--cluster` on a loopback Ballista cluster started by
//! the bench (`hotline cluster scheduler` and two executors of one task
//! each, so the cluster has the machine's two cores, as the local run has),
//! alternating with the local runs, and their tables compared.
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
    let period = std::env::var("HOTLINE_BENCH_PERIOD").unwrap_or_else(|_| "2024-11".into());
    let analyze = |out: &std::path::Path, cluster: Option<&str>| {
        let _ = std::fs::remove_dir_all(out);
        let mut c = Command::new(bin);
        c.args(["analyze", "--period", &period, "--store"])
            .arg(&store)
            .arg("--out")
            .arg(out);
        if let Some(url) = cluster {
            c.args(["--cluster", url]);
        }
        c
    };
    let cluster = (env_num("HOTLINE_BENCH_CLUSTER", 1) == 1).then(|| Loopback::start(bin));
    let out_cluster = root.join("analyze-out-cluster");
    let (mut secs, mut peak) = (Vec::new(), 0);
    let mut cluster_secs = Vec::new();
    for _ in 0..runs {
        let (s, rss, _) = common::run_measured(&mut analyze(&out, None));
        secs.push(s);
        peak = peak.max(rss);
        if let Some(c) = &cluster {
            let (s, _, _) = common::run_measured(&mut analyze(&out_cluster, Some(&c.url)));
            cluster_secs.push(s);
        }
    }
    let same = cluster.as_ref().map(|_| same_tables(&out, &out_cluster));

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
        "all standard analyses of {period} over a store of {tickets} generated tickets, {runs} runs, median:"
    );
    println!(
        "  hotline analyze ({written} tables, CSV + Parquet + XLSX): {h:7.2} s  peak RSS {:.0} MB",
        peak as f64 / 1e6
    );
    if let Some(same) = same {
        println!(
            "  on a loopback cluster (scheduler + 2 executors × 1 task): {:7.2} s, {:.2} × local; tables the same as local: {same}",
            median(cluster_secs.clone()),
            median(cluster_secs.clone()) / h
        );
        println!("  cluster runs (s): {cluster_secs:.2?}");
    }
    println!("  DataFusion, one grouped scan of the store:         {p:7.2} s");
    println!("  ratio: {:.1}", h / p);
    println!("  runs (s): hotline {secs:.2?}, peer {peer:.2?}");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&out_cluster);
}

/// Whether every CSV table of `a` is byte for byte the one in `b`.
fn same_tables(a: &std::path::Path, b: &std::path::Path) -> bool {
    let Ok(entries) = std::fs::read_dir(a) else {
        return false;
    };
    entries.filter_map(|e| e.ok()).all(|e| {
        let p = e.path();
        p.extension().is_none_or(|x| x != "csv")
            || std::fs::read(&p).ok() == std::fs::read(b.join(e.file_name())).ok()
    })
}

/// A scheduler and two executors on loopback, stopped at drop.
struct Loopback {
    url: String,
    procs: Vec<std::process::Child>,
}

impl Loopback {
    fn start(bin: &str) -> Loopback {
        use std::net::{TcpListener, TcpStream};
        let ports: Vec<u16> = {
            let ls: Vec<TcpListener> = (0..5)
                .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
                .collect();
            ls.iter().map(|l| l.local_addr().unwrap().port()).collect()
        };
        let sched = format!("127.0.0.1:{}", ports[0]);
        let spawn = |args: &[&str]| {
            Command::new(bin)
                .args(args)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("hotline cluster starts")
        };
        let ready = |addr: &str| {
            let start = std::time::Instant::now();
            while TcpStream::connect(addr).is_err() {
                assert!(start.elapsed().as_secs() < 60, "{addr} never listened");
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        };
        let mut procs = vec![spawn(&["cluster", "scheduler", "--bind", &sched])];
        ready(&sched);
        for (flight, grpc) in [(ports[1], ports[2]), (ports[3], ports[4])] {
            let bind = format!("127.0.0.1:{flight}");
            procs.push(spawn(&[
                "cluster",
                "executor",
                "--scheduler",
                &sched,
                "--bind",
                &bind,
                "--grpc-port",
                &grpc.to_string(),
                "--concurrency",
                "1",
            ]));
            ready(&bind);
        }
        Loopback {
            url: format!("df://{sched}"),
            procs,
        }
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        for p in &mut self.procs {
            let _ = p.kill();
            let _ = p.wait();
        }
    }
}
