//! Alerts in the format of docs/design.md (alerts.jsonl, one object per line),
//! built from detector findings and the tickets behind them.
//!
//! The responsible department here is the one that handled most of the
//! alert's tickets; [`super::detect`] then applies the `[routing]` rules.
//! Severity: red when p < 1e-4 and the count is at least three times the
//! baseline, orange when p < 1e-3, yellow otherwise.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use datafusion::arrow::array::{Array, AsArray};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::detect::surge::Surge;
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;

/// One alert.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Alert {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub severity: String,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub category: Option<String>,
    pub category_l2: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    pub location: Option<String>,
    pub observed: u64,
    pub expected: f64,
    pub score: f64,
    pub p_value: f64,
    pub title: String,
    pub keywords: Vec<String>,
    pub department: Option<String>,
    pub ticket_ids: Vec<String>,
    pub caller_count: u64,
    /// The day a run closed the alert (closed alerts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
}

/// Alerts as JSON Lines, one object per line.
pub fn to_jsonl(alerts: &[Alert]) -> String {
    let mut s = String::new();
    for a in alerts {
        s.push_str(&serde_json::to_string(a).expect("alerts serialize"));
        s.push('\n');
    }
    s
}

/// Severity from the p-value and the ratio of observed to expected.
pub fn severity(p_value: f64, observed: f64, expected: f64) -> &'static str {
    if p_value < 1e-4 && observed >= 3.0 * expected.max(1.0) {
        "red"
    } else if p_value < 1e-3 {
        "orange"
    } else {
        "yellow"
    }
}

/// A stable alert id: the kind, the cell and the first day of the episode.
pub fn alert_id(kind: &str, key: &str, first_seen: NaiveDate) -> String {
    format!(
        "{}-{:016x}",
        kind.replace('_', "-"),
        xxh3_64(format!("{kind}\u{1f}{key}\u{1f}{first_seen}").as_bytes())
    )
}

/// The tickets of a surge's cell during its episode, with the facts an
/// alert reports about them.
struct Evidence {
    ticket_ids: Vec<String>,
    callers: u64,
    department: Option<String>,
    keywords: Vec<String>,
}

async fn evidence(engine: &Engine, s: &Surge, as_of: NaiveDate) -> Result<Evidence> {
    let mut p = Params::new()
        .day("start", s.episode_start)
        .day("end", as_of + Duration::days(1));
    let mut filter = String::from("received_at >= $start AND received_at < $end");
    for (col, v) in [
        ("category_l1", &s.cell.category_l1),
        ("category_l2", &s.cell.category_l2),
        ("district", &s.cell.district),
    ] {
        if let Some(v) = v {
            filter.push_str(&format!(" AND {col} = ${col}"));
            p = p.text(col, v);
        }
    }
    let r = engine
        .query_with(
            &format!(
                "SELECT ticket_id, caller_key, department, tokens FROM tickets WHERE {filter} ORDER BY received_at, ticket_id"
            ),
            &p,
        )
        .await?;
    let mut ids = Vec::new();
    let mut callers = std::collections::BTreeSet::new();
    let mut depts: BTreeMap<String, u64> = BTreeMap::new();
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    for b in &r.batches {
        let id = b.column(0).as_string::<i32>();
        let caller = b.column(1).as_string::<i32>();
        let dept = b.column(2).as_string::<i32>();
        let tokens = b.column(3).as_list::<i32>();
        for i in 0..b.num_rows() {
            ids.push(id.value(i).to_string());
            if !caller.is_null(i) {
                callers.insert(caller.value(i).to_string());
            }
            if !dept.is_null(i) {
                *depts.entry(dept.value(i).to_string()).or_default() += 1;
            }
            if !tokens.is_null(i) {
                let list = tokens.value(i);
                let list = list.as_string::<i32>();
                let mut seen = std::collections::BTreeSet::new();
                for j in 0..list.len() {
                    if seen.insert(list.value(j)) {
                        *words.entry(list.value(j).to_string()).or_default() += 1;
                    }
                }
            }
        }
    }
    let department = depts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(d, _)| d);
    let mut kw: Vec<(String, u64)> = words.into_iter().collect();
    kw.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Evidence {
        ticket_ids: ids,
        callers: callers.len() as u64,
        department,
        keywords: kw.into_iter().take(5).map(|(w, _)| w).collect(),
    })
}

/// The alerts of the surges found on `as_of`, with their tickets, callers,
/// keywords and the department that handled most of them.
pub async fn surge_alerts(
    engine: &Engine,
    surges: &[Surge],
    as_of: NaiveDate,
) -> Result<Vec<Alert>> {
    let mut out = Vec::with_capacity(surges.len());
    for s in surges {
        let ev = evidence(engine, s, as_of).await?;
        let mut a = surge_alert(s, as_of);
        a.keywords = ev.keywords;
        a.department = ev.department;
        a.ticket_ids = ev.ticket_ids;
        a.caller_count = ev.callers;
        out.push(a);
    }
    Ok(out)
}

/// The alert of one surge, without the facts read from its tickets.
pub fn surge_alert(s: &Surge, as_of: NaiveDate) -> Alert {
    let key = format!(
        "{}|{}|{}",
        s.cell.category_l1.as_deref().unwrap_or(""),
        s.cell.category_l2.as_deref().unwrap_or(""),
        s.cell.district.as_deref().unwrap_or("")
    );
    let days = (as_of - s.episode_start).num_days() + 1;
    let when = if s.window_days == 1 {
        format!("{} 当日", as_of.format("%-m月%-d日"))
    } else {
        format!("近 {} 日", s.window_days)
    };
    let rise = if s.slow_rise {
        "持续上升"
    } else {
        "激增"
    };
    Alert {
        id: alert_id("surge", &key, s.episode_start),
        kind: "surge".into(),
        status: if s.episode_start == as_of {
            "new"
        } else {
            "ongoing"
        }
        .into(),
        severity: severity(s.p_value, s.observed as f64, s.expected).into(),
        first_seen: s.episode_start,
        last_seen: as_of,
        window_start: s.window_start,
        window_end: as_of,
        category: s.cell.category_l1.clone(),
        category_l2: s.cell.category_l2.clone(),
        district: s.cell.district.clone(),
        street: None,
        location: None,
        observed: s.observed,
        expected: s.expected,
        score: if s.expected > 0.0 {
            ((s.observed as f64 / s.expected) * 100.0).round() / 100.0
        } else {
            0.0
        },
        p_value: s.p_value,
        title: format!(
            "{} 工单{rise}：{when} {} 件，基线预期约 {:.1} 件，已持续 {} 天",
            s.cell.label, s.observed, s.expected, days
        ),
        keywords: Vec::new(),
        department: None,
        ticket_ids: Vec::new(),
        caller_count: 0,
        closed_on: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let d = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        assert_eq!(alert_id("surge", "a|b|c", d), alert_id("surge", "a|b|c", d));
        assert_ne!(alert_id("surge", "a|b|c", d), alert_id("surge", "a|b|d", d));
        assert_ne!(
            alert_id("surge", "a|b|c", d),
            alert_id("surge", "a|b|c", d + Duration::days(1))
        );
        assert!(alert_id("class_case", "x", d).starts_with("class-case-"));
    }

    #[test]
    fn severity_levels() {
        assert_eq!(severity(1e-6, 12.0, 2.0), "red");
        assert_eq!(severity(1e-6, 5.0, 2.0), "orange");
        assert_eq!(severity(5e-4, 12.0, 2.0), "orange");
        assert_eq!(severity(0.01, 12.0, 2.0), "yellow");
    }
}
