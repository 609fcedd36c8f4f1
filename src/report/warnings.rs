//! Department warning notices (类案预警单): one notice per department with
//! every open alert routed to it — what, where, since when, how many
//! tickets and callers, the evidence (a surge's recent daily counts, or a
//! cluster's representative tickets as stored, so masked), a suggested
//! action and a reply deadline.
//!
//! The notices are built from the alerts of a detection run
//! ([`crate::detect::detect`], so the lifecycle applies) and rendered by
//! [`super::markdown`] and [`super::html`]; [`Notice`] serialises to the
//! JSON that departments' systems read. File names come from
//! [`super::filename::safe_stem`].

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use datafusion::arrow::array::AsArray;
use serde::Serialize;

use crate::detect::alert::{Alert, AlertKind, Severity, Status};
use crate::detect::columns;
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;

/// Department of alerts that no rule and no ticket assigns.
pub const UNASSIGNED: &str = "未指派部门";
/// Representative tickets shown per alert.
pub const SHOWN_TICKETS: usize = 3;
/// Days of a surge's series shown.
pub const SERIES_DAYS: i64 = 14;

/// One department's notice.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notice {
    pub department: String,
    pub as_of: NaiveDate,
    /// Notice number: the as-of day and the department's position.
    pub number: String,
    pub items: Vec<Item>,
}

impl Notice {
    /// The alerts the notice carries: its items and those folded into them.
    pub fn alert_count(&self) -> usize {
        self.items.iter().map(|i| 1 + i.related.len()).sum()
    }
}

/// One alert in a notice.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    pub alert_id: String,
    pub kind: AlertKind,
    /// 激增 / 类案 / 重复投诉 / 新兴诉求.
    pub kind_label: String,
    pub status: Status,
    pub severity: Severity,
    pub title: String,
    pub district: Option<String>,
    pub location: Option<String>,
    pub category: Option<String>,
    pub since: NaiveDate,
    pub tickets: usize,
    pub callers: u64,
    pub keywords: Vec<String>,
    /// A surge's daily counts up to the as-of day: (day, tickets).
    pub series: Vec<(NaiveDate, u64)>,
    /// Representative tickets: day, ticket id, place, text as stored (masked).
    pub examples: Vec<Example>,
    pub suggested_action: String,
    /// Reply due by: 3 days for red, 5 for orange, 7 for yellow.
    pub reply_by: NaiveDate,
    /// Emerging-term alerts about the same tickets, folded into this item
    /// instead of listed on their own (see [`fold_related`]).
    pub related: Vec<Related>,
    /// Where the warning stands in the workflow (待签收, 已签收 …, with its
    /// deadline and presses), when a workflow database is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<String>,
}

/// An alert folded into another item of the notice.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Related {
    pub alert_id: String,
    pub title: String,
}

impl Item {
    /// The item's facts as (label, value) rows, in the order notices show them.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let place = [self.district.as_deref(), self.location.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let mut rows = vec![
            ("预警编号", self.alert_id.clone()),
            ("状态", self.status.label().to_string()),
        ];
        if let Some(w) = &self.workflow {
            rows.push(("办理状态", w.clone()));
        }
        rows.extend([
            ("地点", if place.is_empty() { "-".into() } else { place }),
            (
                "诉求类别",
                self.category.clone().unwrap_or_else(|| "-".into()),
            ),
            ("起始日期", self.since.to_string()),
            ("工单数", self.tickets.to_string()),
            // No caller key on any ticket: the export has no phones, and
            // "0 callers" would read as a fact.
            (
                "来电人数",
                match self.callers {
                    0 => "-（导出无来电号码）".into(),
                    n => n.to_string(),
                },
            ),
            ("关键词", self.keywords.join("、")),
        ]);
        if !self.related.is_empty() {
            rows.push((
                "相关预警",
                self.related
                    .iter()
                    .map(|r| format!("{}（{}）", r.title, r.alert_id))
                    .collect::<Vec<_>>()
                    .join("；"),
            ));
        }
        rows
    }
}

/// A representative ticket.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Example {
    pub day: NaiveDate,
    pub ticket_id: String,
    pub place: Option<String>,
    pub text: String,
}

