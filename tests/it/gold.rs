//! Quality on the real exports, against gold files written by reading them
//! (tests/gold/README.md, tests/gold/hot_issues.md): the place of each
//! ticket resolved to an entity, and the hot issues of `hotline hotspots`.
//! Every gold set is split into a half the methods were tuned on and a half
//! only scored; the figures printed here (run with `--nocapture`) are the
//! README's, and the assertions hold the held-out half to them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use datafusion::arrow::array::{Array, AsArray};
use hotline::detect::hotspots::Hotspot;
use hotline::engine::Engine;
use hotline::text::gazetteer::Gazetteer;

use crate::util::*;

fn gold_file(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gold")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// The real exports by the gold files' source names.
fn export(source: &str) -> Option<PathBuf> {
    shared_file(match source {
        "fuzhou" => "fuzhou_river_complaints.xlsx",
        "shangluo" => "shangluo_mayor_mailbox.csv",
        _ => "a_city_letters.xlsx",
    })
}

/// Ticket id → stored place, and the store's gazetteer.
fn places_of(store: &Path) -> (HashMap<String, Option<String>>, Gazetteer) {
    block_on(async {
        let engine = Engine::open(store).await.unwrap();
        let r = engine
            .query("SELECT ticket_id, place FROM tickets")
            .await
            .unwrap();
        let mut out = HashMap::new();
        for b in &r.batches {
            let (id, place) = (
                b.column(0).as_string::<i32>(),
                b.column(1).as_string::<i32>(),
            );
            for i in 0..b.num_rows() {
                out.insert(
                    id.value(i).to_string(),
                    (!place.is_null(i)).then(|| place.value(i).to_string()),
                );
            }
        }
        let last = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
        let gaz = hotline::detect::places::gazetteer(&engine, last)
            .await
            .unwrap();
        (out, gaz)
    })
}

/// Precision and recall of a split: (places given, right, gold places,
/// found).
#[derive(Default, Debug, Clone, Copy)]
struct PlaceScore {
    given: usize,
    right: usize,
    gold: usize,
    found: usize,
}

impl PlaceScore {
    fn precision(&self) -> f64 {
        self.right as f64 / self.given.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }
}

/// Places: for each gold row, the ticket's stored place resolved by the
/// store's gazetteer against the gold place (any of its `|` alternatives,
/// resolved by the same gazetteer).
#[test]
fn places_resolve_to_the_gold_entity() {
    let gold = gold_file("places.tsv");
    let mut rows: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for line in gold.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        rows.entry(f[0].to_string()).or_default().push((
            f[1].to_string(),
            f[2].to_string(),
            f[5].trim().to_string(),
        ));
    }
    let mut total: BTreeMap<String, PlaceScore> = BTreeMap::new();
    let mut any = false;
    for (source, rows) in &rows {
        let Some(file) = export(source) else {
            continue;
        };
        any = true;
        let dir = tmp();
        let store = dir.path().join("store");
        ingest_files(&store, &[file], &config()).unwrap();
        let (places, gaz) = places_of(&store);
        let mut split: BTreeMap<&str, PlaceScore> = BTreeMap::new();
        for (id, want, part) in rows {
            let s = split.entry(part.as_str()).or_default();
            let ours = places
                .get(id)
                .cloned()
                .flatten()
                .and_then(|p| gaz.entity_id(&p));
            let wanted: BTreeSet<String> = want
                .split('|')
                .filter(|w| !w.is_empty())
                .filter_map(|w| gaz.entity_id(w).or_else(|| Some(w.to_string())))
                .collect();
            if ours.is_some() {
                s.given += 1;
            }
            if !wanted.is_empty() {
                s.gold += 1;
            }
            let right = ours.as_ref().is_some_and(|o| wanted.contains(o));
            if right {
                s.right += 1;
                s.found += 1;
            }
            if std::env::var_os("HOTLINE_GOLD_VERBOSE").is_some() && !right {
                eprintln!("{source} {part} {id}: ours {ours:?}, gold {want}");
            }
        }
        for (part, s) in split {
            eprintln!(
                "places {source} {part}: precision {}/{} = {:.0} %, recall {}/{} = {:.0} %",
                s.right,
                s.given,
                100.0 * s.precision(),
                s.found,
                s.gold,
                100.0 * s.recall()
            );
            let t = total.entry(part.to_string()).or_default();
            t.given += s.given;
            t.right += s.right;
            t.gold += s.gold;
            t.found += s.found;
        }
    }
    if !any {
        return;
    }
    for (part, s) in &total {
        eprintln!(
            "places, all sources, {part}: precision {:.0} %, recall {:.0} %",
            100.0 * s.precision(),
            100.0 * s.recall()
        );
    }
    // The held-out figures as last measured (55.5 % and 55.5 %,
    // docs/detection.md), kept from falling back.
    let test = total["test"];
    assert!(test.precision() >= 0.55, "{test:?}");
    assert!(test.recall() >= 0.55, "{test:?}");
}

