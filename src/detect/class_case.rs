//! Class cases (类案): a problem about one place, or one problem told alike,
//! that many callers raise in a short time — a new or growing problem a
//! department must act on.
//!
//! The tickets of the recent window (`cluster_window_days`, default 28
//! days up to the as-of day; in a store younger than that, all but its
//! first [`MIN_HISTORY_DAYS`] days) and of the [`HISTORY_DAYS`] before it
//! are clustered into problems ([`super::problems`]: content words, the
//! place entities a ticket names, the sub-category as one word among
//! others, time; a mis-categorised ticket joins by its words). A problem
//! is a class case when
//!
//! - its current episode (back from its latest ticket while the one before
//!   is at most [`EPISODE_GAP_DAYS`] older) has at least
//!   `cluster_min_size` tickets in the window, from at least
//!   [`MIN_CALLERS`] distinct callers ([`super::tickets::Ticket::caller`]:
//!   without a caller column, one home is one caller), one of them in the
//!   last [`RECENT_DAYS`] days (it is still going on);
//! - it names one place (most of its tickets name the same entity), or,
//!   naming none, its tickets are close to one another (cohesion at least
//!   [`MIN_COHESION_PLACELESS`]): one problem, not one theme;
//! - it is new or growing: the episode's count is at least [`MIN_RATIO`]
//!   times what the history before the window leads one to expect, and
//!   its upper tail under that expectation passes the Benjamini–Hochberg
//!   procedure at `fdr_q`, where every problem with a ticket in the window
//!   counts as a hypothesis (a handful of tickets about one thing is bound
//!   to happen somewhere among thousands of places and problems). The
//!   expectation is a gamma–Poisson (negative binomial) predictive: the
//!   history's tickets about the same place that are as close to the
//!   problem's centroid as its own tickets are, plus [`PRIOR_TICKETS`],
//!   over at least [`PRIOR_DAYS`] days for a problem at a place (rare
//!   until shown otherwise; a placeless theme has its history's days),
//!   scaled to the episode's days; with
//!   less history than that, at least a quarter of the place's own rate
//!   ([`PLACE_SHARE`]). The history ends where the window begins, so a
//!   large cluster cannot raise the baseline it is tested against; a place
//!   that has had the same complaint at the same rate for months is a
//!   chronic hot issue (`hotline hotspots` ranks it), not a new warning.
//!
//! The alert lists the tickets of the episode (within [`ALERT_DAYS`] days:
//! a problem may last five weeks), is titled by its place and its
//! weightiest content words, and ranked by the heat index of
//! [`super::hotspots`]; the `max_alerts` hottest are reported.

use chrono::{Duration, NaiveDate};

use crate::detect::alert::{Alert, AlertKind, Severity, Status, alert_id};
use crate::detect::hotspots::{self, Found};
use crate::detect::problems::Options;
use crate::detect::stats::negbin;
use crate::detect::tickets::{self, Ticket};
use crate::engine::Engine;
use crate::error::Result;
use crate::text::gazetteer::Gazetteer;

/// Days before the window whose tickets give a problem's own baseline.
pub const HISTORY_DAYS: i64 = 90;
/// A class case is reported while one of its tickets is this recent.
pub const RECENT_DAYS: i64 = 7;
/// Least distinct callers (tickets, where the export has no caller column).
pub const MIN_CALLERS: usize = 3;
/// Least cohesion of a problem that names no place.
pub const MIN_COHESION_PLACELESS: f64 = 0.5;
/// A problem is new or growing when its window count is at least this
/// many times its baseline …
pub const MIN_RATIO: f64 = 3.0;
/// Days of tickets an alert lists.
pub const ALERT_DAYS: i64 = 56;
/// Least days of history before the window for the baseline test.
pub const MIN_HISTORY_DAYS: i64 = 3;
/// The baseline's prior: [`PRIOR_TICKETS`] tickets in at least
/// [`PRIOR_DAYS`] days.
pub const PRIOR_DAYS: i64 = 56;
pub const PRIOR_TICKETS: f64 = 2.0;
/// With less history than [`PRIOR_DAYS`], a problem is expected at least at
/// this share of its place's rate.
pub const PLACE_SHARE: f64 = 0.25;

