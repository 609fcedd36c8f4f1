//! The workbench under concurrency and faults (issue #24, item 7): two
//! people acting on one warning, a database another process holds locked,
//! an ingest or a detection run while the server is up (whole or killed),
//! a restart, and the SQL page's limits.

use axum::http::StatusCode;

use hotline::server::App;

use crate::serve::{Bench, bench, call, enc, first_warning_on, login, now};
use crate::util::*;

/// The first warning in `cookie`'s inbox.
fn first_warning(b: &Bench, cookie: &str) -> String {
    first_warning_on(&call(b, "GET", "/", Some(cookie), None).body)
}

/// The version a warning's page puts in its forms.
fn seen_on_page(body: &str) -> String {
    body.split("name=\"seen\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("forms carry the version they were drawn from")
        .to_string()
}

#[test]
fn two_people_acting_on_one_warning_get_a_conflict_not_a_lost_update() {
    let b = bench();
    // Two officers of one department open the same warning.
    let first = login(&b, "cg");
    let second = login(&b, "cg");
    let id = first_warning(&b, &first);
    let url = format!("/warnings/{id}");
    let seen_first = seen_on_page(&call(&b, "GET", &url, Some(&first), None).body);
    let seen_second = seen_on_page(&call(&b, "GET", &url, Some(&second), None).body);
    assert_eq!(seen_first, seen_second);

    // The first signs; the second's 退回, drawn before it, is refused and
    // says what happened in between.
    let r = call(
        &b,
        "POST",
        &format!("{url}/sign"),
        Some(&first),
        Some(&format!("seen={seen_first}")),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = call(
        &b,
        "POST",
        &format!("{url}/return"),
        Some(&second),
        Some(&format!("seen={seen_second}&text={}", enc("不属于本单位"))),
    );
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("changed since you loaded it"), "{}", r.body);
    assert!(r.body.contains("cg made it `sign`"), "{}", r.body);
    // The page it shows is the warning as it now stands.
    assert!(r.body.contains("已签收"), "{}", r.body);

    // The same through the API, with the version from GET.
    let token = b.app.workflow.lock().unwrap().new_token("cg").unwrap();
    let auth = format!("Bearer {token}");
    let got = call(&b, "GET", &format!("/api/alerts/{id}"), Some(&auth), None);
    let version: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    let version = version["version"]
        .as_i64()
        .expect("the API gives the version");
    let stale = version - 1;
    let r = call(
        &b,
        "POST",
        &format!("/api/alerts/{id}/close"),
        Some(&auth),
        Some(&format!(r#"{{"text":"已处理","seen":{stale}}}"#)),
    );
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = call(
        &b,
        "POST",
        &format!("/api/alerts/{id}/close"),
        Some(&auth),
        Some(&format!(r#"{{"text":"已处理","seen":{version}}}"#)),
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Exactly one close and no return in the trail: nothing was lost or doubled.
    let h = call(
        &b,
        "GET",
        &format!("/api/alerts/{id}/history"),
        Some(&auth),
        None,
    );
    assert_eq!(
        h.body.matches("\"action\":\"close\"").count(),
        1,
        "{}",
        h.body
    );
    assert_eq!(h.body.matches("\"action\":\"return\"").count(), 0);
}

#[test]
fn a_locked_database_is_a_clear_503_and_the_server_goes_on() {
    let b = bench();
    let cg = login(&b, "cg");
    let id = first_warning(&b, &cg);
    let db = b.app.workflow.lock().unwrap().path().to_path_buf();
    b.app
        .workflow
        .lock()
        .unwrap()
        .set_busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    // Another process (a sqlite3 shell, a backup) holds the write lock.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let r = call(
        &b,
        "POST",
        &format!("/warnings/{id}/sign"),
        Some(&cg),
        Some(""),
    );
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.retry_after.as_deref(), Some("5"));
    assert!(
        r.body.contains("is busy") && r.body.contains("try again"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("panicked") && !r.body.contains("src/"));
    // Reading goes on meanwhile (WAL), and the API says the same as JSON.
    assert_eq!(call(&b, "GET", "/", Some(&cg), None).status, StatusCode::OK);
    let token = b.app.workflow.lock().unwrap().new_token("cg");
    assert!(token.is_err(), "writing a token waits for the lock too");
    // Once the lock is let go, the same act goes through.
    holder.execute_batch("ROLLBACK").unwrap();
    let r = call(
        &b,
        "POST",
        &format!("/warnings/{id}/sign"),
        Some(&cg),
        Some(""),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// A one-ticket export in the sample's columns, with `words` in its text.
fn one_ticket(dir: &std::path::Path, id: &str, words: &str) -> std::path::PathBuf {
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_data/jiangcheng_12345_2024.csv"),
    )
    .unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
    cells[0] = id.into();
    cells[13] = format!("来电人称：{words}。");
    let path = dir.join(format!("{id}.csv"));
    std::fs::write(&path, format!("{header}\n{}\n", cells.join(","))).unwrap();
    path
}

#[test]
fn an_ingest_while_serving_is_seen_at_its_commit_and_a_crashed_one_never() {
    let b = bench();
    let ana = login(&b, "ana");
    let search = format!("/tickets?q={}", enc("鹦鹉螺号"));
    let count = || {
        call(&b, "GET", &search, Some(&ana), None)
            .body
            .matches("鹦鹉螺号")
            .count()
    };
    let before = count();
    let export = one_ticket(b._dir.path(), "29990101000001", "鹦鹉螺号游船码头栏杆松动");
    let ingest = |failpoint: Option<&str>| {
        let mut c = hotline();
        c.args([
            "ingest",
            export.to_str().unwrap(),
            "--store",
            b.app.store.to_str().unwrap(),
            "--config",
            concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data/hotline.toml"),
        ]);
        if let Some(f) = failpoint {
            c.env("HOTLINE_FAILPOINT", f);
        }
        c.output().unwrap()
    };
    // A writer killed before its commit point: the server sees none of it.
    let crashed = ingest(Some("before-manifest"));
    assert_eq!(crashed.status.code(), Some(86));
    assert_eq!(count(), before);
    // A whole ingest is seen by the next request, without a restart.
    let ok = ingest(None);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(count(), before + 1, "the new ticket is found");
}

#[test]
fn a_killed_detection_run_leaves_the_warnings_whole_and_a_restart_loses_nothing() {
    let b = bench();
    let db = b.app.workflow.lock().unwrap().path().to_path_buf();
    let centre = login(&b, "centre");
    let cg = login(&b, "cg");
    let id = first_warning(&b, &cg);
    let r = call(
        &b,
        "POST",
        &format!("/warnings/{id}/sign"),
        Some(&cg),
        Some(""),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = |b: &Bench| call(b, "GET", "/api/alerts", Some(&centre), None).body;
    let warnings_before = list(&b);

    // A detection run on a later day dies inside its update of the
    // workflow: none of its changes are seen, the server answers on.
    let detect = |failpoint: Option<&str>| {
        let mut c = hotline();
        c.args([
            "detect",
            "--store",
            b.app.store.to_str().unwrap(),
            "--config",
            concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data/hotline.toml"),
            "--as-of",
            "2024-06-20",
            "--db",
            db.to_str().unwrap(),
        ]);
        if let Some(f) = failpoint {
            c.env("HOTLINE_FAILPOINT", f);
        }
        c.output().unwrap()
    };
    let killed = detect(Some("sync"));
    assert_eq!(killed.status.code(), Some(86));
    assert_eq!(list(&b), warnings_before);
    // Run again, it commits whole.
    let ok = detect(None);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let after = list(&b);
    assert!(
        after.len() > warnings_before.len(),
        "the run's warnings are seen"
    );

    // A restart: a new server on the same store and database keeps the
    // warnings, their states and the signed-in sessions.
    let cfg = hotline::config::Config::load(Some(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_data/hotline.toml"
    ))))
    .unwrap();
    let mut app = block_on(App::open(&b.app.store, &db, cfg)).unwrap();
    app.now = now;
    let restarted = Bench {
        app: std::sync::Arc::new(app),
        _dir: tmp(),
    };
    assert_eq!(list(&restarted), after);
    let page = call(
        &restarted,
        "GET",
        &format!("/warnings/{id}"),
        Some(&cg),
        None,
    );
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("已签收"), "{}", page.body);
}

#[test]
fn the_sql_page_stops_at_its_row_and_time_limits() {
    let mut b = bench();
    let ana = login(&b, "ana");
    let sql = |b: &Bench, q: &str, csv: bool| {
        let mut url = format!("/sql?sql={}", enc(q));
        if csv {
            url.push_str("&format=csv");
        }
        call(b, "GET", &url, Some(&ana), None)
    };
    // 4,000 tickets: the page shows 500 and says there are more.
    let r = sql(
        &b,
        "SELECT ticket_id FROM tickets ORDER BY ticket_id",
        false,
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body.matches("<tr><td>").count(), 500);
    assert!(r.body.contains("20240301000001"));
    // The CSV holds them all, under its own limit.
    let r = sql(&b, "SELECT ticket_id FROM tickets ORDER BY ticket_id", true);
    assert_eq!(r.body.lines().count(), 4001);
    // A query past the time limit is stopped with a message saying so.
    std::sync::Arc::get_mut(&mut b.app).unwrap().sql_time_limit =
        std::time::Duration::from_millis(1);
    let r = sql(
        &b,
        "SELECT count(*) FROM tickets a, tickets b, tickets c WHERE a.content < b.content",
        false,
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("time limit"), "{}", r.body);
}