fn suggested_action(a: &Alert) -> String {
    let place = a
        .location
        .as_deref()
        .or(a.district.as_deref())
        .unwrap_or("相关区域");
    match a.kind {
        AlertKind::Surge => format!(
            "请核查{}近期{}诉求增多的原因，排查是否存在集中性问题，必要时组织现场处置，并将原因与措施反馈热线中心。",
            a.district.as_deref().unwrap_or("全市"),
            a.category_l2
                .as_deref()
                .or(a.category.as_deref())
                .unwrap_or("相关")
        ),
        AlertKind::ClassCase => format!(
            "请将{place}的同类工单并案办理，指定专人牵头，现场核实后统一答复诉求人，从源头解决问题。"
        ),
        AlertKind::RepeatCaller => format!(
            "请复核此前办理结果，主动联系诉求人，说明进展；问题确未解决的，请重新办理并提级督办（{place}）。"
        ),
        AlertKind::EmergingTerm => {
            "请关注该新出现的诉求，研判是否需要出台政策解释或提前部署，防止问题扩大。".to_string()
        }
    }
}

/// Share of an emerging term's tickets another alert must hold for the
/// term to be folded into it.
pub const FOLD_SHARE: f64 = 0.5;

/// Groups one department's alerts so that one problem is one item: an
/// emerging-term alert whose tickets are mostly (≥ [`FOLD_SHARE`]) those
/// of another alert of the list — a class case at one place, a surge —
/// is folded into the alert sharing most of its tickets. The detectors
/// see the same burst from different sides (荷塘月色 barbecue stalls are a
/// class case and the terms 烧烤摊 and 荷塘月色); a department should
/// receive it once. Returns each remaining alert with those folded into it,
/// in the given order.
pub fn fold_related<'a>(list: &[&'a Alert]) -> Vec<(&'a Alert, Vec<&'a Alert>)> {
    use std::collections::HashSet;
    let sets: Vec<HashSet<&str>> = list
        .iter()
        .map(|a| a.ticket_ids.iter().map(String::as_str).collect())
        .collect();
    // Where each alert goes: itself, or the index of the alert it joins.
    let mut host: Vec<usize> = (0..list.len()).collect();
    for (i, a) in list.iter().enumerate() {
        if a.kind != AlertKind::EmergingTerm || sets[i].is_empty() {
            continue;
        }
        let best = (0..list.len())
            .filter(|&j| j != i && list[j].kind != AlertKind::EmergingTerm)
            .map(|j| (sets[i].intersection(&sets[j]).count(), j))
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        if let Some((shared, j)) = best
            && shared as f64 >= FOLD_SHARE * sets[i].len() as f64
        {
            host[i] = j;
        }
    }
    (0..list.len())
        .filter(|&i| host[i] == i)
        .map(|i| {
            let folded = (0..list.len())
                .filter(|&k| k != i && host[k] == i)
                .map(|k| list[k])
                .collect();
            (list[i], folded)
        })
        .collect()
}

/// `alerts` in their order, each department's emerging terms about another
/// alert's tickets folded into it ([`fold_related`]): one line per problem
/// in a console list.
pub fn fold_by_department(alerts: &[Alert]) -> Vec<(&Alert, Vec<&Alert>)> {
    let mut departments: Vec<Option<&str>> = Vec::new();
    for a in alerts {
        if !departments.contains(&a.department.as_deref()) {
            departments.push(a.department.as_deref());
        }
    }
    let mut hosts: Vec<(usize, &Alert, Vec<&Alert>)> = Vec::new();
    for d in departments {
        let list: Vec<&Alert> = alerts
            .iter()
            .filter(|a| a.department.as_deref() == d)
            .collect();
        for (host, folded) in fold_related(&list) {
            let at = alerts
                .iter()
                .position(|a| std::ptr::eq(a, host))
                .expect("the host is one of the alerts");
            hosts.push((at, host, folded));
        }
    }
    hosts.sort_by_key(|h| h.0);
    hosts.into_iter().map(|(_, a, f)| (a, f)).collect()
}

