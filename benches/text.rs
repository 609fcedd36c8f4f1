//! Text-stage throughput against plain jieba-rs on the same texts, in the
//! same run, on one core and on all cores.
//!
//! `cargo bench --bench text` (defaults: 200k generated tickets, 5 runs).
//! Environment: `HOTLINE_BENCH_TICKETS`, `HOTLINE_BENCH_RUNS`,
//! `HOTLINE_BENCH_NO_REAL` (skip the real exports, e.g. for a profile of the
//! short texts alone).
//!
//! Three sets of texts: generated tickets (about 114 bytes of content each),
//! and, when ../shared/data is present, the Fuzhou 12345 complaints (median
//! 243 bytes) and the Shangluo mayor's-mailbox letters (median 711 bytes).
//!
//! - **plain jieba-rs**: `Jieba::new()` (default dictionary) and
//!   `cut(content, true)` per ticket; the words are collected into a Vec, as
//!   any caller must.
//! - **hotline text stage**: [`hotline::text::Analyzer::analyze`] per ticket:
//!   clean and half-width, mask personal data (title and content), strip
//!   boilerplate, segment with the hotline dictionary, drop stopwords,
//!   build the token strings, find the place from the address or the text.
//!
//! - **floor**: the stage's cleaning, masking, boilerplate stripping and
//!   segmentation alone, without the token filter and place finding: the
//!   most the stage could keep of plain speed if those cost nothing.
//!
//! MB/s counts the bytes of the content column for both, so the ratio is the
//! share of plain segmentation speed the whole stage keeps (the stage does
//! more work: it also masks the title and reads the address).

mod common;

use std::time::Instant;

use rayon::prelude::*;

use common::{env_num, median};

#[derive(Clone)]
struct Row {
    title: String,
    content: String,
    address: String,
    district: String,
    street: String,
    /// The export's own place column (Fuzhou's 河流).
    place: String,
}

/// Reads the generated export's text columns.
fn load(path: &std::path::Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (t, c, a, d, s) = (
        col("诉求标题"),
        col("诉求内容"),
        col("详细地址"),
        col("所属区县"),
        col("所属街道"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            Row {
                title: rec[t].to_string(),
                content: rec[c].to_string(),
                address: rec[a].to_string(),
                district: rec[d].to_string(),
                street: rec[s].to_string(),
                place: String::new(),
            }
        })
        .collect()
}

/// Seconds taken by `f`, and its result.
fn once(f: impl FnOnce() -> usize) -> (f64, usize) {
    let start = Instant::now();
    let out = std::hint::black_box(f());
    (start.elapsed().as_secs_f64(), out)
}

fn main() {
    let tickets = env_num("HOTLINE_BENCH_TICKETS", 200_000);
    let runs = env_num("HOTLINE_BENCH_RUNS", 5).max(1);
    let export = common::export("text", tickets);
    let jieba = jieba_rs::Jieba::new();
    measure(
        &format!("{tickets} generated tickets (short texts)"),
        &load(&export),
        runs,
        &jieba,
    );
    // Real letters, when ../shared/data is present: long texts, no address.
    let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/shangluo_mayor_mailbox.csv");
    if real.is_file() && std::env::var_os("HOTLINE_BENCH_NO_REAL").is_none() {
        let mut r = csv::Reader::from_path(&real).unwrap();
        let rows: Vec<Row> = r
            .records()
            .filter_map(|rec| rec.ok())
            .map(|rec| Row {
                title: rec[1].to_string(),
                content: rec[2].to_string(),
                address: String::new(),
                district: String::new(),
                street: String::new(),
                place: String::new(),
            })
            .collect();
        // Repeated so that a run takes long enough to time.
        let rows: Vec<Row> = (0..20).flat_map(|_| rows.iter().map(Row::clone)).collect();
        measure(
            "the Shangluo mailbox letters ×20 (long texts)",
            &rows,
            runs,
            &jieba,
        );
    }
    // Real 12345 complaints: title, content and the export's place column.
    let fuzhou = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/fuzhou_river_complaints.xlsx");
    if fuzhou.is_file() && std::env::var_os("HOTLINE_BENCH_NO_REAL").is_none() {
        let rows = load_fuzhou(&fuzhou);
        let rows: Vec<Row> = (0..40).flat_map(|_| rows.iter().map(Row::clone)).collect();
        measure(
            "the Fuzhou 12345 complaints ×40 (real tickets)",
            &rows,
            runs,
            &jieba,
        );
    }
}

/// Title (标题), content (投诉件内容) and place (河流) of the Fuzhou export.
fn load_fuzhou(path: &std::path::Path) -> Vec<Row> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name).unwrap();
    let (t, c, p) = (col("标题"), col("投诉件内容"), col("河流"));
    rows.map(|r| Row {
        title: r[t].to_string(),
        content: r[c].to_string(),
        address: String::new(),
        district: String::new(),
        street: String::new(),
        place: r[p].to_string(),
    })
    .collect()
}

