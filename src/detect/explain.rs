//! `hotline explain`: the evidence behind one alert, for the analyst who
//! must decide whether to pass it on.
//!
//! Alerts are read from the store's alert state ([`super::lifecycle`]) or
//! from an alerts.jsonl file. For a surge the cell's daily series is recomputed from
//! the store as of the alert's last day, with the baseline the test used
//! (mean and variance after leaving out outbreak days), the 1–3-day window
//! totals and the day's p-value. For the other kinds, the alert's tickets
//! are listed (date, place, category, title; text as stored, so masked)
//! with the reason they belong together.

use std::path::Path;

use serde::Serialize;

use crate::detect::alert::{Alert, AlertKind};
use crate::detect::stats::calendar::Calendar;
use crate::detect::surge::{self, Cell};
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::{Error, Result};

/// Days of the series printed.
const SHOWN_DAYS: usize = 42;

/// The evidence of one alert, ready to print.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    pub alert: Alert,
    /// Lines of evidence, in reading order.
    pub lines: Vec<String>,
}

/// Finds alert `id` in the JSON Lines file `alerts`.
pub fn find_alert(alerts: &Path, id: &str) -> Result<Alert> {
    let text = std::fs::read_to_string(alerts).map_err(|e| Error::read(alerts, e))?;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| Error::Format {
            path: alerts.to_path_buf(),
            message: format!("line {}: not a JSON alert ({e})", n + 1),
        })?;
        if v["id"] == id {
            return serde_json::from_value(v).map_err(|e| Error::Format {
                path: alerts.to_path_buf(),
                message: format!("line {}: the alert lacks a field ({e})", n + 1),
            });
        }
    }
    Err(Error::Input {
        what: "alert id".into(),
        message: format!(
            "no alert {id} in {}; the ids are in the first field of each line",
            alerts.display()
        ),
    })
}

/// Finds alert `id` in the store's alert state (open alerts and those
/// closed in the last 90 days).
pub fn find_stored(store: &Path, id: &str) -> Result<Alert> {
    let state = crate::detect::lifecycle::load(store)?;
    state
        .alerts
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::Input {
            what: "alert id".into(),
            message: format!(
                "no alert {id} in the alert state of {} (run `hotline detect` first, or give --alerts FILE for an alerts.jsonl)",
                store.display()
            ),
        })
}