/// The notices for `alerts` (closed ones left out), one per department,
/// in department order; the evidence is read from the store. Emerging
/// terms about another alert's tickets are folded into it
/// ([`fold_related`]).
pub async fn notices(engine: &Engine, alerts: &[Alert], as_of: NaiveDate) -> Result<Vec<Notice>> {
    let mut by_dept: BTreeMap<String, Vec<&Alert>> = BTreeMap::new();
    for a in alerts.iter().filter(|a| a.status != Status::Closed) {
        by_dept
            .entry(a.department.clone().unwrap_or_else(|| UNASSIGNED.into()))
            .or_default()
            .push(a);
    }
    let mut out = Vec::new();
    for (n, (department, list)) in by_dept.into_iter().enumerate() {
        let mut items = Vec::new();
        for (a, folded) in fold_related(&list) {
            let mut it = item(engine, a, as_of).await?;
            it.related = folded
                .iter()
                .map(|f| Related {
                    alert_id: f.id.clone(),
                    title: f.title.clone(),
                })
                .collect();
            items.push(it);
        }
        out.push(Notice {
            number: format!("{}-{:03}", as_of.format("%Y%m%d"), n + 1),
            department,
            as_of,
            items,
        });
    }
    Ok(out)
}

async fn item(engine: &Engine, a: &Alert, as_of: NaiveDate) -> Result<Item> {
    let series = if a.kind == AlertKind::Surge {
        surge_series(engine, a, as_of).await?
    } else {
        Vec::new()
    };
    let examples = if a.kind == AlertKind::Surge {
        Vec::new()
    } else {
        examples(engine, &a.ticket_ids).await?
    };
    Ok(Item {
        alert_id: a.id.clone(),
        kind: a.kind,
        kind_label: a.kind.label().into(),
        status: a.status,
        severity: a.severity,
        title: a.title.clone(),
        district: a.district.clone(),
        location: a.location.clone(),
        category: a.category_l2.clone().or_else(|| a.category.clone()),
        since: a.first_seen,
        tickets: a.ticket_ids.len(),
        callers: a.caller_count,
        keywords: a.keywords.clone(),
        series,
        examples,
        suggested_action: suggested_action(a),
        reply_by: as_of + Duration::days(a.severity.reply_days()),
        related: Vec::new(),
        workflow: None,
    })
}

/// The surge cell's daily counts over the last `SERIES_DAYS` days.
async fn surge_series(
    engine: &Engine,
    a: &Alert,
    as_of: NaiveDate,
) -> Result<Vec<(NaiveDate, u64)>> {
    let start = as_of - Duration::days(SERIES_DAYS - 1);
    let mut p = Params::new()
        .day("start", start)
        .day("end", as_of + Duration::days(1));
    let mut filter = String::from("received_at >= $start AND received_at < $end");
    for (col, v) in [
        ("category_l1", &a.category),
        ("category_l2", &a.category_l2),
        ("district", &a.district),
    ] {
        if let Some(v) = v {
            filter.push_str(&format!(" AND {col} = ${col}"));
            p = p.text(col, v);
        }
    }
    let r = engine
        .query_with(
            &format!("SELECT CAST(received_at AS DATE) AS day, count(*) AS n FROM tickets WHERE {filter} GROUP BY 1"),
            &p,
        )
        .await?;
    let mut counts: BTreeMap<NaiveDate, u64> = (0..SERIES_DAYS)
        .map(|d| (start + Duration::days(d), 0))
        .collect();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    for b in &r.batches {
        let day = b
            .column(0)
            .as_primitive::<datafusion::arrow::datatypes::Date32Type>();
        let n = b
            .column(1)
            .as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        for i in 0..b.num_rows() {
            counts.insert(
                epoch + Duration::days(day.value(i) as i64),
                n.value(i) as u64,
            );
        }
    }
    Ok(counts.into_iter().collect())
}

/// Ticket ids bound as parameters `$t0, $t1, …`, and that list for an
/// `IN (…)` clause.
fn id_list<'a>(ids: impl Iterator<Item = &'a String>) -> (Params, String) {
    let mut p = Params::new();
    let mut names = Vec::new();
    for (i, id) in ids.enumerate() {
        let name = format!("t{i}");
        names.push(format!("${name}"));
        p = p.text(&name, id);
    }
    (p, names.join(", "))
}

