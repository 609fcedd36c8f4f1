//! Repeat callers (重复投诉): one caller coming back about the same
//! unresolved problem.
//!
//! One caller is one `caller_key` (the keyed hash of the phone, ID number
//! or account), or, for a ticket whose export has no caller, one home: the
//! same full address down to the building, unit or room (香樟园3栋2单元502室).
//! A road, an estate or a village is a place, not a caller: its many callers
//! make a class case, never a repeat caller, so tickets are never grouped by
//! place. Within one caller's tickets of the window (default 30 days up to
//! the as-of day) two are the same problem when they were filed under the
//! same category (a caller back three times in a month about 低保 is back
//! about one thing, whichever school or office each call named), or, in
//! an export without categories, name the same place (its key: 香樟园 and
//! 香樟园小区 are one), or when their token sets are similar (Jaccard ≥
//! [`SIMILAR`]); linked tickets are joined by union-find. Three or more tickets in one problem is an alert,
//! the common escalation rule of 12345 centres; it is reported while its
//! latest ticket is at most [`RECENT_DAYS`] old. The alert id hashes the
//! caller and the problem's first ticket, so a caller who calls again
//! updates the same alert.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::detect::alert::{Alert, AlertKind, Severity, Status, alert_id};
use crate::detect::tickets::{self, home};
use crate::engine::Engine;
use crate::error::Result;
use crate::text::gazetteer;

/// Token-set Jaccard above which two tickets of one caller are one problem.
pub const SIMILAR: f64 = 0.3;
/// A problem is reported while its latest ticket is this recent.
pub const RECENT_DAYS: i64 = 7;
/// Tickets that make a repeat.
pub const MIN_TICKETS: usize = 3;

/// One ticket as the detector sees it.
#[derive(Debug, Clone)]
pub struct Item {
    pub ticket_id: String,
    pub received_at: NaiveDateTime,
    pub caller_key: Option<String>,
    pub address: Option<String>,
    pub category: Option<String>,
    pub district: Option<String>,
    pub place: Option<String>,
    pub department: Option<String>,
    pub tokens: BTreeSet<String>,
}

/// Jaccard similarity of two sets.
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count() as f64;
    inter / (a.len() as f64 + b.len() as f64 - inter)
}

fn place_key(it: &Item) -> Option<&str> {
    let admin: Vec<&str> = it.district.as_deref().into_iter().collect();
    it.place.as_deref().and_then(|p| gazetteer::key(p, &admin))
}

fn same_problem(a: &Item, b: &Item) -> bool {
    let filed = a.category.is_some() && b.category.is_some();
    let same_cat = filed && a.category == b.category;
    // Without categories, the place stands in: one caller's tickets about
    // one estate or road.
    let pa = place_key(a);
    let same_place = !filed && pa.is_some() && pa == place_key(b);
    same_cat || same_place || jaccard(&a.tokens, &b.tokens) >= SIMILAR
}

/// Where one caller's problem is: the place most of its tickets name, if
/// at least half do; else the caller's home, as the address of the first
/// ticket names it (the estate, or the road); else the first ticket's place.
fn location(tickets: &[&Item]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in tickets {
        if let Some(p) = t.place.as_deref() {
            *counts.entry(p).or_default() += 1;
        }
    }
    let most = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .filter(|(_, n)| 2 * n >= tickets.len())
        .map(|(p, _)| p.to_string());
    let first = tickets[0];
    most.or_else(|| {
        let admin: Vec<&str> = first.district.as_deref().into_iter().collect();
        first.address.as_deref().and_then(|a| {
            crate::text::place::from_address(&crate::text::normalize::clean(a), &admin)
        })
    })
    .or_else(|| first.place.clone())
}

/// The repeat problems among `items` (sorted by time) for `as_of`: each a
/// group key and the indices of its tickets in time order.
pub fn find(items: &[Item], as_of: NaiveDate) -> Vec<(String, Vec<usize>)> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        let key = match (&it.caller_key, it.address.as_deref().and_then(home)) {
            (Some(c), _) => format!("caller:{c}"),
            (None, Some(h)) => format!("home:{h}"),
            (None, None) => continue,
        };
        groups.entry(key).or_default().push(i);
    }
    let recent = as_of - Duration::days(RECENT_DAYS - 1);
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (key, members) in groups {
        if members.len() < MIN_TICKETS {
            continue;
        }
        let mut sets = crate::detect::stats::union_find::UnionFind::new(members.len());
        for x in 0..members.len() {
            for y in x + 1..members.len() {
                if same_problem(&items[members[x]], &items[members[y]]) {
                    sets.union(x, y);
                }
            }
        }
        for c in sets.groups() {
            let c: Vec<usize> = c.into_iter().map(|x| members[x]).collect();
            let last = items[*c.last().expect("non-empty")].received_at.date();
            if c.len() >= MIN_TICKETS && last >= recent {
                out.push((key.clone(), c));
            }
        }
    }
    out
}

