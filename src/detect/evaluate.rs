//! `hotline evaluate`: detection run day by day over a generated export and
//! scored against the events the generator planted (its truth file).
//!
//! The store holds the whole period, but every detector only reads tickets
//! up to the day it runs for, so day `d` sees what an operator would have
//! seen on day `d`. Surges are tested every day (the daily counts are read
//! once and sliced); class cases, repeat callers and emerging terms run
//! every `every` days (default every day, as `hotline detect` would run) and
//! on the last day. Findings go through the alert lifecycle
//! ([`super::lifecycle`]) in memory, as they would in the store, so a
//! surge that lasts five days is one alert, not five.
//!
//! Scores:
//!
//! - **surge recall**: a planted surge is found when an alert is raised,
//!   between its first day and two days after its last, on its cell or a
//!   cell containing it (the category citywide, the district); **days to
//!   detection** is that day minus the first day of the surge;
//! - **surge precision** and **false surge alerts per week**: an alert is
//!   true when, on a day it was raised, planted tickets (of any event) make
//!   at least half of its window's excess over the baseline; the others are
//!   false alarms, counted per week of the evaluated period, citywide;
//! - **class-case recall and purity**: a planted cluster is found when one
//!   alert (all its versions over the run) holds at least half of its
//!   tickets; purity is the share of that alert's tickets that are the
//!   cluster's; **precision** is the share of class-case alerts that are
//!   mostly (at least half) the tickets of one planted cluster;
//! - **repeat-caller recall and precision**: a planted repeat caller whose
//!   third ticket falls in the period is found when one alert holds at
//!   least three of its tickets; an alert is true when at least half its
//!   tickets are one planted caller's;
//! - **emerging terms**: the first day each planted term that began in
//!   the period was raised; an
//!   emerging-term alert is true when its word is a planted term or most of
//!   its tickets are planted (of any event);
//! - **alerts per week**: distinct alerts of every kind raised over the
//!   period, per week — what a centre would have to read.
//!
//! Without a truth file (a real export) the run still lists every distinct
//! alert it raised, which is how the README describes the real exports.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::config::Config;
use crate::detect::alert::{self, Alert, AlertKind, Status};
use crate::detect::surge::{self, Cell, Surge};
use crate::detect::truth::Truth;
use crate::detect::{columns, lifecycle, repeat};
use crate::engine::Engine;
use crate::error::{Error, Result};

/// Days between runs of the slower detectors, by default.
pub const SLOW_EVERY: usize = 1;
/// Days after a planted surge's end in which an alarm still counts.
const LATE_DAYS: i64 = 2;
/// First evaluated day, counted from the store's first day: the regression
/// baseline needs three weeks of history beyond its one-week guard band.
const WARM_UP_DAYS: i64 = 28;

/// The scores of one evaluation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scores {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: usize,
    pub surges: SurgeScores,
    pub class_cases: ClusterScores,
    pub repeat_callers: RepeatScores,
    pub emerging_terms: Vec<TermScore>,
    pub emerging_alerts: usize,
    pub emerging_true: usize,
    pub emerging_precision: f64,
    /// Distinct alerts of every kind raised, per week of the period.
    pub alerts_per_week: f64,
    /// Every distinct alert raised, as `first day  kind  title` (its last
    /// version), in time order: what an operator would have received.
    pub raised: Vec<String>,
    /// The same alerts with their tickets (every ticket the alert listed
    /// on any day; none for surges), to score against a gold file of one's
    /// own.
    pub alerts: Vec<Raised>,
}