/// Up to `SHOWN_TICKETS` tickets: the first, the latest and one between.
async fn examples(engine: &Engine, ids: &[String]) -> Result<Vec<Example>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let picks: Vec<&String> = match ids.len() {
        0..=3 => ids.iter().collect(),
        n => vec![&ids[0], &ids[n / 2], &ids[n - 1]],
    };
    let (p, list) = id_list(picks.into_iter());
    let r = engine
        .query_with(
            &format!(
                "SELECT ticket_id, received_at, place, coalesce(content, title) AS text FROM tickets \
                 WHERE ticket_id IN ({list}) ORDER BY received_at, ticket_id"
            ),
            &p,
        )
        .await?;
    let mut out = Vec::new();
    for b in &r.batches {
        for i in 0..b.num_rows() {
            let text = columns::text(b, "text", i).unwrap_or_default();
            out.push(Example {
                ticket_id: columns::text(b, "ticket_id", i).unwrap_or_default(),
                day: columns::time(b, "received_at", i)
                    .unwrap_or_default()
                    .date(),
                place: columns::text(b, "place", i),
                // Masked again: a store written before the masker knew a
                // number's shape may still hold it.
                text: shorten(&crate::text::mask::mask_any(&text, &[]), 120),
            });
        }
    }
    out.truncate(SHOWN_TICKETS);
    Ok(out)
}

/// The days of the first and the last of tickets `ids` (`None` when none
/// is in the store): the span of a class case as its tickets tell it.
pub async fn ticket_span(
    engine: &Engine,
    ids: &[String],
) -> Result<Option<(NaiveDate, NaiveDate)>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let (p, list) = id_list(ids.iter());
    let r = engine
        .query_with(
            &format!(
                "SELECT min(received_at) AS first, max(received_at) AS last FROM tickets \
                 WHERE ticket_id IN ({list})"
            ),
            &p,
        )
        .await?;
    Ok(r.batches.iter().find(|b| b.num_rows() > 0).and_then(|b| {
        let day = |name| columns::time(b, name, 0).map(|t| t.date());
        Some((day("first")?, day("last")?))
    }))
}