/// Hot issues: `hotline hotspots --period all` of each real export; a gold
/// issue is found when one hot issue holds at least half of its letters.
/// Issues with an odd number are the tuning half, even ones held out.
#[test]
fn hot_issues_of_the_real_exports_are_found() {
    let gold = gold_file("hot_issues.tsv");
    let mut issues: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    for line in gold.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        issues.entry(f[0].to_string()).or_default().push((
            f[1].to_string(),
            f[4].trim().split(',').map(str::to_string).collect(),
        ));
    }
    // found, planted, in the top (as many as the export's gold issues),
    // purity sum — by split.
    let mut total: BTreeMap<&str, (usize, usize, usize, f64)> = BTreeMap::new();
    let mut any = false;
    for (source, issues) in &issues {
        let Some(file) = export(source) else {
            continue;
        };
        any = true;
        let dir = tmp();
        let store = dir.path().join("store");
        ingest_files(&store, &[file], &config()).unwrap();
        let rows: Vec<Hotspot> = block_on(async {
            let engine = Engine::open(&store).await.unwrap();
            let period = hotline::engine::period::Period::parse(
                "all",
                NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            )
            .unwrap();
            hotline::detect::hotspots::hotspots(&engine, &period, 200)
                .await
                .unwrap()
        });
        for (slug, ids) in issues {
            let n: usize = slug.rsplit('-').next().unwrap().parse().unwrap();
            let part = if n % 2 == 1 { "tune" } else { "test" };
            let best = rows
                .iter()
                .map(|r| (r.ticket_ids.iter().filter(|t| ids.contains(*t)).count(), r))
                .max_by_key(|(n, r)| (*n, std::cmp::Reverse(r.rank)));
            if std::env::var_os("HOTLINE_GOLD_VERBOSE").is_some() && part == "tune" {
                // Where the issue's letters went: the hot issues holding
                // most of them.
                let mut held: Vec<(usize, &Hotspot)> = rows
                    .iter()
                    .map(|r| (r.ticket_ids.iter().filter(|t| ids.contains(*t)).count(), r))
                    .filter(|(n, _)| *n > 0)
                    .collect();
                held.sort_by_key(|(n, r)| (std::cmp::Reverse(*n), r.rank));
                eprintln!("{slug} ({} letters):", ids.len());
                for (n, r) in held.iter().take(4) {
                    eprintln!(
                        "    {n} in #{} of {} ({:?}, {})",
                        r.rank,
                        r.ticket_ids.len(),
                        r.place,
                        r.title
                    );
                }
            }
            let t = total.entry(part).or_default();
            t.1 += 1;
            if let Some((n, r)) = best
                && 2 * n >= ids.len()
            {
                t.0 += 1;
                t.3 += n as f64 / r.ticket_ids.len() as f64;
                if r.rank <= issues.len() {
                    t.2 += 1;
                }
            }
        }
    }
    if !any {
        return;
    }
    for (part, (found, planted, top, purity)) in &total {
        eprintln!(
            "hot issues {part}: found {found}/{planted} = {:.0} %, {top} in the top, purity {:.0} %",
            100.0 * *found as f64 / *planted as f64,
            100.0 * purity / (*found).max(1) as f64
        );
    }
    // The held-out figure as last measured (19 of 25, docs/detection.md),
    // kept from falling back; the aim is 90 %.
    let (found, planted, _, _) = total["test"];
    assert!(found as f64 >= 0.75 * planted as f64, "{total:?}");
}
