//! `hotline analyze` and the standard queries: golden results on the sample
//! data, KPIs recomputed without SQL, the workbook read back.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::*;

/// Runs `hotline analyze`; its standard error.
fn analyze(store: &Path, period: &str, out: &Path) -> String {
    let o = hotline()
        .args(["analyze", "--store"])
        .arg(store)
        .args(["--period", period, "--out"])
        .arg(out)
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hotline.toml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every analysis of May 2024 on the sample data equals its golden file in
/// tests/golden/ (rewrite them with HOTLINE_UPDATE_GOLDEN=1 after checking
/// a change is right).
#[test]
fn every_analysis_matches_its_golden_file() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let out = dir.path().join("out");
    let stderr = analyze(&store, "2024-05", &out);
    assert!(!stderr.contains("no tickets"), "{stderr}");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/analyze-2024-05");
    let update = std::env::var_os("HOTLINE_UPDATE_GOLDEN").is_some();
    if update {
        std::fs::create_dir_all(&golden).unwrap();
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "csv").then(|| p.file_name().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 17, "{names:?}");
    let mut failed = Vec::new();
    for n in &names {
        let got = std::fs::read_to_string(out.join(n)).unwrap();
        if update {
            std::fs::write(golden.join(n), &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(golden.join(n))
            .unwrap_or_else(|_| panic!("no golden file for {n}; run with HOTLINE_UPDATE_GOLDEN=1"));
        if got != want {
            failed.push(n.clone());
        }
    }
    assert!(failed.is_empty(), "differs from tests/golden: {failed:?}");

    // A period outside the store (a year mistyped): the empty tables are
    // written, and the warning says which days the store does hold.
    let stderr = analyze(&store, "2023-05", &dir.path().join("empty"));
    let (first, last) = store_days(&store);
    assert_eq!(
        stderr.trim(),
        format!(
            "warning: no tickets in 2023-05 (2023-05-01 to 2023-05-31): the store holds tickets from {first} to {last}; choose a period inside that range"
        )
    );
    assert!(dir.path().join("empty/analyses.xlsx").is_file());
}

/// Three KPIs recomputed in Rust from the raw rows, compared with kpi.sql.
#[test]
fn kpis_recomputed_without_sql_agree() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let out = dir.path().join("out");
    analyze(&store, "2024-05", &out);
    let rows = query_csv(
        &store,
        "SELECT department, received_at, due_at, closed_at, satisfaction, redispatch_count FROM tickets \
         WHERE received_at >= '2024-05-01' AND received_at < '2024-06-01'",
    );
    let end = "2024-06-01 00:00:00";
    // department → [on time, closed + open overdue, satisfied, rated, redispatched, known]
    let mut acc: BTreeMap<String, [u64; 6]> = BTreeMap::new();
    for line in &rows[1..] {
        let f: Vec<&str> = line.split(',').collect();
        let a = acc.entry(f[0].to_string()).or_default();
        let (due, closed) = (f[2], f[3]);
        let closed_in = !closed.is_empty() && closed < end;
        if !due.is_empty() {
            if closed_in {
                a[1] += 1;
                if closed <= due {
                    a[0] += 1;
                }
            } else if due < end {
                a[1] += 1;
            }
        }
        if ["满意", "基本满意", "不满意"].contains(&f[4]) {
            a[3] += 1;
            if f[4] != "不满意" {
                a[2] += 1;
            }
        }
        if !f[5].is_empty() {
            a[5] += 1;
            if f[5] != "0" {
                a[4] += 1;
            }
        }
    }
    let sql = std::fs::read_to_string(out.join("kpi_department.csv")).unwrap();
    let mut lines = sql.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let rate = |num: u64, den: u64| (den > 0).then(|| num as f64 / den as f64);
    let mut checked = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let a = acc[f[0]];
        for (name, want) in [
            ("on_time_rate", rate(a[0], a[1])),
            ("satisfaction_rate", rate(a[2], a[3])),
            ("redispatch_rate", rate(a[4], a[5])),
        ] {
            let got: Option<f64> = f[col(name)].parse().ok();
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 6e-5, "{} {name}: {g} vs {w}", f[0]),
                (None, None) => {}
                other => panic!("{} {name}: {other:?}", f[0]),
            }
        }
        checked += 1;
    }
    assert_eq!(checked, acc.len());
}