/// What the detector is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    pub as_of: NaiveDate,
    pub window_days: i64,
    pub min_size: usize,
    pub max_alerts: usize,
    /// False discovery rate across the problems tested on the day.
    pub fdr_q: f64,
    /// The store's first day: history before it does not exist.
    pub first_day: NaiveDate,
}

/// Reads the tickets and returns the class-case alerts, hottest first.
pub async fn alerts(
    engine: &Engine,
    gaz: &Gazetteer,
    as_of: NaiveDate,
    window_days: i64,
    min_size: usize,
    max_alerts: usize,
    fdr_q: f64,
) -> Result<Vec<Alert>> {
    let Some((first_day, _)) = super::columns::day_range(engine).await? else {
        return Ok(Vec::new());
    };
    let window_start = as_of - Duration::days(window_days - 1);
    let from = (window_start - Duration::days(HISTORY_DAYS)).max(first_day);
    let tickets = tickets::load(engine, from, as_of).await?;
    Ok(find(
        &tickets,
        gaz,
        &Ask {
            as_of,
            window_days,
            min_size,
            max_alerts,
            fdr_q,
            first_day,
        },
    ))
}

/// The class cases among `tickets` (the window and its history, in time
/// order) for `ask`.
pub fn find(tickets: &[Ticket], gaz: &Gazetteer, ask: &Ask) -> Vec<Alert> {
    // A young store: the window shrinks to leave [`MIN_HISTORY_DAYS`] of
    // history (whose thin evidence the test's prior makes up for), so that
    // a problem that began in the store's first days is still new.
    let held = (ask.as_of - ask.first_day).num_days() + 1;
    let window_days = ask
        .window_days
        .min(held - MIN_HISTORY_DAYS)
        .max(RECENT_DAYS);
    let window_start = ask.as_of - Duration::days(window_days - 1);
    let recent_from = ask.as_of - Duration::days(RECENT_DAYS - 1);
    let history_from = (window_start - Duration::days(HISTORY_DAYS)).max(ask.first_day);
    let history_days = (window_start - history_from).num_days();
    if history_days < MIN_HISTORY_DAYS {
        // Too little history to tell a new problem from a usual one.
        return Vec::new();
    }
    let problems = hotspots::find(tickets, gaz, &Options::default());
    let mut out: Vec<Alert> = Vec::new();
    let mut tested: Vec<(usize, Vec<usize>, f64, f64)> = Vec::new();
    // Every problem with a ticket in the window is a hypothesis, whether
    // or not it grew large enough to be worth a p-value: a handful of
    // tickets about one thing somewhere in the city is bound to happen
    // among thousands of places and problems.
    let mut family = 0usize;
    for (i, f) in problems.found.iter().enumerate() {
        if tickets[*f.members.last().expect("non-empty")].day() < window_start {
            continue;
        }
        family += 1;
        // The tickets of its current episode inside the window: a few
        // tickets spread thinly over the window are no burst.
        let counted: Vec<usize> = episode(tickets, &f.members, ask.as_of)
            .into_iter()
            .filter(|&m| tickets[m].day() >= window_start)
            .collect();
        if counted.len() < ask.min_size {
            continue;
        }
        let last = tickets[*counted.last().expect("non-empty")].day();
        if last < recent_from {
            continue;
        }
        if hotspots::callers(tickets, &counted) < MIN_CALLERS {
            continue;
        }
        if f.place.is_none() && f.cohesion < MIN_COHESION_PLACELESS {
            continue;
        }
        let (like, at_place) = history_like(&problems, i, tickets, window_start);
        let before = like as f64;
        // The episode's count under the history's rate: (before +
        // [`PRIOR_TICKETS`]) tickets over at least [`PRIOR_DAYS`] days (a
        // problem at a place is rare until shown otherwise, so that a few
        // days or weeks of history still say something; months of it speak
        // for themselves), the rate itself uncertain as a gamma of that
        // shape: the count is negative binomial with mean μ and variance
        // μ + μ²/shape. The counted tickets are the episode's, so its days
        // (at least a week) are the exposure: eleven tickets in the last
        // twelve days are more than eleven in four weeks.
        let first_counted = tickets[counted[0]].day();
        let exposure = ((ask.as_of - first_counted).num_days() + 1).clamp(RECENT_DAYS, window_days);
        let shape = before + PRIOR_TICKETS;
        // The prior's days are for a problem at a place, rare until shown
        // otherwise; a problem about no place is a theme, common until
        // shown otherwise, and its history's days are its own.
        let days = if f.place.is_some() {
            history_days.max(PRIOR_DAYS)
        } else {
            history_days
        };
        let mut mu = shape * exposure as f64 / days as f64;
        if history_days < PRIOR_DAYS {
            // Weeks of history say little of one problem, but they say how
            // busy its place is: a busy road's chronic complaint is no new
            // problem because the store began three days ago. The place's
            // other tickets in the window say it too (the problem's own do
            // not), over every day the store holds.
            let others = at_place_besides(&problems, i, tickets, &counted);
            let busy = PLACE_SHARE
                * (at_place as f64 / history_days as f64).max(others as f64 / held as f64);
            mu = mu.max(busy * exposure as f64);
        }
        let n = counted.len();
        let p = negbin::sf(n as u64, mu, mu + mu * mu / shape);
        tested.push((i, counted, mu, p));
    }
    // Many problems are tested each day: the false discovery rate is
    // held at `fdr_q` across them (Benjamini–Hochberg).
    let p_values: Vec<f64> = tested.iter().map(|t| t.3).collect();
    for k in crate::detect::stats::fdr::benjamini_hochberg_of(&p_values, family, ask.fdr_q) {
        let (i, counted, mu, p) = &tested[k];
        if (counted.len() as f64) < MIN_RATIO * mu {
            continue;
        }
        out.push(alert(
            tickets,
            &problems.found[*i],
            ask,
            window_days,
            counted,
            *mu,
            *p,
        ));
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(ask.max_alerts);
    out
}

/// Days between two tickets of one episode of a problem.
pub const EPISODE_GAP_DAYS: i64 = 7;

/// The tickets of the problem's current episode: back from its latest
/// ticket while the next older one is at most [`EPISODE_GAP_DAYS`] before,
/// within [`ALERT_DAYS`] of `as_of`. The odd ticket about the same thing
/// weeks before the burst began is not part of it.
fn episode(tickets: &[Ticket], members: &[usize], as_of: NaiveDate) -> Vec<usize> {
    let from = as_of - Duration::days(ALERT_DAYS - 1);
    let mut start = members.len();
    while start > 0 {
        let m = members[start - 1];
        let day = tickets[m].day();
        if day < from {
            break;
        }
        if start < members.len() {
            let next = tickets[members[start]].day();
            if (next - day).num_days() > EPISODE_GAP_DAYS {
                break;
            }
        }
        start -= 1;
    }
    members[start..].to_vec()
}

/// Tickets of the history (before `window_start`) about problem `i`: the
/// same place (when it has one) and at least the joining similarity to its
/// centroid.
fn history_like(
    problems: &hotspots::Problems,
    i: usize,
    tickets: &[Ticket],
    window_start: NaiveDate,
) -> (usize, usize) {
    let opts = Options::default();
    let centroid = &problems.centroids[i];
    let place = problems.places[i];
    let about = &problems.about[i];
    // As close to the centroid as its own tickets are (the fifth closest
    // of every five, from the farthest): a problem pieced together from a
    // few ways of telling it counts its history as widely.
    let mut own: Vec<f64> = problems.found[i]
        .members
        .iter()
        .map(|&m| crate::detect::problems::dot(&problems.docs[m].vector, centroid))
        .collect();
    own.sort_by(f64::total_cmp);
    let typical = own.get(own.len() / 5).copied().unwrap_or(0.0);
    let least = typical.min(if place.is_some() {
        opts.place_cosine
    } else {
        opts.cosine
    });
    let (mut like, mut at_place) = (0, 0);
    for (d, _) in problems
        .docs
        .iter()
        .zip(tickets)
        .take_while(|(_, t)| t.day() < window_start)
        .filter(|(d, _)| about.is_empty() || about.iter().any(|p| d.names(*p)))
    {
        at_place += usize::from(place.is_some());
        let cos = crate::detect::problems::dot(&d.vector, centroid);
        like += usize::from(cos >= least);
    }
    (like, at_place)
}

/// The tickets at the places problem `i` is about, other than `counted`
/// (none for a problem about no place).
fn at_place_besides(
    problems: &hotspots::Problems,
    i: usize,
    tickets: &[Ticket],
    counted: &[usize],
) -> usize {
    let about = &problems.about[i];
    if problems.places[i].is_none() || about.is_empty() {
        return 0;
    }
    let own: std::collections::HashSet<usize> = counted.iter().copied().collect();
    (0..tickets.len())
        .filter(|k| !own.contains(k) && about.iter().any(|p| problems.docs[*k].names(*p)))
        .count()
}

fn alert(
    tickets: &[Ticket],
    f: &Found,
    ask: &Ask,
    window_days: i64,
    in_window: &[usize],
    expected: f64,
    p_value: f64,
) -> Alert {
    let listed = episode(tickets, &f.members, ask.as_of);
    let first = &tickets[listed[0]];
    let last = &tickets[*listed.last().expect("non-empty")];
    let first_day = first.day();
    let span = (last.day() - first_day).num_days() + 1;
    let h = hotspots::heat(tickets, &listed);
    let callers = hotspots::callers(tickets, &listed);
    let has_callers = listed.iter().any(|&m| tickets[m].caller_key.is_some());
    let district = hotspots::most(tickets, &listed, |t| t.district.as_deref());
    let category = hotspots::most(tickets, &listed, |t| t.category.as_deref());
    let sub = hotspots::most(tickets, &listed, |t| t.category_l2.as_deref());
    let department = hotspots::most(tickets, &listed, |t| t.department.as_deref());
    let what: String = f.keywords.iter().take(2).cloned().collect();
    let label = f.place.clone().or_else(|| sub.clone()).unwrap_or_default();
    let recent_from = ask.as_of - Duration::days(RECENT_DAYS - 1);
    let recent = listed
        .iter()
        .filter(|&&m| tickets[m].day() >= recent_from)
        .count();
    let key = f.place_id.clone().unwrap_or_else(|| {
        f.keywords
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("+")
    });
    Alert {
        id: alert_id(
            AlertKind::ClassCase,
            &format!("{}|{key}|{}", district.as_deref().unwrap_or(""), first.id),
            first_day,
        ),
        kind: AlertKind::ClassCase,
        status: if recent == listed.len() {
            Status::New
        } else {
            Status::Ongoing
        },
        severity: if h >= 40.0 {
            Severity::Red
        } else if h >= 20.0 {
            Severity::Orange
        } else {
            Severity::Yellow
        },
        first_seen: first_day,
        last_seen: last.day(),
        window_start: ask.as_of - Duration::days(window_days - 1),
        window_end: ask.as_of,
        category,
        category_l2: sub,
        district: district.clone(),
        street: None,
        location: f.place.clone(),
        observed: in_window.len() as u64,
        expected: (expected * 100.0).round() / 100.0,
        score: (h * 10.0).round() / 10.0,
        p_value,
        title: format!(
            "{}{label}{what}类案：{span} 天 {} 件{}",
            district.as_deref().unwrap_or(""),
            listed.len(),
            if has_callers {
                format!("，{callers} 位来电人")
            } else {
                String::new()
            }
        ),
        keywords: f.keywords.clone(),
        department,
        ticket_ids: listed.iter().map(|&m| tickets[m].id.clone()).collect(),
        caller_count: if has_callers { callers as u64 } else { 0 },
        closed_on: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(id: &str, day: u32, place: &str, caller: &str, words: &str) -> Ticket {
        Ticket {
            id: id.into(),
            received_at: NaiveDate::from_ymd_opt(2024, 5, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            district: Some("城东区".into()),
            category: Some("住房物业".into()),
            place: (!place.is_empty()).then(|| place.to_string()),
            caller_key: Some(caller.into()),
            tokens: words.split_whitespace().map(str::to_string).collect(),
            ..Ticket::default()
        }
    }

    fn ask(day: u32) -> Ask {
        Ask {
            as_of: NaiveDate::from_ymd_opt(2024, 5, day).unwrap(),
            window_days: 28,
            min_size: 5,
            max_alerts: 10,
            fdr_q: 0.05,
            first_day: NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
        }
    }

    fn gaz(tickets: &[Ticket]) -> Gazetteer {
        let mut counts: std::collections::BTreeMap<&str, u64> = Default::default();
        for t in tickets {
            if let Some(p) = &t.place {
                *counts.entry(p).or_default() += 1;
            }
        }
        Gazetteer::learn(counts, ["城东区"])
    }

    #[test]
    fn a_burst_at_one_place_told_in_other_words_is_one_class_case() {
        let mut tickets = Vec::new();
        let words = [
            "电梯 困人 物业 维修",
            "电梯 故障 困人 老人",
            "电梯 屡修屡坏 困人",
            "电梯 坏 物业 敷衍 困人",
            "电梯 频繁 故障 更换",
            "电梯 困人 安全 隐患",
        ];
        for (i, w) in words.iter().enumerate() {
            // The place written three ways.
            let place = ["海棠湾", "海棠湾小区", "城东区海棠湾"][i % 3];
            tickets.push(ticket(
                &format!("a{i}"),
                10 + i as u32,
                place,
                &format!("c{i}"),
                w,
            ));
        }
        // Unrelated tickets at the same place, and the same words elsewhere.
        tickets.push(ticket("u0", 12, "海棠湾", "u0", "物业费 收费 不合理"));
        tickets.push(ticket("u1", 13, "翠湖苑", "u1", "电梯 困人 物业"));
        tickets.sort_by_key(|t| t.received_at);
        let found = find(&tickets, &gaz(&tickets), &ask(16));
        assert_eq!(found.len(), 1, "{found:#?}");
        let a = &found[0];
        assert_eq!(a.ticket_ids.len(), 6);
        assert!(a.ticket_ids.iter().all(|t| t.starts_with('a')));
        assert_eq!(a.location.as_deref(), Some("海棠湾"));
        assert!(a.title.starts_with("城东区海棠湾电梯"), "{}", a.title);
        assert_eq!(a.caller_count, 6);
    }

    #[test]
    fn a_chronic_problem_is_no_class_case_and_one_caller_is_none() {
        let mut tickets = Vec::new();
        // The same complaint every three days since April: chronic.
        for d in 0..15 {
            let day = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap() + Duration::days(d * 3);
            let mut t = ticket(
                &format!("m{d}"),
                1,
                "东门农贸市场",
                &format!("m{d}"),
                "占道 经营 摊贩",
            );
            t.received_at = day.and_hms_opt(9, 0, 0).unwrap();
            tickets.push(t);
        }
        // One caller, six times.
        for d in 0..6 {
            tickets.push(ticket(
                &format!("r{d}"),
                10 + d,
                "翠湖苑",
                "same",
                "漏水 楼上 渗水",
            ));
        }
        tickets.sort_by_key(|t| t.received_at);
        assert!(find(&tickets, &gaz(&tickets), &ask(16)).is_empty());
    }
}