/// Reads the window's tickets and returns the repeat-caller alerts.
pub async fn alerts(engine: &Engine, as_of: NaiveDate, window_days: i64) -> Result<Vec<Alert>> {
    let start = as_of - Duration::days(window_days - 1);
    let items: Vec<Item> = tickets::load(engine, start, as_of)
        .await?
        .into_iter()
        .map(|t| Item {
            ticket_id: t.id,
            received_at: t.received_at,
            caller_key: t.caller_key,
            address: t.address,
            category: t.category,
            district: t.district,
            place: t.place,
            department: t.department,
            tokens: t.tokens.into_iter().collect(),
        })
        .collect();
    let mut out = Vec::new();
    for (key, idx) in find(&items, as_of) {
        let tickets: Vec<&Item> = idx.iter().map(|&i| &items[i]).collect();
        let first = tickets[0];
        let last = tickets[tickets.len() - 1];
        let mut depts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut words: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &tickets {
            if let Some(d) = &t.department {
                *depts.entry(d).or_default() += 1;
            }
            for w in &t.tokens {
                *words.entry(w).or_default() += 1;
            }
        }
        let department = depts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(d, _)| d.to_string());
        let mut kw: Vec<(&str, usize)> = words.into_iter().collect();
        kw.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let n = tickets.len();
        let location = location(&tickets);
        let what = location
            .as_deref()
            .map(|p| {
                let admin: Vec<&str> = first.district.as_deref().into_iter().collect();
                gazetteer::key(p, &admin).unwrap_or(p).to_string()
            })
            .or_else(|| first.category.clone())
            .unwrap_or_else(|| "同一问题".into());
        let callers: BTreeSet<&str> = tickets
            .iter()
            .filter_map(|t| t.caller_key.as_deref())
            .collect();
        let first_day = first.received_at.date();
        out.push(Alert {
            id: alert_id(
                AlertKind::RepeatCaller,
                &format!("{key}|{}", first.ticket_id),
                first_day,
            ),
            kind: AlertKind::RepeatCaller,
            status: if last.received_at.date() == as_of && n == MIN_TICKETS {
                Status::New
            } else {
                Status::Ongoing
            },
            severity: match n {
                0..=3 => Severity::Yellow,
                4 => Severity::Orange,
                _ => Severity::Red,
            },
            first_seen: first_day,
            last_seen: last.received_at.date(),
            window_start: start,
            window_end: as_of,
            category: first.category.clone(),
            category_l2: None,
            district: first.district.clone(),
            street: None,
            location,
            observed: n as u64,
            expected: 0.0,
            score: n as f64,
            p_value: 1.0,
            title: format!(
                "{}{} 重复诉求：{} 天内第 {} 次反映，问题未解决",
                first.district.as_deref().unwrap_or(""),
                what,
                (last.received_at.date() - first_day).num_days() + 1,
                n
            ),
            keywords: kw.into_iter().take(5).map(|(w, _)| w.to_string()).collect(),
            department,
            ticket_ids: tickets.iter().map(|t| t.ticket_id.clone()).collect(),
            caller_count: callers.len() as u64,
            closed_on: None,
        });
    }
    out.sort_by(|a, b| b.observed.cmp(&a.observed).then(a.id.cmp(&b.id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, day: u32, caller: &str, cat: &str, place: &str, words: &[&str]) -> Item {
        Item {
            ticket_id: id.into(),
            received_at: NaiveDate::from_ymd_opt(2024, 5, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            caller_key: Some(caller.into()),
            address: None,
            category: Some(cat.into()),
            district: Some("城西区".into()),
            place: Some(place.into()),
            department: Some("市住建局".into()),
            tokens: words.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn three_calls_about_one_problem_are_a_repeat() {
        let items = vec![
            item("a1", 1, "c1", "住房物业", "香樟园", &["停车", "收费"]),
            item("b1", 2, "c2", "城市管理", "人民路", &["噪音"]),
            item("a2", 8, "c1", "住房物业", "香樟园", &["停车位", "物业"]),
            item(
                "a3",
                20,
                "c1",
                "交通出行",
                "香樟园",
                &["停车", "收费", "物业"],
            ),
            // The same caller about something else entirely.
            item("a4", 21, "c1", "教育", "育才中学", &["学位"]),
            item("b2", 22, "c2", "城市管理", "人民路", &["噪音"]),
        ];
        let as_of = NaiveDate::from_ymd_opt(2024, 5, 22).unwrap();
        let found = find(&items, as_of);
        assert_eq!(found.len(), 1, "{found:?}");
        let ids: Vec<&str> = found[0]
            .1
            .iter()
            .map(|&i| items[i].ticket_id.as_str())
            .collect();
        // a3 joins by its words although its category differs.
        assert_eq!(ids, ["a1", "a2", "a3"]);
        // Two weeks later the problem is old news.
        assert!(find(&items, as_of + Duration::days(14)).is_empty());
    }

    /// Without a caller column, one home is one caller; a road or an
    /// estate, with its many callers, is none.
    #[test]
    fn a_home_is_a_caller_and_a_road_is_not() {
        let mut items = Vec::new();
        for (i, addr) in [
            "城东区黄河路",
            "城东区黄河路",
            "城东区黄河路",
            "城东区黄河路18号香樟园3栋2单元502室",
            "城东区 黄河路18号 香樟园3栋2单元502室",
            "城东区黄河路18号香樟园3栋2单元502室",
        ]
        .iter()
        .enumerate()
        {
            let mut it = item(
                &format!("t{i}"),
                10 + i as u32,
                "",
                "住房物业",
                "香樟园",
                &["漏水"],
            );
            it.caller_key = None;
            it.address = Some(addr.to_string());
            items.push(it);
        }
        let found = find(&items, NaiveDate::from_ymd_opt(2024, 5, 16).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, vec![3, 4, 5]);
        assert_eq!(home("黄河路18号"), None);
        assert_eq!(home("幸福村三组"), None);
        assert!(home("香樟园１８栋").is_some());
    }

    #[test]
    fn jaccard_values() {
        let s = |w: &[&str]| {
            w.iter()
                .map(|x| x.to_string())
                .collect::<BTreeSet<String>>()
        };
        assert!((jaccard(&s(&["a", "b"]), &s(&["b", "c"])) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(jaccard(&s(&[]), &s(&[])), 0.0);
        assert_eq!(jaccard(&s(&["a"]), &s(&["a"])), 1.0);
    }
}