/// The workbook opens (read back with calamine) with a contents sheet and
/// one sheet per analysis, Chinese headers, numbers as numbers.
#[test]
fn workbook_has_a_readable_sheet_per_analysis() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tmp();
    let store = sample_store(dir.path());
    let out = dir.path().join("out");
    analyze(&store, "2024-W21", &out);
    let mut wb: Xlsx<_> = open_workbook(out.join("analyses.xlsx")).unwrap();
    let sheets = wb.sheet_names();
    assert_eq!(sheets.len(), 18, "{sheets:?}");
    assert_eq!(sheets[0], "目录");
    assert!(sheets.contains(&"考核指标(部门)".to_string()));
    let kpi = wb.worksheet_range("考核指标(部门)").unwrap();
    assert_eq!(kpi.get((0, 0)), Some(&Data::String("分组".into())));
    assert_eq!(kpi.get((0, 5)), Some(&Data::String("按期办结率".into())));
    assert!(matches!(kpi.get((1, 1)), Some(Data::Float(_))));
    // The week's daily volumes add up to the week's tickets.
    let days = wb.worksheet_range("工单量趋势(日)").unwrap();
    assert_eq!(days.height(), 8);
    let total: f64 = (1..8)
        .map(|r| match days.get((r, 1)) {
            Some(Data::Float(v)) => *v,
            other => panic!("{other:?}"),
        })
        .sum();
    let week = query_num(
        &store,
        "SELECT count(*) FROM tickets WHERE received_at >= '2024-05-20' AND received_at < '2024-05-27'",
    );
    assert_eq!(total as i64, week);
}

#[test]
fn analyze_runs_on_the_real_exports() {
    for name in ["shangluo_mayor_mailbox.csv", "fuzhou_river_complaints.xlsx"] {
        let Some(export) = shared_file(name) else {
            return;
        };
        let dir = tmp();
        let store = dir.path().join("store");
        ingest_files(&store, &[export], &config()).unwrap();
        let out = dir.path().join("out");
        analyze(&store, "all", &out);
        let vol = std::fs::read_to_string(out.join("volume_month.csv")).unwrap();
        let sum: i64 = vol
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap())
            .sum();
        assert_eq!(
            sum,
            query_num(&store, "SELECT count(*) FROM tickets"),
            "{name}"
        );
        assert!(out.join("analyses.xlsx").is_file());
        // Neither export has deadlines or return visits: no department has
        // a rate to rank on, so none is ranked (once, departments without
        // either rate, and the unassigned tickets, made 红榜 with score 1).
        let ranking = std::fs::read_to_string(out.join("ranking.csv")).unwrap();
        assert_eq!(ranking.lines().count(), 1, "{name}: {ranking}");
        // Neither has the caller's phone: whether a ticket repeats is not
        // known, so 重复投诉率 is empty, not 0 %.
        let kpi = std::fs::read_to_string(out.join("kpi_district.csv")).unwrap();
        let mut lines = kpi.lines();
        let head: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(
                (f[col("caller_known")], f[col("repeat_rate")]),
                ("0", ""),
                "{name}: {line}"
            );
        }
    }
}

/// A store written before data files kept their word counts (footers
/// without them) still gives the same top-terms tables: `store_terms` is
/// then computed from the tokens.
#[test]
fn a_store_without_footer_word_counts_gives_the_same_top_terms() {
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use hotline::store::{FileSum, Manifest};

    let dir = tmp();
    let store = sample_store(dir.path());
    let out_new = dir.path().join("with-counts");
    analyze(&store, "2024-05", &out_new);

    // Rewrite every data file as before: the same rows, no counts.
    let mut manifest = Manifest::load(&store).unwrap();
    for f in &mut manifest.files {
        let path = store.join(&f.path);
        let batches: Vec<_> =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
                .unwrap()
                .build()
                .unwrap()
                .map(|b| b.unwrap())
                .collect();
        let mut w = ArrowWriter::try_new(
            std::fs::File::create(&path).unwrap(),
            hotline::schema::store_schema(),
            None,
        )
        .unwrap();
        for b in &batches {
            w.write(b).unwrap();
        }
        w.close().unwrap();
        f.sum = Some(FileSum::of(&path).unwrap());
    }
    manifest.store_atomically(&store).unwrap();
    let paths = hotline::store::Store::open(&store).unwrap().data_paths();
    assert!(
        hotline::store::terms::store_frequencies(&paths)
            .unwrap()
            .is_none()
    );

    let out_old = dir.path().join("without-counts");
    analyze(&store, "2024-05", &out_old);
    for t in ["top_terms_category.csv", "top_terms_district.csv"] {
        let new = std::fs::read_to_string(out_new.join(t)).unwrap();
        assert!(new.lines().count() > 10, "{t}: {new}");
        assert_eq!(
            new,
            std::fs::read_to_string(out_old.join(t)).unwrap(),
            "{t}"
        );
    }
}

/// `analyze` cuts both top-terms tables from one run grouped two ways;
/// each is what `hotline keywords` gives for its grouping alone.
#[test]
fn top_terms_from_one_pass_are_those_of_each_grouping_alone() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let out = dir.path().join("analyses");
    analyze(&store, "2024-05", &out);
    for by in ["category", "district"] {
        let o = hotline()
            .args(["keywords", "--store"])
            .arg(&store)
            .args(["--by", by, "--period", "2024-05", "--format", "csv"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let alone = String::from_utf8(o.stdout).unwrap();
        let table = std::fs::read_to_string(out.join(format!("top_terms_{by}.csv"))).unwrap();
        assert!(table.starts_with("grp,term,tickets,"), "{table}");
        assert!(table.lines().count() > 10, "{table}");
        assert_eq!(alone, table, "{by}");
    }
}