fn measure(name: &str, rows: &[Row], runs: u64, jieba: &jieba_rs::Jieba) {
    let mb = rows.iter().map(|r| r.content.len()).sum::<usize>() as f64 / 1e6;
    let mut analyzer = hotline::text::Analyzer::new(&Default::default()).unwrap();
    // As ingest does: the place of every address is found first (in
    // parallel) and the batch's names are learned; the names are learned
    // once here, and finding the places is timed with the stage below.
    let place_of = |a: &hotline::text::Analyzer, r: &Row| {
        (!r.address.is_empty())
            .then(|| a.address_place(&r.address, &[Some(&r.district), Some(&r.street), None]))
            .flatten()
    };
    let places: Vec<Option<String>> = rows.iter().map(|r| place_of(&analyzer, r)).collect();
    for (r, p) in rows.iter().zip(&places) {
        analyzer.learn_name(&r.district);
        analyzer.learn_name(&r.street);
        if let Some(p) = p {
            analyzer.learn_place(p);
        }
    }
    let analyzer = analyzer;
    let plain = |r: &Row| {
        let words: Vec<&str> = jieba
            .cut(&r.content, true)
            .into_iter()
            .map(|t| t.word)
            .collect();
        words.len()
    };
    let stage = |r: &Row| {
        let place = place_of(&analyzer, r);
        let ctx = hotline::text::RowContext {
            place: (!r.place.is_empty()).then_some(r.place.as_str()),
            address: (!r.address.is_empty()).then_some(r.address.as_str()),
            address_place: Some(place.as_deref()),
            admin: [Some(&r.district), Some(&r.street), None],
            ..Default::default()
        };
        analyzer
            .analyze(Some(&r.title), Some(&r.content), &ctx)
            .tokens
            .len()
    };
    // The stage's own segmenter (hotline dictionary and learned names) on
    // the content alone: how much of the gap is the bigger dictionary.
    let seg_only = |r: &Row| analyzer.segmenter().words(&r.content).len();
    // The stage's floor: what every ticket needs before its words can be
    // filtered (clean and mask title and content, strip the boilerplate,
    // segment), without the token filter and place finding: the share of
    // plain speed the stage could keep if those two cost nothing.
    let floor = |r: &Row| {
        let title = analyzer.stored_text(&r.title, None);
        let content = analyzer.stored_text(&r.content, None).unwrap_or_default();
        let words = analyzer
            .segmenter()
            .cut(&analyzer.analysis_text(&content))
            .len();
        words + title.map_or(0, |t| t.len())
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let cores = rayon::current_num_threads();

    // Interleaved: each run times plain and stage back to back, so that a
    // change of load on a shared machine hits both; the ratio is the median
    // of the runs' ratios.
    let mut secs: [Vec<f64>; 6] = Default::default();
    let (mut ratio1, mut ration, mut ratiof) = (Vec::new(), Vec::new(), Vec::new());
    let mut tokens = 0;
    for _ in 0..runs {
        let (j, _) = once(|| one.install(|| rows.iter().map(plain).sum()));
        let (s, t) = once(|| one.install(|| rows.iter().map(stage).sum()));
        let (g, _) = once(|| one.install(|| rows.iter().map(seg_only).sum()));
        let (f, _) = once(|| one.install(|| rows.iter().map(floor).sum()));
        let (jn, _) = once(|| rows.par_iter().map(plain).sum());
        let (sn, _) = once(|| rows.par_iter().map(stage).sum());
        for (v, x) in secs.iter_mut().zip([j, s, g, f, jn, sn]) {
            v.push(x);
        }
        ratio1.push(j / s);
        ration.push(jn / sn);
        ratiof.push(j / f);
        tokens = t;
    }
    let [j1, s1, g1, f1, jn, sn] = secs.map(median);

    println!(
        "text stage on {name}: {} texts, {mb:.1} MB of content, {tokens} tokens, {runs} runs, median:",
        rows.len()
    );
    println!("                          1 core            {cores} cores");
    println!(
        "  plain jieba-rs cut:   {:7.1} MB/s       {:7.1} MB/s",
        mb / j1,
        mb / jn
    );
    println!(
        "  hotline text stage:   {:7.1} MB/s       {:7.1} MB/s",
        mb / s1,
        mb / sn
    );
    println!("  (its segmenter alone: {:7.1} MB/s, 1 core)", mb / g1);
    println!(
        "  (clean + mask + strip + segment, no token filter or place: {:.1} MB/s, 1 core, {:.0} % of plain)",
        mb / f1,
        100.0 * median(ratiof)
    );
    println!(
        "  stage / plain:        {:7.0} %          {:7.0} %   (median of the runs' ratios)",
        100.0 * median(ratio1),
        100.0 * median(ration)
    );
}
