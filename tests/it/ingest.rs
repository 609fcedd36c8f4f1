//! Ingest behaviour: formats, bad rows, idempotence, replacement, atomicity.

use std::io::Write;

use crate::util::*;

#[test]
fn gbk_csv_is_detected_and_decoded() {
    let dir = tmp();
    let csv = gen_export(dir.path(), "gbk.csv", 400, 20, 5, false, true);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file really is GBK"
    );
    let store = dir.path().join("store");
    let r = ingest_files(&store, &[csv], &config()).unwrap();
    assert_eq!(r.files[0].encoding.as_deref(), Some("GB18030"));
    assert_eq!((r.read, r.loaded), (400, 400));
    // Every cell decodes to what the UTF-8 export of the same seed holds.
    let utf8 = gen_export(dir.path(), "utf8.csv", 400, 20, 5, false, false);
    let store_utf8 = dir.path().join("store_utf8");
    ingest_files(&store_utf8, &[utf8], &config()).unwrap();
    let sql = "SELECT ticket_id, district, street, address, category_l2, title, content, department FROM tickets ORDER BY ticket_id";
    let (gbk_rows, utf8_rows) = (query_csv(&store, sql), query_csv(&store_utf8, sql));
    assert_eq!(gbk_rows.len(), 401);
    assert_eq!(gbk_rows, utf8_rows);
}

#[test]
fn xlsx_with_excel_dates_matches_the_csv_of_the_same_seed() {
    let dir = tmp();
    let xlsx = gen_export(dir.path(), "a.xlsx", 300, 30, 9, true, false);
    let csv = gen_export(dir.path(), "a.csv", 300, 30, 9, false, false);
    let (sx, sc) = (dir.path().join("sx"), dir.path().join("sc"));
    assert_eq!(ingest_files(&sx, &[xlsx], &config()).unwrap().loaded, 300);
    assert_eq!(ingest_files(&sc, &[csv], &config()).unwrap().loaded, 300);
    let sql = "SELECT ticket_id, received_at, closed_at, due_at, district, status, satisfaction, redispatch_count, caller_key, content FROM tickets ORDER BY ticket_id";
    let a = query_csv(&sx, sql);
    let b = query_csv(&sc, sql);
    assert_eq!(a.len(), 301);
    assert_eq!(a, b);
}

