//! The workbench under load (issue #24): `hotline serve` on a store of 1M
//! generated tickets, its warnings from real detection runs, and 50
//! concurrent sessions on loopback (a centre, analysts and department
//! officers) browsing and acting as people do: the dashboard, the warnings
//! list, a warning's page, now and then a ticket search, and an action
//! (a department's 答复, the centre's 督办). Each request's latency is
//! timed from the client; p50, p95, p99 and errors per route are printed.
//! The login page, which only renders a template, is the floor.
//!
//! People pause between pages: each session waits a think time drawn
//! evenly from 0 to twice `HOTLINE_BENCH_THINK_MS` (default 250 ms, far
//! quicker than a person reads a page) before each request, and the
//! sessions arrive over the first second. `HOTLINE_BENCH_THINK_MS=0` makes
//! it a stress test: every session fires its next request the moment the
//! last is answered.
//!
//! `cargo bench --bench serve` (defaults: 1M tickets, 50 sessions, 20
//! rounds each). Environment: `HOTLINE_BENCH_TICKETS`,
//! `HOTLINE_BENCH_SESSIONS`, `HOTLINE_BENCH_ROUNDS`, `HOTLINE_BENCH_THINK_MS`,
//! `HOTLINE_BENCH_RUNS` (default 3: each run starts a fresh server and
//! signs everyone in again; the table gives the median of the runs). The store is shared
//! with the analyze bench (target/bench-data/analyze-store-N); the
//! workflow database is made afresh in target/bench-data/serve/.
//! Exits non-zero when any request failed.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{env_num, median};