/// One alert raised during an evaluation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Raised {
    pub first_day: NaiveDate,
    pub kind: AlertKind,
    pub title: String,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SurgeScores {
    /// Planted surges inside the evaluated period.
    pub planted: usize,
    pub found: usize,
    pub recall: f64,
    /// Days from each found surge's start to its first alarm.
    pub delays: Vec<i64>,
    pub median_delay: Option<f64>,
    /// Surge alerts raised (after the lifecycle) and how many were true.
    pub alerts: usize,
    pub true_alerts: usize,
    pub precision: f64,
    pub false_alerts: usize,
    pub false_per_week: f64,
    /// The planted surges that were missed: cell and first day.
    pub missed: Vec<String>,
    /// The false alerts: cell, first day raised, days raised, method.
    pub false_list: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClusterScores {
    pub planted: usize,
    pub found: usize,
    pub recall: f64,
    /// Mean purity of the alerts that found a planted cluster.
    pub purity: f64,
    /// Class-case alerts raised in all, and those mostly one planted cluster.
    pub alerts: usize,
    pub true_alerts: usize,
    pub precision: f64,
    /// The planted clusters that were missed, with the best overlap found.
    pub missed: Vec<String>,
    /// The false alerts: their last title.
    pub false_list: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RepeatScores {
    pub planted: usize,
    pub found: usize,
    pub recall: f64,
    pub alerts: usize,
    pub true_alerts: usize,
    pub precision: f64,
    /// The planted callers that were missed: place, sub-category, tickets.
    pub missed: Vec<String>,
    pub false_list: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TermScore {
    pub term: String,
    pub first_day: NaiveDate,
    pub first_alert: Option<NaiveDate>,
}

fn day(s: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::Input {
        what: "truth file".into(),
        message: format!("{what} {s:?} is not a YYYY-MM-DD day; is this a hotline truth file?"),
    })
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        ((a as f64 / b as f64) * 1000.0).round() / 1000.0
    }
}

/// Planted tickets per cell and day, over the same range as `series`.
async fn planted_counts(
    engine: &Engine,
    series: &surge::Series,
    planted: &HashSet<&str>,
) -> Result<(BTreeMap<Cell, Vec<f64>>, HashMap<String, NaiveDate>)> {
    let r = engine
        .query("SELECT ticket_id, received_at, category_l1, category_l2, district FROM tickets")
        .await?;
    let mut out: BTreeMap<Cell, Vec<f64>> = BTreeMap::new();
    let mut days = HashMap::new();
    let n = series.total.len();
    for b in &r.batches {
        for i in 0..b.num_rows() {
            let Some(id) = columns::text(b, "ticket_id", i) else {
                continue;
            };
            if !planted.contains(id.as_str()) {
                continue;
            }
            let Some(date) = columns::time(b, "received_at", i).map(|t| t.date()) else {
                continue;
            };
            days.insert(id.clone(), date);
            let Some(t) = series.index(date) else {
                continue;
            };
            let (l1, l2, d) = (
                columns::text(b, "category_l1", i),
                columns::text(b, "category_l2", i),
                columns::text(b, "district", i),
            );
            for cell in [
                Cell {
                    category_l1: l1.clone(),
                    category_l2: l2.clone(),
                    district: d.clone(),
                },
                Cell {
                    category_l1: l1.clone(),
                    category_l2: None,
                    district: d.clone(),
                },
                Cell {
                    category_l1: l1.clone(),
                    category_l2: None,
                    district: None,
                },
                Cell {
                    category_l1: None,
                    category_l2: None,
                    district: d.clone(),
                },
            ] {
                out.entry(cell).or_insert_with(|| vec![0.0; n])[t] += 1.0;
            }
        }
    }
    Ok((out, days))
}

/// What the run remembers of one surge alert.
#[derive(Debug, Default)]
struct SurgeTrack {
    cell: Option<Cell>,
    /// (day index, the day's finding).
    days: Vec<(usize, Surge)>,
}

/// Runs detection day by day from `from` to `to` and scores it.
pub async fn evaluate(
    engine: &Engine,
    truth: &Truth,
    cfg: &Config,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    every: usize,
) -> Result<Scores> {
    let every = every.max(1);
    let calendar = crate::detect::calendar(cfg)?;
    let first = columns::first_day(engine)
        .await?
        .ok_or_else(|| Error::Input {
            what: "store".into(),
            message: "the store is empty; ingest the generated export first".into(),
        })?;
    let last = engine
        .query("SELECT CAST(max(received_at) AS DATE) FROM tickets")
        .await?;
    let last = {
        use datafusion::arrow::array::AsArray;
        use datafusion::arrow::datatypes::Date32Type;
        let b = &last.batches[0];
        NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")
            + Duration::days(b.column(0).as_primitive::<Date32Type>().value(0) as i64)
    };
    let from = from
        .unwrap_or(first + Duration::days(WARM_UP_DAYS))
        .max(first);
    let to = to.unwrap_or(last).min(last);
    if to < from {
        return Err(Error::Input {
            what: "evaluation period".into(),
            message: format!("the period {from}..{to} is empty; the store covers {first}..{last}"),
        });
    }
    let series = surge::load(engine, first, to).await?;
    let planted_ids: HashSet<&str> = truth
        .surges
        .iter()
        .flat_map(|s| &s.ticket_ids)
        .chain(truth.clusters.iter().flat_map(|c| &c.ticket_ids))
        .chain(truth.repeat_callers.iter().flat_map(|r| &r.ticket_ids))
        .chain(truth.emerging_terms.iter().flat_map(|e| &e.ticket_ids))
        .map(String::as_str)
        .collect();
    let (planted, ticket_days) = planted_counts(engine, &series, &planted_ids).await?;

    let t0 = series.index(from).expect("from inside the range");
    let t1 = series.index(to).expect("to inside the range");
    let mut surge_state = lifecycle::State::default();
    let mut slow_state = lifecycle::State::default();
    let mut tracks: HashMap<String, SurgeTrack> = HashMap::new();
    let mut slow_tickets: HashMap<String, (AlertKind, BTreeSet<String>)> = HashMap::new();
    let mut titles: BTreeMap<String, (NaiveDate, AlertKind, String)> = BTreeMap::new();
    let mut term_first: BTreeMap<String, NaiveDate> = BTreeMap::new();
    let mut term_tickets: HashMap<String, (Vec<String>, BTreeSet<String>)> = HashMap::new();
    // The last figures of each alert of the slower detectors: observed,
    // expected, p-value (shown beside the false ones).
    let mut stats: HashMap<String, (u64, f64, f64)> = HashMap::new();
    for t in t0..=t1 {
        let as_of = series.day(t);
        let mut surges = surge::detect_at(
            &series,
            &calendar,
            t,
            cfg.detect.min_count,
            cfg.detect.fdr_q,
        );
        surges.truncate(cfg.detect.surge_max_alerts);
        let found: Vec<Alert> = surges
            .iter()
            .map(|s| alert::surge_alert(s, as_of))
            .collect();
        let budget = cfg.detect.new_alerts_per_run();
        let up = lifecycle::update(
            &surge_state,
            found,
            as_of,
            cfg.detect.close_after_days,
            budget,
        );
        let surge_new = up
            .alerts
            .iter()
            .filter(|a| a.status == Status::New && a.last_seen == as_of)
            .count();
        // Today's findings come first, in order (see lifecycle::update).
        for (a, s) in up.alerts.iter().zip(up.kept.iter().map(|&k| &surges[k])) {
            let first = titles.get(&a.id).map_or(as_of, |t| t.0);
            titles.insert(a.id.clone(), (first, a.kind, a.title.clone()));
            let track = tracks.entry(a.id.clone()).or_default();
            track.cell = Some(Cell {
                category_l1: s.cell.category_l1.clone(),
                category_l2: s.cell.category_l2.clone(),
                district: s.cell.district.clone(),
            });
            track.days.push((t, s.clone()));
        }
        surge_state = up.state;

        if (t - t0) % every == 0 || t == t1 {
            let found = crate::detect::problem_alerts(engine, as_of, cfg).await?;
            let up = lifecycle::update(
                &slow_state,
                found,
                as_of,
                cfg.detect.close_after_days,
                budget.saturating_sub(surge_new),
            );
            for a in up.alerts.iter().filter(|a| a.last_seen == as_of) {
                if a.kind == AlertKind::EmergingTerm {
                    let e = term_tickets
                        .entry(a.id.clone())
                        .or_insert_with(|| (Vec::new(), BTreeSet::new()));
                    e.0.extend(a.keywords.iter().cloned());
                    e.1.extend(a.ticket_ids.iter().cloned());
                    // Words that burst together are one alert; each counts.
                    for w in &a.keywords {
                        term_first.entry(w.clone()).or_insert(as_of);
                    }
                } else {
                    let e = slow_tickets
                        .entry(a.id.clone())
                        .or_insert_with(|| (a.kind, BTreeSet::new()));
                    e.1.extend(a.ticket_ids.iter().cloned());
                }
                let first = titles.get(&a.id).map_or(as_of, |t| t.0);
                titles.insert(a.id.clone(), (first, a.kind, a.title.clone()));
                stats.insert(a.id.clone(), (a.observed, a.expected, a.p_value));
            }
            slow_state = up.state;
        }
    }

    // Surges: recall and delay.
    let mut delays = Vec::new();
    let mut missed = Vec::new();
    let mut planted_n = 0;
    for s in &truth.surges {
        let (start, end) = (day(&s.start, "start")?, day(&s.end, "end")?);
        if start < from || start > to {
            continue;
        }
        planted_n += 1;
        let cell = Cell {
            category_l1: Some(s.category_l1.clone()),
            category_l2: Some(s.category_l2.clone()),
            district: Some(s.district.clone()),
        };
        let first_alarm = tracks
            .values()
            .filter(|tr| {
                tr.cell
                    .as_ref()
                    .is_some_and(|c| *c == cell || c.contains(&cell))
            })
            .flat_map(|tr| tr.days.iter().map(|(t, _)| series.day(*t)))
            .filter(|d| *d >= start && *d <= end + Duration::days(LATE_DAYS))
            .min();
        match first_alarm {
            Some(d) => delays.push((d - start).num_days()),
            None => missed.push(format!("{} from {start}", cell.label())),
        }
    }
    // Surges: which alerts were true.
    let mut true_alerts = 0;
    let mut false_list = Vec::new();
    for tr in tracks.values() {
        let Some(cell) = &tr.cell else { continue };
        let p = planted.get(cell);
        let is_true = tr.days.iter().any(|(t, s)| {
            let w0 = t + 1 - s.window_days;
            let planted_in: f64 = p.map_or(0.0, |v| v[w0..=*t].iter().sum());
            let excess = s.observed as f64 - s.expected;
            planted_in > 0.0 && planted_in >= 0.5 * excess
        });
        if is_true {
            true_alerts += 1;
        } else if let Some((t, s)) = tr.days.first() {
            false_list.push(format!(
                "{} {} ×{} days, {} {}/{:.1} in {} days, p {:.1e}{}",
                series.day(*t),
                cell.label(),
                tr.days.len(),
                match s.method {
                    surge::Method::Regression => "regression",
                    surge::Method::Ears => "ears",
                },
                s.observed,
                s.expected,
                s.window_days,
                s.p_value,
                if s.slow_rise { " cusum" } else { "" }
            ));
        }
    }
    let weeks = (t1 - t0 + 1) as f64 / 7.0;
    let n_alerts = tracks.len();
    let mut sorted = delays.clone();
    sorted.sort_unstable();
    let median_delay = (!sorted.is_empty()).then(|| {
        let n = sorted.len();
        if n % 2 == 1 {
            sorted[n / 2] as f64
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
        }
    });
    let surges = SurgeScores {
        planted: planted_n,
        found: delays.len(),
        recall: ratio(delays.len(), planted_n),
        delays,
        median_delay,
        alerts: n_alerts,
        true_alerts,
        precision: ratio(true_alerts, n_alerts),
        false_alerts: n_alerts - true_alerts,
        false_per_week: (((n_alerts - true_alerts) as f64 / weeks) * 100.0).round() / 100.0,
        missed,
        false_list: {
            false_list.sort();
            false_list
        },
    };

    // Class cases and repeat callers.
    let of_kind = |k: AlertKind| -> Vec<(&String, &BTreeSet<String>)> {
        let mut v: Vec<(&String, &BTreeSet<String>)> = slow_tickets
            .iter()
            .filter(|(_, (kind, _))| *kind == k)
            .map(|(id, (_, t))| (id, t))
            .collect();
        v.sort();
        v
    };
    let title_of = |id: &str| {
        let figures = stats
            .get(id)
            .map(|(o, e, p)| format!(" [{o} against {e:.1} expected, p {p:.1e}]"))
            .unwrap_or_default();
        titles
            .get(id)
            .map(|(d, _, t)| format!("{d} {t}{figures}"))
            .unwrap_or_default()
    };
    // Whether at least half the tickets of `alert` are those of one of `sets`.
    let mostly_one = |alert: &BTreeSet<String>, sets: &[HashSet<&str>]| {
        sets.iter()
            .any(|ids| 2 * alert.iter().filter(|t| ids.contains(t.as_str())).count() >= alert.len())
    };
    let clusters = of_kind(AlertKind::ClassCase);
    let planted_clusters: Vec<HashSet<&str>> = truth
        .clusters
        .iter()
        .map(|c| c.ticket_ids.iter().map(String::as_str).collect())
        .collect();
    let mut c_found = 0;
    let mut purity = Vec::new();
    let mut c_planted = 0;
    let mut c_missed = Vec::new();
    for (c, ids) in truth.clusters.iter().zip(&planted_clusters) {
        let (start, end) = (day(&c.start, "start")?, day(&c.end, "end")?);
        if end < from || start > to {
            continue;
        }
        c_planted += 1;
        let best = clusters
            .iter()
            .map(|(_, a)| (a.iter().filter(|t| ids.contains(t.as_str())).count(), *a))
            .max_by_key(|(n, a)| (*n, std::cmp::Reverse(a.len())));
        match best {
            Some((n, a)) if 2 * n >= ids.len() => {
                c_found += 1;
                purity.push(n as f64 / a.len() as f64);
            }
            other => c_missed.push(format!(
                "{} {} {} {}..{}: {} tickets, best alert holds {}",
                c.district,
                c.place,
                c.category_l2,
                c.start,
                c.end,
                ids.len(),
                other.map_or(0, |(n, _)| n)
            )),
        }
    }
    let c_false: Vec<String> = clusters
        .iter()
        .filter(|(_, a)| !mostly_one(a, &planted_clusters))
        .map(|(id, a)| format!("{} ({} tickets)", title_of(id), a.len()))
        .collect();
    let repeats = of_kind(AlertKind::RepeatCaller);
    let planted_repeats: Vec<HashSet<&str>> = truth
        .repeat_callers
        .iter()
        .map(|r| r.ticket_ids.iter().map(String::as_str).collect())
        .collect();
    let mut r_found = 0;
    let mut r_planted = 0;
    let mut r_missed = Vec::new();
    for (r, ids) in truth.repeat_callers.iter().zip(&planted_repeats) {
        // In the period when its third ticket (the one that makes it a
        // repeat) falls inside it.
        let mut when: Vec<NaiveDate> = r
            .ticket_ids
            .iter()
            .filter_map(|t| ticket_days.get(t).copied())
            .collect();
        when.sort_unstable();
        match when.get(repeat::MIN_TICKETS - 1) {
            Some(d) if *d >= from && *d <= to => {}
            _ => continue,
        }
        r_planted += 1;
        if repeats.iter().any(|(_, a)| {
            a.iter().filter(|t| ids.contains(t.as_str())).count() >= repeat::MIN_TICKETS
        }) {
            r_found += 1;
        } else {
            r_missed.push(format!(
                "{} {} {}: {}",
                r.district,
                r.place,
                r.category_l2,
                r.ticket_ids.join(" ")
            ));
        }
    }
    let r_false: Vec<String> = repeats
        .iter()
        .filter(|(_, a)| !mostly_one(a, &planted_repeats))
        .map(|(id, a)| format!("{} ({} tickets)", title_of(id), a.len()))
        .collect();
    // A term planted before the period began is no longer new in it.
    let mut emerging_terms = Vec::new();
    for e in &truth.emerging_terms {
        let first_day = day(&e.first_day, "first_day")?;
        if first_day < from || first_day > to {
            continue;
        }
        emerging_terms.push(TermScore {
            term: e.term.clone(),
            first_day,
            first_alert: term_first.get(&e.term).copied(),
        });
    }
    let planted_terms: HashSet<&str> = truth
        .emerging_terms
        .iter()
        .map(|e| e.term.as_str())
        .collect();
    let e_true = term_tickets
        .values()
        .filter(|(words, ids)| {
            words.iter().any(|w| planted_terms.contains(w.as_str()))
                || 2 * ids
                    .iter()
                    .filter(|t| planted_ids.contains(t.as_str()))
                    .count()
                    >= ids.len()
        })
        .count();
    let all_alerts = tracks.len() + slow_tickets.len() + term_tickets.len();
    Ok(Scores {
        from,
        to,
        days: t1 - t0 + 1,
        surges,
        class_cases: ClusterScores {
            planted: c_planted,
            found: c_found,
            recall: ratio(c_found, c_planted),
            purity: if purity.is_empty() {
                0.0
            } else {
                ((purity.iter().sum::<f64>() / purity.len() as f64) * 1000.0).round() / 1000.0
            },
            alerts: clusters.len(),
            true_alerts: clusters.len() - c_false.len(),
            precision: ratio(clusters.len() - c_false.len(), clusters.len()),
            missed: c_missed,
            false_list: c_false,
        },
        repeat_callers: RepeatScores {
            planted: r_planted,
            found: r_found,
            recall: ratio(r_found, r_planted),
            alerts: repeats.len(),
            true_alerts: repeats.len() - r_false.len(),
            precision: ratio(repeats.len() - r_false.len(), repeats.len()),
            missed: r_missed,
            false_list: r_false,
        },
        emerging_terms,
        emerging_alerts: term_tickets.len(),
        emerging_true: e_true,
        emerging_precision: ratio(e_true, term_tickets.len()),
        alerts_per_week: ((all_alerts as f64 / weeks) * 100.0).round() / 100.0,
        raised: {
            let mut v: Vec<&(NaiveDate, AlertKind, String)> = titles.values().collect();
            v.sort();
            v.into_iter()
                .map(|(d, k, t)| format!("{d}  {k}  {t}"))
                .collect()
        },
        alerts: {
            let mut v: Vec<Raised> = titles
                .into_iter()
                .map(|(id, (first_day, kind, title))| Raised {
                    first_day,
                    kind,
                    title,
                    ticket_ids: slow_tickets
                        .get(&id)
                        .map(|e| &e.1)
                        .or_else(|| term_tickets.get(&id).map(|e| &e.1))
                        .map(|ids| ids.iter().cloned().collect())
                        .unwrap_or_default(),
                })
                .collect();
            v.sort_by(|a, b| {
                (a.first_day, &a.kind, &a.title).cmp(&(b.first_day, &b.kind, &b.title))
            });
            v
        },
    })
}

/// Reads a truth file written by `hotline gen`.
pub fn read_truth(path: &std::path::Path) -> Result<Truth> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        message: format!(
            "not a truth file of `hotline gen` ({e}); it is written beside the export as EXPORT.truth.json"
        ),
    })
}
