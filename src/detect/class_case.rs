//! Class cases (类案): many tickets about one place or one problem, written
//! alike by different callers.
//!
//! Tickets of the window (default 30 days up to the as-of day) are blocked
//! by district. Within a block two tickets are linked when
//!
//! - their texts are near-duplicates: a MinHash-LSH candidate pair
//!   ([`super::minhash`], 3-character shingles of the analysis text with the
//!   boilerplate removed, 16 bands × 4 rows) whose exact shingle Jaccard is
//!   at least [`TEXT_SIMILAR`], unless the two name different places (the
//!   same call-taker's wording about two estates is two problems, and
//!   would otherwise chain whole categories into one cluster); or
//! - they name the same place, are at most [`PLACE_LINK_DAYS`] days apart
//!   and either have the same second-level category or token sets that
//!   overlap (Jaccard at least [`PLACE_SIMILAR`]): the same problem at the
//!   same estate told in other words.
//!
//! Links are joined by union-find, whatever the tickets' categories, so a
//! mis-categorised ticket still joins its cluster. A cluster is an alert
//! when it has at least `min_size` tickets, one of them in the last
//! [`RECENT_DAYS`] days, and at least [`MIN_DENSITY`] tickets per day of its
//! span (a problem that flares up, not a place that always gets a few
//! tickets); the `max_alerts` hottest are reported (the alert budget).
//!
//! A cluster about one place must also stand out from that place's usual
//! rate: its size over its span is tested against the tickets of the same
//! place and district, in the sub-categories its tickets have, in the
//! [`PRIOR_DAYS`] days before its first ticket (at least [`MIN_RATIO`] times that
//! rate and a Poisson tail below [`CHRONIC_P`]). A market that gets two
//! occupancy complaints every day is a chronic hotspot for the analyses,
//! not a class case to warn about.
//!
//! Heat index = size × (1 + distinct callers / size) × (1 + tickets of the
//! last 7 days / size): a cluster counts more when many different people
//! call and when it is still growing (from 1× to 4× its size).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::{Date32Type, Int64Type};
use rayon::prelude::*;

use crate::detect::alert::{Alert, alert_id};
use crate::detect::columns;
use crate::detect::minhash::{self, MinHasher};
use crate::detect::negbin;
use crate::detect::repeat::jaccard as token_jaccard;
use crate::detect::union_find::UnionFind;
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;
use crate::text::boilerplate::Boilerplate;

/// Shingle Jaccard for near-duplicate texts.
pub const TEXT_SIMILAR: f64 = 0.5;
/// Token Jaccard for tickets that name the same place.
pub const PLACE_SIMILAR: f64 = 0.25;
/// Tickets about one place are linked only this many days apart: a class
/// case is a burst, and a place's ordinary trickle must not chain a month
/// of unrelated tickets into it.
pub const PLACE_LINK_DAYS: i64 = 7;
/// A cluster is reported while one of its tickets is this recent.
pub const RECENT_DAYS: i64 = 7;
/// Least tickets per day of a cluster's span.
pub const MIN_DENSITY: f64 = 0.3;
/// Largest same-place group compared pair by pair.
const MAX_PLACE_GROUP: usize = 400;

/// One ticket as the detector sees it.
#[derive(Debug, Clone)]
pub struct Item {
    pub ticket_id: String,
    pub received_at: NaiveDateTime,
    pub district: Option<String>,
    pub category: Option<String>,
    pub category_l2: Option<String>,
    pub place: Option<String>,
    pub caller_key: Option<String>,
    pub department: Option<String>,
    pub text: String,
    pub tokens: BTreeSet<String>,
}