#[test]
fn bad_rows_are_rejected_with_reasons_and_accounted() {
    let dir = tmp();
    let path = dir.path().join("bad.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all("工单编号,受理时间,所属区县,诉求内容,来电号码\n".as_bytes())
        .unwrap();
    f.write_all("A1,2024-05-01 08:00:00,城东区,路灯不亮,13812345678\n".as_bytes())
        .unwrap();
    f.write_all(",2024-05-01 09:00:00,城东区,没有编号,\n".as_bytes())
        .unwrap();
    f.write_all("A3,,城西区,没有时间,\n".as_bytes()).unwrap();
    f.write_all("A4,昨天下午,城西区,时间写错,\n".as_bytes())
        .unwrap();
    f.write_all("A5,2024-05-01,城西区\n".as_bytes()).unwrap();
    f.write_all(b"A6,2024-05-02,\xff\xfe\xfd,bad bytes,13900001111\n")
        .unwrap();
    f.write_all(",,,,\n".as_bytes()).unwrap();
    f.write_all("\"A8\",\"2024年5月3日 10:05\",\"江北区\",\"第一行\n第二行\",\"\"\n".as_bytes())
        .unwrap();
    drop(f);
    let store = dir.path().join("store");
    let r = ingest_files(&store, &[path], &config()).unwrap();
    let fr = &r.files[0];
    assert_eq!(fr.read, 8);
    assert_eq!(fr.loaded, 2);
    assert_eq!(fr.loaded + fr.rejected_total(), fr.read);
    for (reason, n) in [
        ("missing_ticket_id", 1),
        ("missing_received_at", 1),
        ("bad_received_at", 1),
        ("ragged", 1),
        ("undecodable", 1),
        ("blank", 1),
    ] {
        assert_eq!(
            fr.rejected.get(reason),
            Some(&n),
            "{reason}: {:?}",
            fr.rejected
        );
    }
    // The rejects table names file, row and reason; phone numbers are masked.
    let rows = query_csv(
        &store,
        "SELECT source_file, row, reason, raw FROM rejects ORDER BY row",
    );
    assert_eq!(rows.len(), 7);
    assert!(
        rows[1].starts_with("bad.csv,3,missing_ticket_id"),
        "{}",
        rows[1]
    );
    assert!(rows[5].starts_with("bad.csv,7,undecodable"), "{}", rows[5]);
    assert!(!rows.iter().any(|r| r.contains("13900001111")), "{rows:?}");
    // The multi-line content was kept, its line break made a space.
    assert_eq!(
        query_csv(&store, "SELECT content FROM tickets WHERE ticket_id = 'A8'")[1],
        "第一行 第二行"
    );
}

/// A quote that never closes, or that runs over lines beginning like records
/// of the file, swallows no record silently: its row is rejected with the
/// line it opened on and the lines it took, and the records it ran over are
/// read as rows of their own.
#[test]
fn an_unterminated_quote_swallows_no_record() {
    let dir = tmp();
    let cases: &[(&str, &str, u64, u64, &[&str])] = &[
        // The three-ticket file that loaded two.
        (
            "three.csv",
            "工单编号,受理时间,诉求内容\nT1,2024-05-01,路灯不亮\nT2,2024-05-02,\"没有关上的引号\nT3,2024-05-03,第三张工单\n",
            3,
            2,
            &["T1", "T3"],
        ),
        // The stray quote pairs with a later field's quote: every record
        // after it is still read.
        (
            "later.csv",
            "工单编号,受理时间,诉求内容,地址\nG1,2024-05-01,\"正常\",\"城东路1号\"\nG2,2024-05-02,\"只有开头的引号,城东路2号\nG3,2024-05-03,\"第三张\",\"城东路3号\"\nG4,2024-05-04,\"第四张\",\"城东路4号\"\n",
            4,
            3,
            &["G1", "G3", "G4"],
        ),
        // A legitimate multi-line text is one record; an open quote at the
        // end of the file rejects its row.
        (
            "end.csv",
            "工单编号,受理时间,诉求内容\nE1,2024-05-01,\"第一行\n第二行\"\nE2,2024-05-02,\"到文件末尾\n也没有关上\n",
            2,
            1,
            &["E1"],
        ),
    ];
    for (name, body, read, loaded, ids) in cases {
        let path = dir.path().join(name);
        let (gbk, _, _) = encoding_rs::GBK.encode(body);
        std::fs::write(&path, &gbk).unwrap();
        let store = dir.path().join(format!("store-{name}"));
        let r = ingest_files(&store, &[path], &config()).unwrap();
        let fr = &r.files[0];
        assert_eq!((fr.read, fr.loaded), (*read, *loaded), "{name}: {fr:?}");
        assert_eq!(fr.rejected.get("unterminated_quote"), Some(&1), "{name}");
        let got = query_csv(&store, "SELECT ticket_id FROM tickets ORDER BY ticket_id");
        assert_eq!(&got[1..], *ids, "{name}");
        let detail = query_csv(&store, "SELECT row, detail FROM rejects");
        assert!(detail[1].contains("not closed"), "{name}: {detail:?}");
        assert!(detail[1].contains("physical lines"), "{name}: {detail:?}");
    }
    let rows = query_csv(
        &dir.path().join("store-three.csv"),
        "SELECT row, detail FROM rejects",
    );
    assert!(
        rows[1].starts_with("3,\"the quote that opens column 3 on line 3 is not closed: it runs over 2 physical lines (3–4) and line 4 begins like a record"),
        "{rows:?}"
    );
}

#[test]
fn reingesting_the_same_file_changes_nothing() {
    let dir = tmp();
    let csv = gen_export(dir.path(), "e.csv", 500, 40, 2, false, false);
    let store = dir.path().join("store");
    let first = ingest_files(&store, std::slice::from_ref(&csv), &config()).unwrap();
    assert_eq!(first.commit, Some(1));
    let manifest = std::fs::read(store.join("manifest.json")).unwrap();
    let again = ingest_files(&store, &[csv], &config()).unwrap();
    assert_eq!(again.commit, None);
    assert_eq!(again.files[0].status, "skipped");
    assert_eq!(
        std::fs::read(store.join("manifest.json")).unwrap(),
        manifest
    );
    assert_eq!(query_num(&store, "SELECT count(*) FROM tickets"), 500);
}

#[test]
fn a_newer_version_of_a_ticket_replaces_the_older_one() {
    let dir = tmp();
    let v1 = dir.path().join("v1.csv");
    let v2 = dir.path().join("v2.csv");
    let header = "工单编号,受理时间,办理状态,办结时间,回访满意度,诉求内容\n";
    std::fs::write(
        &v1,
        format!(
            "{header}T1,2024-05-01 08:00,办理中,,,路灯不亮\nT2,2024-05-02 09:00,办理中,,,井盖缺失\n"
        ),
    )
    .unwrap();
    std::fs::write(&v2, format!("{header}T1,2024-05-01 08:00,已办结,2024-05-03 10:00,满意,路灯不亮\nT2,2024-05-02 09:00,办理中,,,井盖缺失\nT3,2024-06-01 10:00,办理中,,,新问题\n")).unwrap();
    let store = dir.path().join("store");
    ingest_files(&store, &[v1], &config()).unwrap();
    let r = ingest_files(&store, &[v2], &config()).unwrap();
    assert_eq!((r.loaded, r.replaced, r.unchanged), (3, 1, 1));
    assert_eq!(r.tickets_in_store, 3);
    let rows = query_csv(
        &store,
        "SELECT ticket_id, status, closed_at, satisfaction FROM tickets ORDER BY ticket_id",
    );
    assert_eq!(
        rows,
        vec![
            "ticket_id,status,closed_at,satisfaction",
            "T1,closed,2024-05-03 10:00:00,满意",
            "T2,open,,",
            "T3,open,,",
        ]
    );
    // Within one file, the later row of a ticket wins too.
    let v3 = dir.path().join("v3.csv");
    std::fs::write(&v3, format!("{header}T4,2024-05-01 08:00,办理中,,,a\nT4,2024-05-01 08:00,已办结,2024-05-02 08:00,不满意,a\n")).unwrap();
    let r = ingest_files(&store, &[v3], &config()).unwrap();
    assert_eq!(r.replaced, 1);
    assert_eq!(
        query_csv(
            &store,
            "SELECT status, satisfaction FROM tickets WHERE ticket_id = 'T4'"
        )[1],
        "closed,不满意"
    );
    assert_eq!(
        query_num(
            &store,
            "SELECT count(*) - count(DISTINCT ticket_id) FROM tickets"
        ),
        0
    );
}

#[test]
fn a_crash_before_commit_leaves_the_store_as_it_was() {
    let dir = tmp();
    let a = gen_export(dir.path(), "a.csv", 300, 20, 1, false, false);
    let b = gen_export(dir.path(), "b.csv", 300, 20, 2, false, false);
    let store = dir.path().join("store");
    let ok = hotline()
        .args([
            "ingest",
            a.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = std::fs::read(store.join("manifest.json")).unwrap();
    let count = query_num(&store, "SELECT count(*) FROM tickets");
    for point in ["staged", "before-manifest"] {
        let crashed = hotline()
            .args([
                "ingest",
                b.to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
            ])
            .env("HOTLINE_FAILPOINT", point)
            .output()
            .unwrap();
        assert_eq!(crashed.status.code(), Some(86), "{point}");
        assert_eq!(
            std::fs::read(store.join("manifest.json")).unwrap(),
            before,
            "{point}"
        );
        assert_eq!(
            query_num(&store, "SELECT count(*) FROM tickets"),
            count,
            "{point}"
        );
    }
    // The next ingest cleans up and commits.
    let r = ingest_files(&store, &[b], &config()).unwrap();
    assert!(r.commit.is_some());
    assert!(!store.join("_staging").exists());
    let live = std::fs::read_to_string(store.join("manifest.json")).unwrap();
    let mut on_disk = 0;
    for e in walk(&store.join("data")) {
        on_disk += 1;
        let rel = e
            .strip_prefix(&store)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(live.contains(&rel), "orphan {rel}");
    }
    assert!(on_disk > 0);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn a_missing_required_column_is_an_error_and_the_store_is_untouched() {
    let dir = tmp();
    let good = gen_export(dir.path(), "g.csv", 100, 10, 1, false, false);
    let store = dir.path().join("store");
    ingest_files(&store, &[good], &config()).unwrap();
    let before = std::fs::read(store.join("manifest.json")).unwrap();
    let bad = dir.path().join("nohead.csv");
    std::fs::write(&bad, "工单编号,诉求内容,所属区县\nA1,噪音,城东区\n").unwrap();
    let err = ingest_files(&store, &[bad], &config())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nohead.csv"), "{err}");
    assert!(err.contains("received_at"), "{err}");
    assert!(err.contains("工单编号, 诉求内容, 所属区县"), "{err}");
    assert!(err.contains("[columns]"), "{err}");
    assert_eq!(std::fs::read(store.join("manifest.json")).unwrap(), before);
}

#[test]
fn config_columns_map_unusual_headers() {
    let dir = tmp();
    let f = dir.path().join("odd.tsv");
    std::fs::write(&f, "流水\t登记日\t事项\nX1\t2024/5/1 8:23\t噪音扰民\n").unwrap();
    let mut cfg = config();
    cfg.columns.insert("ticket_id".into(), "流水".into());
    cfg.columns.insert("received_at".into(), "登记日".into());
    cfg.columns.insert("content".into(), "事项".into());
    let store = dir.path().join("store");
    let r = ingest_files(&store, &[f], &cfg).unwrap();
    assert_eq!(r.loaded, 1);
    assert_eq!(
        query_csv(
            &store,
            "SELECT ticket_id, received_at, content FROM tickets"
        )[1],
        "X1,2024-05-01 08:23:00,噪音扰民"
    );
}

#[test]
fn jsonl_and_parquet_exports() {
    use datafusion::arrow::array::{RecordBatch, StringArray, TimestampMillisecondArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
    use std::sync::Arc;

    let dir = tmp();
    let jl = dir.path().join("t.jsonl");
    std::fs::write(
        &jl,
        "{\"工单编号\":\"J1\",\"受理时间\":\"2024-05-01 08:00:00\",\"诉求内容\":\"停水\",\"转派次数\":2}\nnot json\n{\"工单编号\":\"J2\",\"受理时间\":\"2024年5月2日\",\"诉求内容\":null}\n",
    )
    .unwrap();
    let pq = dir.path().join("t.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("Unique Key", DataType::Utf8, false),
        Field::new(
            "Created Date",
            DataType::Timestamp(TimeUnit::Millisecond, None),
            true,
        ),
        Field::new("Complaint Type", DataType::Utf8, true),
        Field::new("Borough", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from(vec!["59893", "59894"])),
            Arc::new(TimestampMillisecondArray::from(vec![
                Some(1_714_551_791_000),
                None,
            ])),
            Arc::new(StringArray::from(vec![
                "Noise - Residential",
                "Illegal Parking",
            ])),
            Arc::new(StringArray::from(vec!["BROOKLYN", "QUEENS"])),
        ],
    )
    .unwrap();
    let mut w = datafusion::parquet::arrow::ArrowWriter::try_new(
        std::fs::File::create(&pq).unwrap(),
        schema,
        None,
    )
    .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();

    let store = dir.path().join("store");
    let r = ingest_files(&store, &[jl, pq], &config()).unwrap();
    assert_eq!(r.files[0].preset, "cn12345");
    assert_eq!((r.files[0].read, r.files[0].loaded), (3, 2));
    assert_eq!(r.files[0].rejected.get("bad_json"), Some(&1));
    assert_eq!(r.files[1].preset, "nyc311");
    assert_eq!((r.files[1].read, r.files[1].loaded), (2, 1));
    assert_eq!(r.files[1].rejected.get("missing_received_at"), Some(&1));
    let rows = query_csv(
        &store,
        "SELECT ticket_id, received_at, category_l1, district, redispatch_count FROM tickets ORDER BY ticket_id",
    );
    assert_eq!(
        rows[1..],
        [
            "59893,2024-05-01 08:23:11,Noise - Residential,BROOKLYN,",
            "J1,2024-05-01 08:00:00,,,2",
            "J2,2024-05-02 00:00:00,,,",
        ]
    );
}

/// A date typed with the wrong year (2004 among a year of 2024 tickets) is
/// stored as parsed, and the file's accounting names the rows to check.
#[test]
fn a_date_far_from_the_rest_of_its_file_is_reported() {
    let dir = tmp();
    let path = dir.path().join("dates.csv");
    let mut csv = String::from("工单编号,受理时间,诉求内容\n");
    for i in 0..150 {
        csv.push_str(&format!("A{i},2024-{:02}-10 09:00,路灯不亮\n", i % 12 + 1));
    }
    csv.push_str("A150,2004-05-10 09:00,路灯不亮\n");
    std::fs::write(&path, csv).unwrap();
    let store = dir.path().join("store");
    let r = ingest_files(&store, &[path], &config()).unwrap();
    let f = &r.files[0];
    assert_eq!(f.loaded, 151);
    let w = f
        .warnings
        .iter()
        .find(|w| w.column == "received_at")
        .expect("a warning on received_at");
    // Row 152: the header is row 1.
    assert_eq!(
        (w.header.as_str(), w.rows, w.first_row, w.example.as_str()),
        ("受理时间", 1, 152, "2004-05-10")
    );
    assert!(w.action.contains("(2024-01 … 2024-12)"), "{}", w.action);
    assert_eq!(
        query_num(
            &store,
            "SELECT count(*) FROM tickets WHERE received_at < '2005-01-01'"
        ),
        1
    );
}

/// The document frequencies every data file keeps in its footer sum to what
/// the store's tokens give, after newer versions replaced tickets in a
/// committed file and within one export (both rewrite paths), and the
/// top-terms tables are the same from either.
#[test]
fn the_files_word_counts_are_the_tokens_after_replacements() {
    let dir = tmp();
    let header = "工单编号,受理时间,办理状态,办结时间,回访满意度,诉求标题,诉求内容\n";
    let v1 = dir.path().join("v1.csv");
    let v2 = dir.path().join("v2.csv");
    std::fs::write(
        &v1,
        format!(
            "{header}T1,2024-05-01 08:00,办理中,,,路灯,小区门口路灯不亮\n\
             T2,2024-05-02 09:00,办理中,,,井盖,人行道井盖缺失很危险\n\
             T5,2024-06-02 09:00,办理中,,,井盖,井盖缺失\n"
        ),
    )
    .unwrap();
    std::fs::write(
        &v2,
        format!(
            "{header}T1,2024-05-01 08:00,已办结,2024-05-03 10:00,满意,噪音,工地夜间施工噪音扰民\n\
             T3,2024-05-09 10:00,办理中,,,路灯,路灯不亮\n\
             T4,2024-05-10 08:00,办理中,,,停车,小区停车难\n\
             T4,2024-05-10 08:00,已办结,2024-05-11 08:00,满意,停车,小区停车收费不合理\n"
        ),
    )
    .unwrap();
    let store = dir.path().join("store");
    ingest_files(&store, &[v1], &config()).unwrap();
    let r = ingest_files(&store, &[v2], &config()).unwrap();
    assert_eq!(r.replaced, 2);

    let paths = hotline::store::Store::open(&store).unwrap().data_paths();
    let kept = hotline::store::terms::store_frequencies(&paths)
        .unwrap()
        .expect("every file has its counts");
    let mut from_footers: Vec<String> = kept
        .df
        .iter()
        .map(|(t, df)| format!("{t},{df},{}", kept.rows))
        .collect();
    from_footers.sort();
    // The view computes them from the stored tokens.
    let from_tokens = query_csv(&store, "SELECT term, df, n FROM store_terms ORDER BY term");
    assert_eq!(from_tokens[0], "term,df,n");
    assert_eq!(from_footers, from_tokens[1..].to_vec());
    // T1's first text (小区门口路灯不亮) and T4's first (小区停车难) no longer
    // count: 路灯不亮 is T3's alone, 小区 T4's second version's.
    for row in ["噪音扰民,1,5", "路灯不亮,1,5", "小区,1,5", "井盖,2,5"] {
        assert!(
            from_footers.contains(&row.to_string()),
            "{row}: {from_footers:?}"
        );
    }
    assert!(!from_footers.iter().any(|r| r.starts_with("停车难")));
    assert_eq!(kept.rows, 5);
}

/// A message-board export's 一级分类 is its category and 所属区县 its
/// district: a column the preset left out was reported as "not mapped"
/// and every letter stored without a category.
#[test]
fn a_message_board_export_keeps_its_category_and_district() {
    let dir = tmp();
    let csv = dir.path().join("letters.csv");
    std::fs::write(
        &csv,
        "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类,所属区县,点赞数,反对数\n\
         100000,U1,南山路停车难,2024-01-01 10:22:23,市妇幼保健院门口停车难，车辆排队占用南山路。,交通出行,青山区,3,0\n\
         100001,U2,出租车拒载,2024-01-02 16:51:29,网约车司机中途加价，不按导航路线行驶。,,高新区,0,1\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    let r = ingest_files(&store, &[csv], &config()).unwrap();
    assert_eq!(r.files[0].preset, "message_board");
    assert!(
        r.files[0].unmapped_columns.is_empty(),
        "{:?}",
        r.files[0].unmapped_columns
    );
    let rows = query_csv(
        &store,
        "SELECT ticket_id, category_l1, district, likes FROM tickets ORDER BY ticket_id",
    );
    assert_eq!(rows[1..], ["100000,交通出行,青山区,3", "100001,,高新区,0"]);
}
