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

/// What detector raised an alert. Serialized as `surge`, `class_case`,
/// `repeat_caller`, `emerging_term`; ordered as those names are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    ClassCase,
    EmergingTerm,
    RepeatCaller,
    Surge,
}

impl AlertKind {
    /// The name in alerts.jsonl and ids.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Surge => "surge",
            AlertKind::ClassCase => "class_case",
            AlertKind::RepeatCaller => "repeat_caller",
            AlertKind::EmergingTerm => "emerging_term",
        }
    }

    /// The name in notices and briefings: 工单激增 / 类案 / 重复投诉 / 新兴诉求.
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::Surge => "工单激增",
            AlertKind::ClassCase => "类案",
            AlertKind::RepeatCaller => "重复投诉",
            AlertKind::EmergingTerm => "新兴诉求",
        }
    }
}

/// How urgent an alert is; orders red first. Serialized as `red`,
/// `orange`, `yellow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Red,
    Orange,
    Yellow,
}

impl Severity {
    /// The name in alerts.jsonl.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Red => "red",
            Severity::Orange => "orange",
            Severity::Yellow => "yellow",
        }
    }

    /// 红色 / 橙色 / 黄色.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Red => "红色",
            Severity::Orange => "橙色",
            Severity::Yellow => "黄色",
        }
    }

    /// Days a department has to reply: 3 for red, 5 for orange, 7 for
    /// yellow (the notices' 反馈时限 and the workflow's deadline).
    pub fn reply_days(self) -> i64 {
        match self {
            Severity::Red => 3,
            Severity::Orange => 5,
            Severity::Yellow => 7,
        }
    }
}

/// Where an alert stands in the lifecycle. Serialized as `new`, `ongoing`,
/// `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Ongoing,
    Closed,
}

impl Status {
    /// The name in alerts.jsonl.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Ongoing => "ongoing",
            Status::Closed => "closed",
        }
    }

    /// 新增 / 持续 / 已关闭.
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "新增",
            Status::Ongoing => "持续",
            Status::Closed => "已关闭",
        }
    }
}

macro_rules! named {
    ($($t:ty: [$($v:expr),*]),*) => {$(
        impl $t {
            /// Every value, in order.
            pub const ALL: &'static [$t] = &[$($v),*];
        }

        impl std::fmt::Display for $t {
            /// The serialized name; width and alignment flags apply.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $t {
            type Err = String;

            /// The value of a serialized name (a filter, a test), or what
            /// the names are.
            fn from_str(s: &str) -> std::result::Result<Self, String> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        format!("`{s}` is none of {}", names.join(", "))
                    })
            }
        }
    )*};
}
named!(
    AlertKind: [AlertKind::ClassCase, AlertKind::EmergingTerm, AlertKind::RepeatCaller, AlertKind::Surge],
    Severity: [Severity::Red, Severity::Orange, Severity::Yellow],
    Status: [Status::New, Status::Ongoing, Status::Closed]
);

/// One alert.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Alert {
    pub id: String,
    pub kind: AlertKind,
    pub status: Status,
    pub severity: Severity,
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
pub fn severity(p_value: f64, observed: f64, expected: f64) -> Severity {
    if p_value < 1e-4 && observed >= 3.0 * expected.max(1.0) {
        Severity::Red
    } else if p_value < 1e-3 {
        Severity::Orange
    } else {
        Severity::Yellow
    }
}

/// A stable alert id: the kind, the cell and the first day of the episode.
pub fn alert_id(kind: AlertKind, key: &str, first_seen: NaiveDate) -> String {
    let kind = kind.as_str();
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
        id: alert_id(AlertKind::Surge, &key, s.episode_start),
        kind: AlertKind::Surge,
        status: if s.episode_start == as_of {
            Status::New
        } else {
            Status::Ongoing
        },
        severity: severity(s.p_value, s.observed as f64, s.expected),
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
        assert_eq!(
            alert_id(AlertKind::Surge, "a|b|c", d),
            alert_id(AlertKind::Surge, "a|b|c", d)
        );
        assert_ne!(
            alert_id(AlertKind::Surge, "a|b|c", d),
            alert_id(AlertKind::Surge, "a|b|d", d)
        );
        assert_ne!(
            alert_id(AlertKind::Surge, "a|b|c", d),
            alert_id(AlertKind::Surge, "a|b|c", d + Duration::days(1))
        );
        assert!(alert_id(AlertKind::ClassCase, "x", d).starts_with("class-case-"));
    }

    #[test]
    fn closed_sets_read_and_write_their_names() {
        for k in AlertKind::ALL {
            assert_eq!(k.as_str().parse::<AlertKind>(), Ok(*k));
            assert_eq!(serde_json::to_string(k).unwrap(), format!("\"{k}\""));
        }
        assert_eq!("closed".parse::<Status>(), Ok(Status::Closed));
        assert_eq!(Severity::Orange.label(), "橙色");
        assert_eq!(format!("{:<7}|", Severity::Red), "red    |");
        assert!(
            "purple"
                .parse::<Severity>()
                .unwrap_err()
                .contains("red, orange, yellow")
        );
        assert!(Severity::Red < Severity::Yellow);
    }

    #[test]
    fn severity_levels() {
        assert_eq!(severity(1e-6, 12.0, 2.0), Severity::Red);
        assert_eq!(severity(1e-6, 5.0, 2.0), Severity::Orange);
        assert_eq!(severity(5e-4, 12.0, 2.0), Severity::Orange);
        assert_eq!(severity(0.01, 12.0, 2.0), Severity::Yellow);
    }
}