/// Clusters of `items` (indices, in time order) with at least `min_size`
/// tickets and one ticket in the last days before `as_of`.
pub fn clusters(items: &[Item], as_of: NaiveDate, min_size: usize) -> Vec<Vec<usize>> {
    let hasher = MinHasher::new(16, 4, 0x006C_616E_616E);
    let shingles: Vec<Vec<u64>> = items
        .par_iter()
        .map(|it| minhash::shingles(&it.text, 3))
        .collect();
    let keys: Vec<Vec<u64>> = shingles.par_iter().map(|s| hasher.band_keys(s)).collect();
    let mut sets = UnionFind::new(items.len());
    let mut blocks: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        blocks.entry(it.district.as_deref()).or_default().push(i);
    }
    for members in blocks.values() {
        // Near-duplicate texts, by LSH candidates verified exactly.
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for &i in members {
            for &k in &keys[i] {
                buckets.entry(k).or_default().push(i);
            }
        }
        let mut checked: BTreeSet<(usize, usize)> = BTreeSet::new();
        for bucket in buckets.values().filter(|b| b.len() > 1) {
            for (x, &a) in bucket.iter().enumerate() {
                for &b in &bucket[x + 1..] {
                    let (pa, pb) = (&items[a].place, &items[b].place);
                    let other_places = pa.is_some() && pb.is_some() && pa != pb;
                    if !other_places
                        && checked.insert((a.min(b), a.max(b)))
                        && minhash::jaccard(&shingles[a], &shingles[b]) >= TEXT_SIMILAR
                    {
                        sets.union(a, b);
                    }
                }
            }
        }
        // The same place, told in other words.
        let mut places: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in members {
            if let Some(p) = &items[i].place {
                places.entry(p).or_default().push(i);
            }
        }
        for group in places
            .values()
            .filter(|g| g.len() > 1 && g.len() <= MAX_PLACE_GROUP)
        {
            for (x, &a) in group.iter().enumerate() {
                for &b in &group[x + 1..] {
                    let (x, y) = (&items[a], &items[b]);
                    let near = (y.received_at - x.received_at).num_days().abs() <= PLACE_LINK_DAYS;
                    let same_l2 = x.category_l2.is_some() && x.category_l2 == y.category_l2;
                    if near && (same_l2 || token_jaccard(&x.tokens, &y.tokens) >= PLACE_SIMILAR) {
                        sets.union(a, b);
                    }
                }
            }
        }
    }
    let recent = as_of - Duration::days(RECENT_DAYS - 1);
    sets.groups()
        .into_iter()
        .filter(|c| {
            let first = items[c[0]].received_at.date();
            let last = items[c[c.len() - 1]].received_at.date();
            let span = (last - first).num_days() + 1;
            c.len() >= min_size && last >= recent && c.len() as f64 / span as f64 >= MIN_DENSITY
        })
        .collect()
}

/// Days before a cluster's first ticket whose tickets give its place's usual rate.
pub const PRIOR_DAYS: i64 = 90;
/// Least days of such history for the test to apply.
const MIN_PRIOR_DAYS: i64 = 7;
/// A cluster no less likely than this under its place's usual rate, or
/// less than `MIN_RATIO` times that rate, is chronic.
pub const CHRONIC_P: f64 = 1e-3;
pub const MIN_RATIO: f64 = 2.0;

/// Tickets per place, district, sub-category and day, from [`PRIOR_DAYS`]
/// before the window to its end: the usual rate a class case must stand
/// out from is read from the days before its own first ticket.
struct PriorRates {
    first: NaiveDate,
    counts: HashMap<PlaceKey, Vec<(NaiveDate, f64)>>,
}

/// District, place and sub-category.
type PlaceKey = (Option<String>, String, Option<String>);

