//! `hotline explain`: the evidence behind one alert, for the analyst who
//! must decide whether to pass it on.
//!
//! Alerts are read from an alerts.jsonl file (the stored alert state is
//! still to come). For a surge the cell's daily series is recomputed from
//! the store as of the alert's last day, with the baseline the test used
//! (mean and variance after leaving out outbreak days), the 1–3-day window
//! totals and the day's p-value. For the other kinds, the alert's tickets
//! are listed (date, place, category, title; text as stored, so masked)
//! with the reason they belong together.

use std::path::Path;

use chrono::Duration;
use serde::Serialize;

use crate::detect::alert::Alert;
use crate::detect::surge::{self, Cell};
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::{Error, Result};

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
    Err(Error::Flag {
        flag: "ALERT_ID".into(),
        message: format!(
            "no alert {id} in {}; the ids are in the first field of each line",
            alerts.display()
        ),
    })
}

/// The evidence of `alert` from the store.
pub async fn explain(engine: &Engine, alert: Alert) -> Result<Explanation> {
    let mut lines = Vec::new();
    if alert.kind == "surge" {
        let as_of = alert.last_seen;
        let series = surge::daily_counts(engine, as_of).await?;
        let cell = Cell {
            category_l1: alert.category.clone(),
            category_l2: alert.category_l2.clone(),
            district: alert.district.clone(),
        };
        let y = series.get(&cell).cloned().unwrap_or_default();
        if y.is_empty() {
            lines.push("the store has no tickets of this cell any more".into());
        } else {
            let t = y.len() - 1;
            let start = as_of - Duration::days(t as i64);
            lines.push(format!(
                "daily tickets of {} from {start} to {as_of}:",
                cell.label()
            ));
            for (w, week) in y.chunks(7).enumerate() {
                let from = start + Duration::days(7 * w as i64);
                let counts: Vec<String> = week.iter().map(|v| format!("{v:>3}")).collect();
                lines.push(format!("  {from}  {}", counts.join(" ")));
            }
            let (bs, be) = surge::baseline_range(t).unwrap_or((0, 0));
            let (mean, var) = surge::robust_baseline(&y[bs..=be]);
            lines.push(format!(
                "baseline: {} to {} (guard band of 2 days before the tested window), outbreak days left out: mean {:.2}/day, variance {:.2}",
                start + Duration::days(bs as i64),
                start + Duration::days(be as i64),
                mean,
                var
            ));
            let mut total = 0.0;
            for k in 1..=3usize {
                total += y[t + 1 - k];
                lines.push(format!(
                    "last {k} day(s): {total} tickets against {:.2} expected",
                    k as f64 * mean.max(0.2)
                ));
            }
            if let Some((p, _)) = surge::day_p(&y, t) {
                lines.push(format!(
                    "p-value of the day (smallest window tail × 3): {p:.3e}; the alert passed the Benjamini–Hochberg line across all cells tested that day"
                ));
            }
        }
    } else {
        let why = match alert.kind.as_str() {
            "class_case" => {
                "joined because their texts are near-duplicates (shingle Jaccard ≥ 0.5) or they name the same place with the same sub-category or similar words"
            }
            "repeat_caller" => {
                "one caller (or one address and category) about one problem: same category and place, or similar words"
            }
            "emerging_term" => "the tickets of the last 7 days that use the word",
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
