//! The command line as a user runs it.

use crate::util::*;

#[test]
fn ingest_json_accounting_and_query_formats() {
    let dir = tmp();
    let csv = gen_export(dir.path(), "e.csv", 250, 15, 4, false, false);
    let store = dir.path().join("store");
    let out = hotline()
        .args([
            "ingest",
            csv.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["read"], 250);
    assert_eq!(v["loaded"], 250);
    assert_eq!(v["tickets_in_store"], 250);
    // Where the time went: every phase, none longer than the whole (the
    // reader runs beside the others, so it is bounded by the total alone).
    let t = &v["timings"];
    let total = t["total"].as_f64().unwrap();
    let serial: f64 = ["wait", "learn", "convert", "write", "versions", "commit"]
        .iter()
        .map(|k| t[k].as_f64().unwrap_or_else(|| panic!("timings.{k}: {t}")))
        .inspect(|x| assert!(*x >= 0.0))
        .sum();
    assert!(total > 0.0 && serial <= total, "{t}");
    assert!(t["read"].as_f64().unwrap() <= total, "{t}");
    // No caller-key warning: the key is set in the environment.
    assert!(!String::from_utf8_lossy(&out.stderr).contains("caller key"));

    let out = hotline()
        .args([
            "query",
            "SELECT count(*) AS n FROM tickets",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[{\"n\":250}]");

    let sql = dir.path().join("q.sql");
    std::fs::write(&sql, "-- count\nSELECT count(*) AS n FROM tickets").unwrap();
    let out = hotline()
        .args([
            "query",
            sql.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "n\n250\n");
}

#[test]
fn user_sql_cannot_write() {
    let dir = tmp();
    let csv = gen_export(dir.path(), "e.csv", 50, 5, 4, false, false);
    let store = dir.path().join("store");
    assert!(
        hotline()
            .args([
                "ingest",
                csv.to_str().unwrap(),
                "--store",
                store.to_str().unwrap()
            ])
            .output()
            .unwrap()
            .status
            .success()
    );
    for sql in [
        "CREATE TABLE x AS SELECT * FROM tickets",
        "INSERT INTO tickets VALUES (1)",
        "COPY tickets TO '/tmp/x.csv'",
        "DROP VIEW tickets",
        "EXPLAIN COPY tickets TO '/tmp/x.csv'",
        "EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1",
    ] {
        let out = hotline()
            .args(["query", sql, "--store", store.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{sql}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("read-only"), "{sql}: {err}");
    }
    // The plan of a query, and its run with each operator's rows and time.
    for (sql, shows) in [
        ("EXPLAIN SELECT count(*) FROM tickets", "physical_plan"),
        (
            "EXPLAIN ANALYZE SELECT district, count(*) FROM tickets GROUP BY district",
            "output_rows",
        ),
    ] {
        let out = hotline()
            .args(["query", sql, "--store", store.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(shows),
            "{sql}"
        );
    }
}

#[test]
fn missing_caller_key_warns_how_to_set_it() {
    let dir = tmp();
    let csv = gen_export(dir.path(), "e.csv", 20, 3, 4, false, false);
    let out = hotline()
        .env_remove("HOTLINE_CALLER_KEY")
        .current_dir(dir.path())
        .args(["ingest", csv.to_str().unwrap(), "--store", "s"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("HOTLINE_CALLER_KEY") && err.contains("[privacy] caller_key"),
        "{err}"
    );
}

#[test]
fn bad_flags_and_config_name_what_to_fix() {
    let dir = tmp();
    let csv = gen_export(dir.path(), "e.csv", 20, 3, 4, false, false);
    let out = hotline()
        .args([
            "ingest",
            csv.to_str().unwrap(),
            "--store",
            "s",
            "--encoding",
            "latin9",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--encoding: unknown encoding `latin9`"));

    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[ingest]\npreset = \"cn12345\"\nbatchrows = 5\n").unwrap();
    let out = hotline()
        .args([
            "ingest",
            csv.to_str().unwrap(),
            "--store",
            "s",
            "--config",
            cfg.to_str().unwrap(),
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("batchrows"),
        "{err}"
    );

    let out = hotline()
        .args([
            "query",
            "SELECT 1",
            "--store",
            dir.path().join("nothing").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("hotline ingest"));
}

#[test]
fn generator_is_deterministic_and_plants_events() {
    let dir = tmp();
    let a = gen_export(dir.path(), "a.csv", 3000, 90, 11, false, false);
    let b = gen_export(dir.path(), "b.csv", 3000, 90, 11, false, false);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}.truth.json", a.display())).unwrap(),
    )
    .unwrap();
    assert_eq!(truth["tickets"], 3000);
    assert_eq!(std::fs::read_to_string(&a).unwrap().lines().count(), 3001);
    for kind in ["surges", "clusters", "repeat_callers", "emerging_terms"] {
        let list = truth[kind].as_array().unwrap();
        assert!(!list.is_empty(), "{kind}");
        assert!(
            list.iter()
                .all(|e| !e["ticket_ids"].as_array().unwrap().is_empty()),
            "{kind}"
        );
    }
}

#[test]
fn demo_runs_on_the_sample_data() {
    let dir = tmp();
    let out = hotline()
        .args(["demo", "--out", dir.path().join("demo").to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("read 4000  loaded 4000  rejected 0"),
        "{text}"
    );
    // The last full month of the sample is May 2024.
    assert!(text.contains("一级分类 — 2024-05"), "{text}");
    assert!(text.contains("红黑榜"), "{text}");
    for f in ["category_l1.csv", "kpi_department.parquet", "analyses.xlsx"] {
        assert!(dir.path().join("demo/analyses").join(f).is_file(), "{f}");
    }
    assert!(text.contains("alerts as of 2024-05-31:"), "{text}");
    // One problem, one line: the 荷塘月色 barbecue stalls are a class case,
    // and 烧烤摊, which bursts over the same tickets, is among its words,
    // not an alert of its own; the place is no emerging term.
    assert!(
        text.lines()
            .any(|l| l.contains("荷塘月色") && l.contains("烧烤摊") && l.contains("类案")),
        "{text}"
    );
    assert!(!text.contains("「烧烤摊」突增"), "{text}");
    assert!(!text.contains("「荷塘月色」突增"), "{text}");
    // The loop: the alerts became warnings, whose state the notices carry,
    // and the briefing has its 预警办理 section.
    assert!(
        text.contains("workflow:") && text.contains("warnings raised"),
        "{text}"
    );
    let notices: String = std::fs::read_dir(dir.path().join("demo/warnings"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(notices.contains("| 办理状态 | 待签收（承办 "), "{notices}");
    let briefing = std::fs::read_to_string(dir.path().join("demo/周报-2024-W21.md")).unwrap();
    assert!(briefing.contains("## 六、预警办理"), "{briefing}");
    let alerts = std::fs::read_to_string(dir.path().join("demo/alerts.jsonl")).unwrap();
    assert!(alerts.lines().count() >= 1, "{alerts}");
    for l in alerts.lines() {
        let a: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(a["id"].is_string() && a["title"].is_string());
    }
}