impl PriorRates {
    async fn load(engine: &Engine, window_start: NaiveDate, end: NaiveDate) -> Result<PriorRates> {
        let first = columns::first_day(engine).await?.unwrap_or(window_start);
        let from = (window_start - Duration::days(PRIOR_DAYS)).max(first);
        let mut counts: HashMap<_, Vec<(NaiveDate, f64)>> = HashMap::new();
        let p = Params::new().day("start", from).day("end", end);
        let r = engine
            .query_with(
                "SELECT district, place, category_l2, CAST(received_at AS DATE) AS day, count(*) AS n FROM tickets \
                 WHERE received_at >= $start AND received_at < $end AND place IS NOT NULL GROUP BY 1, 2, 3, 4",
                &p,
            )
            .await?;
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
        for b in &r.batches {
            let day = b.column(3).as_primitive::<Date32Type>();
            let n = b.column(4).as_primitive::<Int64Type>();
            for i in 0..b.num_rows() {
                counts
                    .entry((
                        columns::text(b, 0, i),
                        columns::text(b, 1, i).unwrap_or_default(),
                        columns::text(b, 2, i),
                    ))
                    .or_default()
                    .push((
                        epoch + Duration::days(day.value(i) as i64),
                        n.value(i) as f64,
                    ));
            }
        }
        Ok(PriorRates { first, counts })
    }

    /// Expected tickets over `span` days at the place's usual rate before
    /// `start` (the cluster's first day), and the Poisson tail of `n`;
    /// None when there is too little history to tell.
    fn test(
        &self,
        district: Option<&str>,
        place: &str,
        subs: &BTreeSet<Option<&str>>,
        start: NaiveDate,
        n: usize,
        span: i64,
    ) -> Option<(f64, f64)> {
        let from = (start - Duration::days(PRIOR_DAYS)).max(self.first);
        let days = (start - from).num_days();
        if days < MIN_PRIOR_DAYS {
            return None;
        }
        let before: f64 = subs
            .iter()
            .filter_map(|sub| {
                self.counts.get(&(
                    district.map(str::to_string),
                    place.to_string(),
                    sub.map(str::to_string),
                ))
            })
            .flatten()
            .filter(|(d, _)| *d >= from && *d < start)
            .map(|(_, c)| c)
            .sum();
        // Half a ticket over the prior period when there was none.
        let expected = before.max(0.5) * span as f64 / days as f64;
        if (n as f64) < MIN_RATIO * expected {
            return Some((expected, 1.0));
        }
        Some((expected, negbin::sf(n as u64, expected, expected)))
    }
}

/// The heat index of a cluster (see the module doc).
pub fn heat(size: usize, callers: usize, recent: usize) -> f64 {
    let n = size as f64;
    n * (1.0 + callers as f64 / n) * (1.0 + recent as f64 / n)
}