/// The evidence of `alert` from the store.
pub async fn explain(engine: &Engine, alert: Alert, calendar: &Calendar) -> Result<Explanation> {
    let mut lines = Vec::new();
    if alert.kind == AlertKind::Surge {
        let as_of = alert.last_seen;
        let series = surge::daily_counts(engine, as_of).await?;
        let cell = Cell {
            category_l1: alert.category.clone(),
            category_l2: alert.category_l2.clone(),
            district: alert.district.clone(),
        };
        match (series.cells.get(&cell), series.index(as_of)) {
            (Some(y), Some(t)) => {
                let shown = t.saturating_sub(SHOWN_DAYS - 1).max(series.first_valid);
                lines.push(format!(
                    "daily tickets of {} from {} to {as_of}:",
                    cell.label(),
                    series.day(shown)
                ));
                for (w, week) in y[shown..=t].chunks(7).enumerate() {
                    let from = series.day(shown + 7 * w);
                    let counts: Vec<String> = week.iter().map(|v| format!("{v:>4}")).collect();
                    lines.push(format!("  {from} {}", counts.join("")));
                }
                let model = surge::Model {
                    series: &series,
                    calendar,
                };
                match model.test(y, t) {
                    Some(test) => {
                        match test.method {
                            surge::Method::Regression => lines.push(format!(
                                "baseline: negative-binomial regression on {} to {} (a guard band of {} days before the as-of day), the rest of the city as exposure, {}holidays{}; outbreak days down-weighted; dispersion φ = {:.2}",
                                series.day(test.fit_from),
                                series.day(test.fit_to),
                                surge::GUARD_DAYS,
                                if test.weekday { "day of week, " } else { "" },
                                if test.trend { ", a significant trend" } else { "" },
                                test.phi
                            )),
                            surge::Method::Ears => lines.push(format!(
                                "baseline (short history, EARS-style): {} to {}, outbreak days left out, variance/mean {:.2}",
                                series.day(test.fit_from),
                                series.day(test.fit_to),
                                test.phi
                            )),
                        }
                        lines.push(format!("expected on {as_of}: {:.2}", test.expected_today));
                        for w in &test.windows {
                            lines.push(format!(
                                "last {:>2} day(s){}: {} tickets against {:.2} expected (sd {:.2}), tail p = {:.3e}",
                                w.days,
                                if w.cusum { " (CUSUM run)" } else { "" },
                                w.observed,
                                w.expected,
                                w.variance.sqrt(),
                                w.p_value
                            ));
                        }
                        let e = crate::detect::stats::ears::ears(y, t);
                        let stat = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.2}"));
                        lines.push(format!(
                            "EARS statistics of the day (for comparison; thresholds 3, 3, 2): C1 {}, C2 {}, C3 {}",
                            stat(e.c1),
                            stat(e.c2),
                            stat(e.c3)
                        ));
                        if let Some(c) = test.cusum {
                            lines.push(format!(
                                "CUSUM of standardised residuals: {c:.2} (signals above 4)"
                            ));
                        }
                        lines.push(format!(
                            "p-value of the day (smallest window tail × number of tests): {:.3e}; the alert passed the Benjamini–Hochberg line across all cells tested that day",
                            test.p_value
                        ));
                    }
                    None => lines.push("too little history for a baseline".into()),
                }
            }
            _ => lines.push("the store has no tickets of this cell on that day any more".into()),
        }
    } else {
        let why = match alert.kind {
            AlertKind::ClassCase => {
                "joined by single-pass clustering (src/detect/problems.rs): they name one place entity and share content words, or, without a place, their words alone are alike"
            }
            AlertKind::RepeatCaller => {
                "one caller (or one address and category) about one problem: same category and place, or similar words"
            }
            AlertKind::EmergingTerm => "the tickets of the last 7 days that use the word",
            _ => "the alert's tickets",
        };
        lines.push(format!("{} tickets, {why}:", alert.ticket_ids.len()));
        let mut p = Params::new();
        let ids: Vec<String> = alert.ticket_ids.clone();
        let mut placeholders = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let name = format!("t{i}");
            placeholders.push(format!("${name}"));
            p = p.text(&name, id);
        }
        if !ids.is_empty() {
            let r = engine
                .query_with(
                    &format!(
                        "SELECT CAST(received_at AS DATE) AS day, ticket_id, place, category_l2, coalesce(title, content) AS text \
                         FROM tickets WHERE ticket_id IN ({}) ORDER BY received_at, ticket_id",
                        placeholders.join(", ")
                    ),
                    &p,
                )
                .await?;
            use datafusion::arrow::array::{Array, AsArray};
            for b in &r.batches {
                for i in 0..b.num_rows() {
                    let cells: Vec<String> = (0..5)
                        .map(|c| {
                            let col = b.column(c);
                            if col.is_null(i) {
                                "-".to_string()
                            } else if c == 0 {
                                datafusion::arrow::util::display::array_value_to_string(col, i)
                                    .unwrap_or_default()
                            } else if c == 4 {
                                // Masked again: an older store may hold
                                // numbers the masker of its day let through.
                                crate::text::mask::mask_any(col.as_string::<i32>().value(i), &[])
                                    .into_owned()
                            } else {
                                col.as_string::<i32>().value(i).to_string()
                            }
                        })
                        .collect();
                    lines.push(format!("  {}", cells.join("  ")));
                }
            }
        }
    }
    Ok(Explanation { alert, lines })
}
