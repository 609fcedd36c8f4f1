//! A Ballista cluster on loopback: `hotline cluster scheduler` and two
//! `hotline cluster executor`s, and every standard analysis run on it gives
//! exactly the tables a local run gives.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{hotline, sample_store, tmp};

/// Child processes killed when the test ends, however it ends.
struct Procs(Vec<Child>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// `n` ports free on loopback now (the OS hands out distinct ones).
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("a free port"))
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// Waits until something accepts connections at `addr`: the scheduler has
/// bound its port. A readiness wait, not a timing assert.
fn wait_listening(addr: SocketAddr, log: &Path) {
    let start = Instant::now();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "nothing listens at {addr} after 60 s; its log:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn spawn(args: &[&str], log: &Path) -> Child {
    let file = std::fs::File::create(log).unwrap();
    hotline()
        .args(args)
        .stdout(Stdio::null())
        .stderr(file)
        .spawn()
        .expect("hotline starts")
}

fn analyze(store: &Path, out: &Path, cluster: Option<&str>) {
    let mut c = hotline();
    c.arg("analyze")
        .arg("--store")
        .arg(store)
        .args(["--period", "all", "--out"])
        .arg(out);
    if let Some(url) = cluster {
        c.args(["--cluster", url]);
    }
    let o = c.output().unwrap();
    assert!(
        o.status.success(),
        "analyze {cluster:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_standard_analysis_on_a_loopback_cluster_gives_the_local_tables() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let p = free_ports(5);
    let scheduler = format!("127.0.0.1:{}", p[0]);
    let mut procs = Procs(Vec::new());
    let log = |name: &str| dir.path().join(format!("{name}.log"));
    procs.0.push(spawn(
        &["cluster", "scheduler", "--bind", &scheduler],
        &log("scheduler"),
    ));
    wait_listening(scheduler.parse().unwrap(), &log("scheduler"));
    let mut work = Vec::new();
    for (i, (flight, grpc)) in [(p[1], p[2]), (p[3], p[4])].into_iter().enumerate() {
        let w = dir.path().join(format!("executor{i}"));
        procs.0.push(spawn(
            &[
                "cluster",
                "executor",
                "--scheduler",
                &scheduler,
                "--bind",
                &format!("127.0.0.1:{flight}"),
                "--grpc-port",
                &grpc.to_string(),
                "--work-dir",
                w.to_str().unwrap(),
            ],
            &log(&format!("executor{i}")),
        ));
        wait_listening(
            format!("127.0.0.1:{flight}").parse().unwrap(),
            &log(&format!("executor{i}")),
        );
        work.push(w);
    }

    let url = format!("df://{scheduler}");
    let local = dir.path().join("local");
    let remote = dir.path().join("cluster");
    analyze(&store, &local, None);
    analyze(&store, &remote, Some(&url));

    let mut tables = 0;
    for entry in std::fs::read_dir(&local).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap();
            let there = std::fs::read_to_string(remote.join(name))
                .unwrap_or_else(|e| panic!("{name:?} missing from the cluster's run: {e}"));
            let here = std::fs::read_to_string(&path).unwrap();
            assert!(here.lines().count() > 1, "{name:?} is empty locally");
            assert_eq!(here, there, "{name:?} differs on the cluster");
            tables += 1;
        }
    }
    assert_eq!(tables, 17, "every standard table compared");

    // Both executors ran tasks: each wrote shuffle files of some job.
    for w in &work {
        let jobs = std::fs::read_dir(w).map(|d| d.count()).unwrap_or(0);
        assert!(
            jobs > 0,
            "executor with work dir {} ran no task",
            w.display()
        );
    }

    // A query typed by a user gives the same rows too.
    let sql =
        "SELECT district, count(*) AS n FROM tickets GROUP BY district ORDER BY n DESC, district";
    let run = |cluster: Option<&str>| {
        let mut c = hotline();
        c.args(["query", sql, "--format", "csv", "--store"])
            .arg(&store);
        if let Some(u) = cluster {
            c.args(["--cluster", u]);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(run(None), run(Some(&url)));
}

#[test]
fn a_cluster_nobody_runs_is_named_with_how_to_start_one() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let port = free_ports(1)[0];
    let o = hotline()
        .args(["query", "SELECT 1", "--store"])
        .arg(&store)
        .args(["--cluster", &format!("df://127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "--cluster: no scheduler answers at 127.0.0.1:{port}"
        )) && err.contains("hotline cluster scheduler --bind"),
        "{err}"
    );
    let o = hotline()
        .args(["query", "SELECT 1", "--store"])
        .arg(&store)
        .args(["--cluster", "http://127.0.0.1:50050"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("write df://HOST:PORT"),
    );
}
