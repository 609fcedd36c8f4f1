//! `hotline store verify`: damage is found, named and recovered from.

use crate::util::*;

/// A deleted, a truncated and a corrupted data file are each found; every
/// command that opens the store names the missing file; `--repair` then a
/// re-ingest of the named export bring the store back whole.
#[test]
fn verify_finds_damage_and_says_how_to_recover() {
    let dir = tmp();
    let export = gen_export(dir.path(), "city.csv", 3000, 120, 7, false, false);
    let store = dir.path().join("store");
    ingest_files(&store, std::slice::from_ref(&export), &config()).unwrap();
    let total = query_num(&store, "SELECT count(*) FROM tickets");
    let ok = hotline()
        .args(["store", "verify", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("no faults"));

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(store.join("manifest.json")).unwrap())
            .unwrap();
    let files: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert!(files.len() >= 3, "{files:?}");
    // Every listed file has its size and checksum recorded at commit.
    assert!(
        manifest["files"][0]["xxh3"].as_str().is_some(),
        "{manifest}"
    );
    let (gone, cut, flipped) = (&files[0], &files[1], &files[2]);
    std::fs::remove_file(store.join(gone)).unwrap();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(store.join(cut))
        .unwrap();
    f.set_len(f.metadata().unwrap().len() / 2).unwrap();
    drop(f);
    let mut bytes = std::fs::read(store.join(flipped)).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x5A;
    std::fs::write(store.join(flipped), &bytes).unwrap();

    // A query names the missing file and the way to recover, not a
    // DataFusion error.
    let q = hotline()
        .args(["query", "SELECT count(*) FROM tickets", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(!q.status.success());
    let err = String::from_utf8_lossy(&q.stderr);
    assert!(
        err.contains(gone.as_str()) && err.contains("is missing"),
        "{err}"
    );
    assert!(err.contains("hotline store verify"), "{err}");

    let v = hotline()
        .args(["store", "verify", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(1));
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.contains(&format!("FAULT {gone}: is missing")), "{out}");
    assert!(out.contains(&format!("FAULT {cut}: is truncated")), "{out}");
    assert!(
        out.contains(&format!("FAULT {flipped}: has changed since its commit")),
        "{out}"
    );
    assert!(out.contains("hotline ingest city.csv --store"), "{out}");
    assert!(out.contains("--repair"), "{out}");

    let r = hotline()
        .args(["store", "verify", "--repair", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(store.join("damaged").is_dir());
    assert!(query_num(&store, "SELECT count(*) FROM tickets") < total);
    let again = ingest_files(&store, &[export], &config()).unwrap();
    assert_eq!(again.files[0].status, "loaded");
    assert_eq!(query_num(&store, "SELECT count(*) FROM tickets"), total);
    assert_eq!(
        query_num(
            &store,
            "SELECT count(*) - count(DISTINCT ticket_id) FROM tickets"
        ),
        0
    );
    let v = hotline()
        .args(["store", "verify", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

/// A store written before sizes and checksums were kept gets them recorded
/// by its first verify; a damaged alert state and a ticket id live twice are
/// faults with their own recovery.
#[test]
fn verify_records_missing_sums_and_checks_state_and_ids() {
    let dir = tmp();
    let export = gen_export(dir.path(), "city.csv", 1500, 60, 3, false, false);
    let store = dir.path().join("store");
    ingest_files(&store, &[export], &config()).unwrap();
    let path = store.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        let f = f.as_object_mut().unwrap();
        f.remove("bytes");
        f.remove("xxh3");
    }
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let v = hotline()
        .args(["store", "verify", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(v.status.success());
    assert!(String::from_utf8_lossy(&v.stdout).contains("recorded the size and checksum"));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(m["files"][0]["xxh3"].as_str().is_some());

    // A copy of a live file under another name, listed too: every id twice.
    let first = m["files"][0]["path"].as_str().unwrap().to_string();
    let copy = first.replace(".parquet", "-copy.parquet");
    std::fs::copy(store.join(&first), store.join(&copy)).unwrap();
    let mut m2 = m.clone();
    let mut entry = m2["files"][0].clone();
    entry["path"] = serde_json::Value::String(copy);
    m2["files"].as_array_mut().unwrap().push(entry);
    std::fs::write(&path, serde_json::to_string_pretty(&m2).unwrap()).unwrap();
    std::fs::create_dir_all(store.join("alerts")).unwrap();
    std::fs::write(store.join("alerts/state.json"), "{\"alerts\": [").unwrap();
    let v = hotline()
        .args(["store", "verify", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(1));
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.contains("live in another row too"), "{out}");
    assert!(
        out.contains("FAULT alerts/state.json: is not valid JSON"),
        "{out}"
    );
    assert!(out.contains("starts the alert lifecycle afresh"), "{out}");
}