const PASSWORD: &str = "bench-password-1";

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 1_000_000);
    let sessions = env_num("HOTLINE_BENCH_SESSIONS", 50) as usize;
    let rounds = env_num("HOTLINE_BENCH_ROUNDS", 20) as usize;
    let think = env_num("HOTLINE_BENCH_THINK_MS", 250);
    let bin = env!("CARGO_BIN_EXE_hotline");
    let store = common::store(tickets);
    let dir = common::data_dir().join("serve");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("workflow.sqlite");

    // Warnings from real detection runs on four days of the last two
    // months; the weekly budget is lifted so that each raises all it finds.
    let config = dir.join("hotline.toml");
    std::fs::write(&config, "[detect]\nalert_budget_per_week = 1000\n").unwrap();
    let mut alerts: Vec<serde_json::Value> = Vec::new();
    for day in ["2024-11-04", "2024-11-25", "2024-12-09", "2024-12-30"] {
        let out = dir.join(format!("alerts-{day}.jsonl"));
        let detected = Command::new(bin)
            .args(["detect", "--as-of", day, "--store"])
            .arg(&store)
            .arg("--config")
            .arg(&config)
            .arg("--db")
            .arg(&db)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            detected.status.success(),
            "{}",
            String::from_utf8_lossy(&detected.stderr)
        );
        alerts.extend(
            std::fs::read_to_string(&out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()),
        );
    }
    let mut departments: Vec<String> = alerts
        .iter()
        .filter_map(|a| a["department"].as_str().map(str::to_string))
        .collect();
    departments.sort();
    departments.dedup();
    assert!(
        !departments.is_empty(),
        "the detection run routed no warning"
    );

    // Users: a centre, analysts, an officer of every department with warnings.
    let add = |name: &str, role: &str, dept: Option<&str>| {
        let mut c = Command::new(bin);
        c.args(["users", "add", name, "--role", role, "--db"])
            .arg(&db);
        if let Some(d) = dept {
            c.args(["--department", d]);
        }
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        assert!(child.wait().unwrap().success(), "users add {name}");
    };
    add("centre", "centre", None);
    add("analyst", "analyst", None);
    for (i, d) in departments.iter().enumerate() {
        add(&format!("dept{i}"), "department", Some(d));
    }

    let runs = env_num("HOTLINE_BENCH_RUNS", 3).max(1) as usize;
    println!(
        "workbench load: {tickets} tickets, {} alerts for {} departments, {sessions} sessions × {rounds} rounds, think time 0–{} ms, {runs} runs (a fresh server each)",
        alerts.len(),
        departments.len(),
        2 * think
    );
    // route → per run (latencies, errors)
    let mut by_route: BTreeMap<&'static str, Vec<(Vec<f64>, usize)>> = BTreeMap::new();
    let mut walls = Vec::new();
    for run in 0..runs {
        let mut server = Command::new(bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--store"])
            .arg(&store)
            .arg("--db")
            .arg(&db)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server says where it listens")
                .unwrap();
            if let Some(rest) = line.strip_prefix("hotline workbench on ") {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_string();
            }
        };
        let start = Instant::now();
        let threads: Vec<_> = (0..sessions)
            .map(|i| {
                let base = base.clone();
                let user = match i % 10 {
                    0 => "centre".to_string(),
                    1 => "analyst".to_string(),
                    _ => format!("dept{}", i % departments.len()),
                };
                let pause = Pause {
                    think_ms: think,
                    state: 0x9E37_79B9_7F4A_7C15 ^ (i + 1000 * run) as u64,
                };
                std::thread::spawn(move || {
                    // Sessions arrive over the first second.
                    if think > 0 {
                        std::thread::sleep(Duration::from_millis(20 * i as u64));
                    }
                    session(&base, &user, rounds, i + run, pause)
                })
            })
            .collect();
        let mut this: BTreeMap<&'static str, (Vec<f64>, usize)> = BTreeMap::new();
        for t in threads {
            for (route, ms, ok) in t.join().unwrap() {
                let e = this.entry(route).or_default();
                e.0.push(ms);
                e.1 += usize::from(!ok);
            }
        }
        walls.push(start.elapsed().as_secs_f64());
        let _ = server.kill();
        let _ = server.wait();
        for (route, r) in this {
            by_route.entry(route).or_default().push(r);
        }
    }

    let mut all_errors = 0;
    let mut total = 0;
    println!(
        "  {:<22} {:>6} {:>8} {:>8} {:>8} {:>8} {:>7}   p95 of each run",
        "route", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"
    );
    for (route, per_run) in by_route {
        let mut p = [Vec::new(), Vec::new(), Vec::new()];
        let mut max = 0f64;
        let mut errors = 0;
        let mut n = 0;
        for (mut ms, e) in per_run {
            ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
            let q = |x: f64| ms[((ms.len() as f64 - 1.0) * x).round() as usize];
            for (k, x) in [0.5, 0.95, 0.99].into_iter().enumerate() {
                p[k].push(q(x));
            }
            max = max.max(ms[ms.len() - 1]);
            errors += e;
            n += ms.len();
        }
        let each: Vec<String> = p[1].iter().map(|v| format!("{v:.0}")).collect();
        println!(
            "  {route:<22} {n:>6} {:>8.1} {:>8.1} {:>8.1} {max:>8.1} {errors:>7}   {}",
            median(p[0].clone()),
            median(p[1].clone()),
            median(p[2].clone()),
            each.join(" ")
        );
        all_errors += errors;
        total += n;
    }
    println!(
        "  (p50, p95, p99: the median of the runs; max: of all) {total} requests in {:.1} s of load, {all_errors} errors",
        walls.iter().sum::<f64>()
    );
    if all_errors > 0 {
        std::process::exit(1);
    }
}