/// Reads the window's tickets and returns the class-case alerts, hottest first.
pub async fn alerts(
    engine: &Engine,
    as_of: NaiveDate,
    window_days: i64,
    min_size: usize,
    max_alerts: usize,
    boilerplate: &Boilerplate,
) -> Result<Vec<Alert>> {
    let start = as_of - Duration::days(window_days - 1);
    let p = Params::new()
        .day("start", start)
        .day("end", as_of + Duration::days(1));
    let r = engine
        .query_with(
            "SELECT ticket_id, received_at, district, category_l1, place, caller_key, department, \
             coalesce(content, title) AS text, tokens, category_l2 \
             FROM tickets WHERE received_at >= $start AND received_at < $end ORDER BY received_at, ticket_id",
            &p,
        )
        .await?;
    let mut items = Vec::new();
    for b in &r.batches {
        let s = |c: usize, i: usize| columns::text(b, c, i);
        for i in 0..b.num_rows() {
            let tokens = columns::token_set(b, 8, i);
            items.push(Item {
                ticket_id: s(0, i).unwrap_or_default(),
                received_at: columns::time(b, 1, i),
                district: s(2, i),
                category: s(3, i),
                category_l2: s(9, i),
                place: s(4, i),
                caller_key: s(5, i),
                department: s(6, i),
                text: boilerplate.strip(&s(7, i).unwrap_or_default()).into_owned(),
                tokens,
            });
        }
    }
    let recent_from = as_of - Duration::days(RECENT_DAYS - 1);
    let prior = PriorRates::load(engine, start, as_of + Duration::days(1)).await?;
    let mut out = Vec::new();
    for c in clusters(&items, as_of, min_size) {
        let members: Vec<&Item> = c.iter().map(|&i| &items[i]).collect();
        let first = members[0];
        let last = members[members.len() - 1];
        let count = |f: &dyn Fn(&Item) -> Option<&str>| {
            let mut m: BTreeMap<&str, usize> = BTreeMap::new();
            for it in &members {
                if let Some(v) = f(it) {
                    *m.entry(v).or_default() += 1;
                }
            }
            let mut v: Vec<(&str, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            v.into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect::<Vec<(String, usize)>>()
        };
        // The place of the cluster when at least half its tickets name it;
        // one problem spread over many places is titled by its category.
        let place = count(&|it| it.place.as_deref())
            .into_iter()
            .next()
            .filter(|(_, n)| 2 * n >= members.len())
            .map(|(p, _)| p);
        let sub = count(&|it| it.category_l2.as_deref())
            .into_iter()
            .next()
            .map(|(c, _)| c);
        let category = count(&|it| it.category.as_deref())
            .into_iter()
            .next()
            .map(|(c, _)| c);
        let department = count(&|it| it.department.as_deref())
            .into_iter()
            .next()
            .map(|(d, _)| d);
        let keywords = title_words(&members, place.as_deref());
        let label = place
            .as_deref()
            .or(sub.as_deref())
            .or(category.as_deref())
            .unwrap_or("")
            .to_string();
        let callers: BTreeSet<&str> = members
            .iter()
            .filter_map(|t| t.caller_key.as_deref())
            .collect();
        let recent = members
            .iter()
            .filter(|t| t.received_at.date() >= recent_from)
            .count();
        let n = members.len();
        let h = heat(n, callers.len(), recent);
        let span = (last.received_at.date() - first.received_at.date()).num_days() + 1;
        let district = first.district.clone();
        // A place that always gets this many tickets is a chronic hotspot
        // (the analyses rank it), not a new class case.
        let first_day = first.received_at.date();
        let tested = place.as_ref().and_then(|pl| {
            let subs: BTreeSet<Option<&str>> =
                members.iter().map(|t| t.category_l2.as_deref()).collect();
            prior.test(district.as_deref(), pl, &subs, first_day, n, span)
        });
        if tested.is_some_and(|(_, p)| p >= CHRONIC_P) {
            continue;
        }
        // Untested (no single place, or too little history): p-value 1.
        let (expected, p_value) = tested.unwrap_or((0.0, 1.0));
        out.push(Alert {
            id: alert_id(
                "class_case",
                &format!("{}|{}", district.as_deref().unwrap_or(""), first.ticket_id),
                first_day,
            ),
            kind: "class_case".into(),
            status: if first_day >= recent_from && recent == n {
                "new"
            } else {
                "ongoing"
            }
            .into(),
            severity: if h >= 40.0 {
                "red"
            } else if h >= 20.0 {
                "orange"
            } else {
                "yellow"
            }
            .into(),
            first_seen: first_day,
            last_seen: last.received_at.date(),
            window_start: start,
            window_end: as_of,
            category: category.clone(),
            category_l2: sub.clone(),
            district: district.clone(),
            street: None,
            location: place.clone(),
            observed: n as u64,
            expected: (expected * 100.0).round() / 100.0,
            score: (h * 10.0).round() / 10.0,
            p_value,
            title: format!(
                "{}{}{}类案：{} 天 {} 件{}",
                district.as_deref().unwrap_or(""),
                label,
                keywords
                    .iter()
                    .filter(|k| !label.contains(k.as_str()))
                    .take(2)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(""),
                span,
                n,
                // Exports without a caller column say nothing about callers.
                if callers.is_empty() {
                    String::new()
                } else {
                    format!("，{} 位来电人", callers.len())
                }
            ),
            keywords,
            department,
            ticket_ids: members.iter().map(|t| t.ticket_id.clone()).collect(),
            caller_count: callers.len() as u64,
            closed_on: None,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(max_alerts);
    Ok(out)
}

/// The five words a class case is titled and described by: those most of
/// its tickets use (each ticket counted once, so that one long text does
/// not decide), but not its place, nor an administrative name, which says
/// where and not what (仓山区).
fn title_words(members: &[&Item], place: Option<&str>) -> Vec<String> {
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    for it in members {
        let distinct: BTreeSet<&str> = it.tokens.iter().map(String::as_str).collect();
        for w in distinct {
            let admin =
                w.chars().nth(2).is_some() && w.ends_with(crate::text::place::COUNTY_OR_ABOVE);
            if Some(w) != place && !admin {
                *words.entry(w).or_default() += 1;
            }
        }
    }
    let mut kw: Vec<(&str, usize)> = words.into_iter().collect();
    kw.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    kw.into_iter().take(5).map(|(w, _)| w.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(
        id: &str,
        day: u32,
        district: &str,
        place: Option<&str>,
        text: &str,
        words: &[&str],
    ) -> Item {
        Item {
            ticket_id: id.into(),
            received_at: NaiveDate::from_ymd_opt(2024, 5, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            district: Some(district.into()),
            category: Some("住房物业".into()),
            category_l2: None,
            place: place.map(String::from),
            caller_key: Some(format!("caller-{id}")),
            department: Some("市住建局".into()),
            text: text.into(),
            tokens: words.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn near_duplicates_and_same_place_join_across_wordings() {
        let a = "海棠湾3栋电梯这个月已经坏了五次，昨天还困住了老人，物业只是简单修一下。";
        let b = "反映海棠湾3栋电梯屡修屡坏，经常困人。";
        let mut items = Vec::new();
        for d in 0..4 {
            items.push(item(
                &format!("a{d}"),
                10 + d,
                "城东区",
                Some("海棠湾"),
                a,
                &["电梯", "困人", "物业"],
            ));
        }
        items.push(item(
            "b0",
            15,
            "城东区",
            Some("海棠湾"),
            b,
            &["电梯", "屡修屡坏", "困人"],
        ));
        // The same text in another district is another block.
        items.push(item(
            "x0",
            15,
            "城西区",
            Some("海棠湾"),
            a,
            &["电梯", "困人", "物业"],
        ));
        // Unrelated tickets.
        items.push(item(
            "u0",
            12,
            "城东区",
            Some("海棠湾"),
            "物业费收费不合理",
            &["物业费", "收费"],
        ));
        items.push(item("u1", 13, "城东区", None, "人民路路灯不亮", &["路灯"]));
        let as_of = NaiveDate::from_ymd_opt(2024, 5, 16).unwrap();
        let c = clusters(&items, as_of, 5);
        assert_eq!(c.len(), 1, "{c:?}");
        let ids: Vec<&str> = c[0].iter().map(|&i| items[i].ticket_id.as_str()).collect();
        assert_eq!(ids, ["a0", "a1", "a2", "a3", "b0"]);
        assert!(clusters(&items, as_of, 6).is_empty());
    }

    #[test]
    fn title_words_are_what_most_tickets_say() {
        // One long text repeats 停止; three tickets say 噪音扰民 once each.
        let long = ["停止", "停止", "停止", "停止", "仓山区", "噪音扰民"];
        let items = [
            item("a", 1, "仓山区", Some("龙津河"), "", &long),
            item(
                "b",
                1,
                "仓山区",
                Some("龙津河"),
                "",
                &["噪音扰民", "仓山区", "龙津河"],
            ),
            item(
                "c",
                2,
                "仓山区",
                Some("龙津河"),
                "",
                &["噪音扰民", "施工", "仓山区"],
            ),
            item("d", 2, "仓山区", Some("龙津河"), "", &["施工", "停止"]),
        ];
        let members: Vec<&Item> = items.iter().collect();
        assert_eq!(
            title_words(&members, Some("龙津河")),
            ["噪音扰民", "停止", "施工"]
        );
    }

    #[test]
    fn heat_grows_with_callers_and_recency() {
        assert_eq!(heat(10, 0, 0), 10.0);
        assert_eq!(heat(10, 10, 10), 40.0);
        assert!(heat(10, 8, 2) > heat(10, 2, 2));
    }
}
