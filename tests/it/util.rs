//! Helpers: temp dirs, generated exports, running the binary, querying a store.

use std::path::{Path, PathBuf};
use std::process::Command;

use hotline::config::Config;
use hotline::engine::Engine;
use hotline::ingest::{IngestOptions, IngestReport, ingest};
use hotline::progress::NoProgress;
use hotline::synth::{GenSpec, generate};

/// A temporary folder removed at drop.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Generates an export; returns its path.
pub fn gen_export(
    dir: &Path,
    name: &str,
    tickets: u64,
    days: u32,
    seed: u64,
    xlsx: bool,
    gbk: bool,
) -> PathBuf {
    let path = dir.join(name);
    let spec = GenSpec {
        tickets,
        days,
        seed,
        start: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        xlsx,
        gbk,
        style: hotline::synth::Style::default(),
    };
    generate(&spec, &path).expect("generate");
    path
}

/// Config with a fixed caller key.
pub fn config() -> Config {
    let mut c = Config::default();
    c.privacy.caller_key = Some("test-key".into());
    c
}

/// Ingests with the library API.
pub fn ingest_files(
    store: &Path,
    files: &[PathBuf],
    cfg: &Config,
) -> hotline::Result<IngestReport> {
    ingest(
        store,
        files,
        &IngestOptions {
            config: cfg.clone(),
        },
        &NoProgress,
    )
}

/// Runs SQL and returns the rows as CSV lines (header first).
/// The first and last days the store's tickets were received, as text.
pub fn store_days(store: &Path) -> (String, String) {
    let day = |f: &str| {
        query_csv(
            store,
            &format!("SELECT CAST(CAST({f}(received_at) AS DATE) AS VARCHAR) FROM tickets"),
        )[1]
        .clone()
    };
    (day("min"), day("max"))
}

pub fn query_csv(store: &Path, sql: &str) -> Vec<String> {
    let result = block_on(async {
        let engine = Engine::open(store).await?;
        engine.query(sql).await
    })
    .expect("query");
    let mut buf = Vec::new();
    hotline::engine::render::write(&result, hotline::engine::render::Format::Csv, &mut buf)
        .unwrap();
    String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// A single number from SQL.
pub fn query_num(store: &Path, sql: &str) -> i64 {
    query_csv(store, sql)[1].parse().expect("a number")
}

/// The hotline binary.
pub fn hotline() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hotline"));
    c.env_remove("HOTLINE_FAILPOINT")
        .env("HOTLINE_CALLER_KEY", "test-key");
    c
}

/// A file of ../shared/data, or None (with a note) when the folder is absent.
pub fn shared_file(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(name);
    if !p.is_file() {
        eprintln!("skipped: {} not present", p.display());
    }
    p.is_file().then_some(p)
}

/// The bundled sample export ingested with its config into `dir/store`.
pub fn sample_store(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let store = dir.join("store");
    let cfg = Config::load(Some(&root.join("sample_data/hotline.toml"))).unwrap();
    ingest_files(
        &store,
        &[root.join("sample_data/jiangcheng_12345_2024.csv")],
        &cfg,
    )
    .unwrap();
    store
}

/// Runs a future on a fresh runtime (the binary builds one in main).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime starts")
        .block_on(f)
}