/// One person's session: sign in, then `rounds` rounds of browsing and
/// acting. Each request as (route, milliseconds, answered as expected).
fn session(
    base: &str,
    user: &str,
    rounds: usize,
    seed: usize,
    mut pause: Pause,
) -> Vec<(&'static str, f64, bool)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .new_agent();
    let mut out = Vec::new();
    let get = |path: &str, cookie: &str| -> Result<(u16, String), ureq::Error> {
        let mut r = agent
            .get(format!("{base}{path}"))
            .header("Cookie", cookie)
            .call()?;
        let status = r.status().as_u16();
        Ok((status, r.body_mut().read_to_string()?))
    };

    timed(
        &mut out,
        user,
        "GET /login",
        &mut || get("/login", ""),
        &[200],
    );
    // Sign in through the form: 303 and the session cookie.
    let t = Instant::now();
    let login = agent
        .post(format!("{base}/login"))
        .send_form([("name", user), ("password", PASSWORD)]);
    let cookie = login
        .ok()
        .and_then(|r| {
            r.headers()
                .get("set-cookie")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .and_then(|c| c.split(';').next().map(str::to_string));
    out.push((
        "POST /login",
        t.elapsed().as_secs_f64() * 1e3,
        cookie.is_some(),
    ));
    let Some(cookie) = cookie else {
        return out;
    };
    let session = cookie.trim_start_matches("hotline_session=").to_string();
    let csrf = hotline::server::csrf_token(&session);
    let words = ["噪音", "停车", "漏水", "路灯", "物业"];

    for round in 0..rounds {
        pause.wait();
        timed(
            &mut out,
            user,
            "GET /dashboard",
            &mut || get("/dashboard", &cookie),
            &[200],
        );
        pause.wait();
        let list = timed(
            &mut out,
            user,
            "GET / (warnings)",
            &mut || get("/", &cookie),
            &[200],
        );
        let ids: Vec<&str> = list
            .split("href=\"/warnings/")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        let Some(id) = ids
            .get((seed + round) % ids.len().max(1))
            .map(|s| s.to_string())
        else {
            continue;
        };
        pause.wait();
        let page = timed(
            &mut out,
            user,
            "GET /warnings/{id}",
            &mut || get(&format!("/warnings/{id}"), &cookie),
            &[200],
        );
        // A ticket search now and then.
        if (seed + round).is_multiple_of(10) {
            let q = words[(seed + round) % words.len()];
            pause.wait();
            timed(
                &mut out,
                user,
                "GET /tickets?q=",
                &mut || get(&format!("/tickets?q={}", enc(q)), &cookie),
                &[200],
            );
        }
        // Act where the page offers it: a department answers, the centre presses.
        let action = ["reply", "press"]
            .into_iter()
            .find(|a| page.contains(&format!("/{a}\"")));
        if let Some(action) = action {
            let seen = page
                .split("name=\"seen\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let text = format!("第{round}轮处理进展");
            pause.wait();
            timed(
                &mut out,
                user,
                "POST act",
                &mut || {
                    let r = agent
                        .post(format!("{base}/warnings/{id}/{action}"))
                        .header("Cookie", &cookie)
                        .send_form([
                            ("csrf", csrf.as_str()),
                            ("text", text.as_str()),
                            ("seen", seen.as_str()),
                        ])?;
                    Ok((r.status().as_u16(), String::new()))
                },
                // Another session may have acted on it since this one
                // looked: 409 is the workbench doing its job, not a failure.
                &[303, 409],
            );
        }
    }
    out
}

/// A person's pause before a request: even on [0, 2 × think_ms] ms, from
/// a per-session xorshift generator (the same pauses every run).
struct Pause {
    think_ms: u64,
    state: u64,
}

impl Pause {
    fn wait(&mut self) {
        if self.think_ms == 0 {
            return;
        }
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        std::thread::sleep(Duration::from_millis(self.state % (2 * self.think_ms + 1)));
    }
}

type Outcome = Result<(u16, String), ureq::Error>;

/// Times one request, records it in `out`, and gives its body.
fn timed(
    out: &mut Vec<(&'static str, f64, bool)>,
    user: &str,
    route: &'static str,
    req: &mut dyn FnMut() -> Outcome,
    want: &[u16],
) -> String {
    let t = Instant::now();
    let r = req();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let (ok, body) = match r {
        Ok((status, body)) => (want.contains(&status), body),
        Err(e) => (false, e.to_string()),
    };
    if !ok {
        eprintln!(
            "{user} {route}: {}",
            body.chars().take(200).collect::<String>()
        );
    }
    out.push((route, ms, ok));
    body
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