/// At most `n` characters, with an ellipsis when cut.
pub fn shorten(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// The chart of a surge item's daily counts, as SVG; `None` for items
/// without a series (class cases, repeat callers, emerging terms).
pub fn series_chart(it: &Item) -> Result<Option<String>> {
    if it.series.is_empty() {
        return Ok(None);
    }
    let days: Vec<String> = it
        .series
        .iter()
        .map(|(d, _)| d.format("%m-%d").to_string())
        .collect();
    let counts: Vec<f64> = it.series.iter().map(|(_, c)| *c as f64).collect();
    crate::report::chart::lines_svg(
        &format!("近 {} 日工单数", it.series.len()),
        &days,
        &[("工单数".into(), counts)],
        (640, 220),
    )
    .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_shortened_by_characters() {
        assert_eq!(shorten("小区门口占道经营", 4), "小区门口…");
        assert_eq!(shorten("短", 4), "短");
    }

    #[test]
    fn deadlines_follow_severity() {
        assert_eq!(Severity::Red.reply_days(), 3);
        assert_eq!(Severity::Orange.reply_days(), 5);
        assert_eq!(Severity::Yellow.reply_days(), 7);
        assert_eq!(AlertKind::ClassCase.label(), "类案");
    }

    fn alert(id: &str, kind: &str, tickets: &[u32]) -> Alert {
        let day = NaiveDate::from_ymd_opt(2024, 5, 31).unwrap();
        Alert {
            id: id.into(),
            kind: kind.parse().unwrap(),
            status: Status::New,
            severity: Severity::Orange,
            first_seen: day,
            last_seen: day,
            window_start: day,
            window_end: day,
            category: None,
            category_l2: None,
            district: None,
            street: None,
            location: None,
            observed: tickets.len() as u64,
            expected: 0.0,
            score: 0.0,
            p_value: 0.0,
            title: id.into(),
            keywords: Vec::new(),
            department: None,
            ticket_ids: tickets.iter().map(|t| format!("T{t}")).collect(),
            caller_count: 0,
            closed_on: None,
        }
    }

    #[test]
    fn callers_unknown_without_phones() {
        let day = NaiveDate::from_ymd_opt(2018, 10, 19).unwrap();
        let mut item = Item {
            alert_id: "class-case-1".into(),
            kind: AlertKind::ClassCase,
            kind_label: "类案".into(),
            status: Status::New,
            severity: Severity::Orange,
            title: "跃进河施工类案".into(),
            district: None,
            location: Some("跃进河".into()),
            category: None,
            since: day,
            tickets: 13,
            callers: 0,
            keywords: vec!["施工".into()],
            series: Vec::new(),
            examples: Vec::new(),
            suggested_action: String::new(),
            reply_by: day,
            related: Vec::new(),
            workflow: None,
        };
        let callers = |i: &Item| {
            i.fields()
                .into_iter()
                .find(|(k, _)| *k == "来电人数")
                .map(|(_, v)| v)
        };
        // 13 tickets and no caller key: the export has no phones.
        assert_eq!(callers(&item).as_deref(), Some("-（导出无来电号码）"));
        item.callers = 4;
        assert_eq!(callers(&item).as_deref(), Some("4"));
    }

    #[test]
    fn emerging_terms_about_a_class_case_are_folded_into_it() {
        let case = alert("case", "class_case", &[1, 2, 3, 4, 5, 6]);
        let surge = alert("surge", "surge", &[10, 11, 12, 13]);
        // 3 of 4 tickets are the case's: folded into it.
        let bbq = alert("bbq", "emerging_term", &[1, 2, 3, 20]);
        // Half of its tickets in each; the larger share (the case, 2 of 4,
        // against the surge, 2 of 4) ties, and the earlier alert wins.
        let tie = alert("tie", "emerging_term", &[4, 5, 10, 11]);
        // 1 of 4: stays on its own.
        let own = alert("own", "emerging_term", &[6, 30, 31, 32]);
        // Into the surge: 3 of 3.
        let road = alert("road", "emerging_term", &[11, 12, 13]);
        let list = [&case, &bbq, &surge, &tie, &own, &road];
        let folded: Vec<(String, Vec<String>)> = fold_related(&list)
            .into_iter()
            .map(|(a, f)| (a.id.clone(), f.iter().map(|x| x.id.clone()).collect()))
            .collect();
        assert_eq!(
            folded,
            vec![
                (
                    "case".to_string(),
                    vec!["bbq".to_string(), "tie".to_string()]
                ),
                ("surge".to_string(), vec!["road".to_string()]),
                ("own".to_string(), vec![]),
            ]
        );
        // Emerging terms never host one another, and nothing else is folded.
        let a = alert("a", "emerging_term", &[1, 2]);
        let b = alert("b", "emerging_term", &[1, 2]);
        let c = alert("c", "repeat_caller", &[7]);
        let d = alert("d", "class_case", &[7]);
        assert_eq!(fold_related(&[&a, &b, &c, &d]).len(), 4);
    }

    #[test]
    fn folding_for_a_console_list_keeps_the_order_and_the_departments_apart() {
        let in_dept = |mut a: Alert, d: &str| {
            a.department = Some(d.into());
            a
        };
        let alerts = [
            in_dept(alert("school", "emerging_term", &[40, 41]), "教育局"),
            in_dept(alert("case", "class_case", &[1, 2, 3]), "城管局"),
            // The same tickets, another department: not folded.
            in_dept(alert("other", "emerging_term", &[1, 2, 3]), "教育局"),
            in_dept(alert("bbq", "emerging_term", &[1, 2, 9]), "城管局"),
        ];
        let ids: Vec<(&str, Vec<&str>)> = fold_by_department(&alerts)
            .into_iter()
            .map(|(a, f)| (a.id.as_str(), f.iter().map(|x| x.id.as_str()).collect()))
            .collect();
        assert_eq!(
            ids,
            vec![("school", vec![]), ("case", vec!["bbq"]), ("other", vec![]),]
        );
    }
}
