//! Emerging terms (未诉先办): words that suddenly appear in many tickets.
//!
//! For the week ending on the as-of day, each word's number of tickets is
//! compared with its share of the tickets in the 8 weeks before: under "no
//! change" the count is binomial with that share, approximated by a Poisson
//! count with mean `n_week × (k_base + 0.5) / (n_base + 1)` (the 0.5 keeps a
//! never-seen word from having a zero rate). The upper-tail p-value of a
//! word used by at least `min_count` tickets this week must pass a
//! Bonferroni line, `q / m`, where m counts every candidate word of the
//! week (a rare word that reached `min_count` by chance is one of
//! thousands that could have): the words of one event burst together, so
//! a false discovery rate would let chance bursts through beside them. A
//! word that passes and has at least three times its expected count is an
//! alert, marked new when the baseline never had it. This is the binomial test the issue names as the alternative to
//! Kleinberg's burst automaton (Kleinberg, "Bursty and hierarchical
//! structure in streams", KDD 2002); words come from the stored tokens, so
//! stopwords and boilerplate are already gone.
//!
//! Only content words are tested: a word general Chinese uses often
//! (jieba's IDF table, [`crate::text::general`]: 其实, 后来, 数字, 限制 …)
//! is no news however it moves in the tickets, nor is an administrative
//! name, nor a place the store's gazetteer knows: many tickets about one
//! place are a class case ([`super::class_case`]), not a new word. A word must come from at least [`MIN_CALLERS`] distinct callers
//! (tickets, where the export has none): one writer who repeats a word is
//! no trend. Words used by the same tickets are one alert, and an emerging
//! term about a class case's tickets is folded into that class case
//! ([`fold_into_class_cases`]).

use chrono::{Duration, NaiveDate};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::Int64Type;

use crate::detect::alert::{Alert, AlertKind, Severity, Status, alert_id};
use crate::detect::stats::negbin;
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;
use crate::text::gazetteer::Gazetteer;

/// Days of the tested week and of the baseline.
pub const WEEK_DAYS: i64 = 7;
pub const BASELINE_DAYS: i64 = 56;
/// Least ratio of observed to expected tickets.
pub const MIN_RATIO: f64 = 3.0;
/// Least distinct callers of a term's tickets of the week.
pub const MIN_CALLERS: usize = 3;
/// Share of a term's tickets in a class case that folds it into the case.
pub const FOLD_SHARE: f64 = 0.5;

/// Whether `term` may be an emerging term: a content word of two
/// characters or more, not general language, not a number, not an
/// administrative area.
pub fn is_candidate(term: &str) -> bool {
    term.chars().count() >= 2
        && !crate::text::general::is_general(term)
        && !term.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !crate::text::gazetteer::is_area(term)
}

/// Folds emerging-term alerts whose tickets are mostly those of a
/// class-case alert into it: its keywords gain the term.
pub fn fold_into_class_cases(alerts: &mut Vec<Alert>) {
    let cases: Vec<(usize, std::collections::HashSet<String>)> = alerts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == AlertKind::ClassCase)
        .map(|(i, a)| (i, a.ticket_ids.iter().cloned().collect()))
        .collect();
    let mut folded: Vec<(usize, String)> = Vec::new();
    let mut drop: Vec<usize> = Vec::new();
    for (i, a) in alerts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == AlertKind::EmergingTerm)
    {
        let best = cases
            .iter()
            .map(|(c, ids)| (*c, a.ticket_ids.iter().filter(|t| ids.contains(*t)).count()))
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)));
        if let Some((c, n)) = best
            && n as f64 >= FOLD_SHARE * a.ticket_ids.len() as f64
        {
            for k in &a.keywords {
                folded.push((c, k.clone()));
            }
            drop.push(i);
        }
    }
    for (c, k) in folded {
        if !alerts[c].keywords.contains(&k) {
            alerts[c].keywords.push(k);
        }
    }
    let mut i = 0;
    alerts.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
}

/// A word's counts.
#[derive(Debug, Clone, PartialEq)]
pub struct TermCount {
    pub term: String,
    /// Tickets of the week that use the word.
    pub now: u64,
    /// Tickets of the baseline that use it.
    pub base: u64,
}

/// A word that bursts.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    pub term: String,
    pub now: u64,
    pub base: u64,
    pub expected: f64,
    pub p_value: f64,
    pub new: bool,
}

/// The bursting words among `terms`, given the week's and the baseline's
/// ticket totals; most significant first.
///
/// `tested` is the number of words the family holds (at least
/// `terms.len()`): `terms` may be only those frequent enough to pass.
pub fn bursts(
    terms: &[TermCount],
    tested: usize,
    n_now: u64,
    n_base: u64,
    fdr_q: f64,
) -> Vec<Burst> {
    let expected: Vec<f64> = terms
        .iter()
        .map(|t| n_now as f64 * (t.base as f64 + 0.5) / (n_base as f64 + 1.0))
        .collect();
    let p: Vec<f64> = terms
        .iter()
        .zip(&expected)
        .map(|(t, &mu)| negbin::sf(t.now, mu, mu))
        .collect();
    // Family-wise, not a false discovery rate: the words of one event
    // burst together, and their many small p-values would let the
    // Benjamini–Hochberg line through chance bursts of the week as well.
    let line = fdr_q / tested.max(terms.len()).max(1) as f64;
    let mut out: Vec<Burst> = (0..terms.len())
        .filter(|&i| p[i] <= line)
        .filter(|&i| terms[i].now as f64 >= MIN_RATIO * expected[i])
        .map(|i| Burst {
            term: terms[i].term.clone(),
            now: terms[i].now,
            base: terms[i].base,
            expected: (expected[i] * 100.0).round() / 100.0,
            p_value: p[i],
            new: terms[i].base == 0,
        })
        .collect();
    out.sort_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.term.cmp(&b.term)));
    out
}

/// Reads the word counts and returns the emerging-term alerts.
///
/// Words used by the same tickets (共享电单车 and 堆满) are one alert: a
/// word whose tickets are at least 80 % those of a more significant word is
/// added to that alert's keywords. At most `max_alerts` are reported.
pub async fn alerts(
    engine: &Engine,
    gaz: &Gazetteer,
    as_of: NaiveDate,
    min_count: u64,
    fdr_q: f64,
    max_alerts: usize,
) -> Result<Vec<Alert>> {
    let end = as_of + Duration::days(1);
    let week_start = end - Duration::days(WEEK_DAYS);
    let base_start = week_start - Duration::days(BASELINE_DAYS);
    let p = Params::new()
        .day("base_start", base_start)
        .day("week_start", week_start)
        .day("end", end);
    let totals = engine
        .query_with(
            "SELECT CAST(sum(CASE WHEN received_at >= $week_start THEN 1 ELSE 0 END) AS BIGINT) AS now, \
                    CAST(sum(CASE WHEN received_at < $week_start THEN 1 ELSE 0 END) AS BIGINT) AS base \
             FROM tickets WHERE received_at >= $base_start AND received_at < $end AND tokens IS NOT NULL",
            &p,
        )
        .await?;
    let (n_now, n_base) = totals
        .batches
        .first()
        .filter(|b| b.num_rows() > 0 && !b.column(0).is_null(0))
        .map(|b| {
            (
                b.column(0).as_primitive::<Int64Type>().value(0) as u64,
                b.column(1).as_primitive::<Int64Type>().value(0) as u64,
            )
        })
        .unwrap_or((0, 0));
    if n_now == 0 {
        return Ok(Vec::new());
    }
    let counts = engine
        .query_with(
            "SELECT term, CAST(sum(w) AS BIGINT) AS now, CAST(sum(1 - w) AS BIGINT) AS base FROM ( \
                 SELECT CASE WHEN received_at >= $week_start THEN 1 ELSE 0 END AS w, \
                        unnest(array_distinct(tokens)) AS term \
                 FROM tickets WHERE received_at >= $base_start AND received_at < $end AND tokens IS NOT NULL \
             ) t GROUP BY term HAVING sum(w) >= 1",
            &p,
        )
        .await?;
    let mut terms = Vec::new();
    let mut tested = 0usize;
    for b in &counts.batches {
        let t = b.column(0).as_string::<i32>();
        let now = b.column(1).as_primitive::<Int64Type>();
        let base = b.column(2).as_primitive::<Int64Type>();
        for i in 0..b.num_rows() {
            let term = t.value(i);
            if !is_candidate(term) || gaz.names_place(term) {
                continue;
            }
            tested += 1;
            if (now.value(i) as u64) < min_count {
                continue;
            }
            terms.push(TermCount {
                term: t.value(i).to_string(),
                now: now.value(i) as u64,
                base: base.value(i) as u64,
            });
        }
    }
    terms.sort_by(|a, b| a.term.cmp(&b.term));
    let mut out: Vec<Alert> = Vec::new();
    for burst in bursts(&terms, tested, n_now, n_base, fdr_q) {
        if out.len() >= max_alerts {
            break;
        }
        let q = p.clone().text("term", &burst.term);
        let r = engine
            .query_with(
                "SELECT ticket_id, CAST(received_at AS DATE) AS day, district, department, caller_key \
                 FROM tickets WHERE received_at >= $week_start AND received_at < $end \
                 AND array_has(tokens, $term) ORDER BY received_at, ticket_id",
                &q,
            )
            .await?;
        let mut ids = Vec::new();
        let mut first_day: Option<i32> = None;
        let mut districts: std::collections::BTreeMap<String, usize> = Default::default();
        let mut depts: std::collections::BTreeMap<String, usize> = Default::default();
        let mut callers = std::collections::BTreeSet::new();
        let mut anonymous = 0usize;
        for b in &r.batches {
            let id = b.column(0).as_string::<i32>();
            let day = b
                .column(1)
                .as_primitive::<datafusion::arrow::datatypes::Date32Type>();
            let (d, dep, c) = (
                b.column(2).as_string::<i32>(),
                b.column(3).as_string::<i32>(),
                b.column(4).as_string::<i32>(),
            );
            for i in 0..b.num_rows() {
                ids.push(id.value(i).to_string());
                first_day = Some(first_day.map_or(day.value(i), |f| f.min(day.value(i))));
                if !d.is_null(i) {
                    *districts.entry(d.value(i).to_string()).or_default() += 1;
                }
                if !dep.is_null(i) {
                    *depts.entry(dep.value(i).to_string()).or_default() += 1;
                }
                if c.is_null(i) {
                    anonymous += 1;
                } else {
                    callers.insert(c.value(i).to_string());
                }
            }
        }
        // Tickets without a caller count as callers of their own.
        if callers.len() + anonymous < MIN_CALLERS {
            continue;
        }
        if let Some(same) = out.iter_mut().find(|a| {
            let shared = ids.iter().filter(|i| a.ticket_ids.contains(i)).count();
            shared as f64 >= 0.8 * ids.len() as f64
        }) {
            same.keywords.push(burst.term.clone());
            continue;
        }
        let top = |m: std::collections::BTreeMap<String, usize>| {
            m.into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(k, _)| k)
        };
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
        let first = first_day.map_or(week_start, |d| epoch + Duration::days(d as i64));
        out.push(Alert {
            id: alert_id(AlertKind::EmergingTerm, &burst.term, week_start),
            kind: AlertKind::EmergingTerm,
            status: if burst.new {
                Status::New
            } else {
                Status::Ongoing
            },
            severity: if burst.p_value < 1e-6 && burst.new {
                Severity::Red
            } else if burst.p_value < 1e-4 {
                Severity::Orange
            } else {
                Severity::Yellow
            },
            first_seen: first,
            last_seen: as_of,
            window_start: week_start,
            window_end: as_of,
            category: None,
            category_l2: None,
            district: top(districts),
            street: None,
            location: None,
            observed: burst.now,
            expected: burst.expected,
            score: (burst.now as f64 / burst.expected.max(0.01) * 10.0).round() / 10.0,
            p_value: burst.p_value,
            title: if burst.new {
                format!(
                    "新词「{}」：近 7 天 {} 件工单提及，此前 8 周未出现",
                    burst.term, burst.now
                )
            } else {
                format!(
                    "「{}」突增：近 7 天 {} 件工单提及，按此前 8 周约 {:.1} 件",
                    burst.term, burst.now, burst.expected
                )
            },
            keywords: vec![burst.term.clone()],
            department: top(depts),
            ticket_ids: ids,
            caller_count: callers.len() as u64,
            closed_on: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(term: &str, now: u64, base: u64) -> TermCount {
        TermCount {
            term: term.into(),
            now,
            base,
        }
    }

    #[test]
    fn a_new_word_bursts_and_steady_words_do_not() {
        // 300 tickets this week, 2400 in the 8 weeks before.
        let terms = vec![
            t("物业", 60, 480),     // steady share
            t("共享电单车", 12, 0), // new
            t("停车", 40, 240),     // up from 10% to 13%: not 3×
            t("噪音", 5, 40),       // steady, small
        ];
        let b = bursts(&terms, terms.len(), 300, 2400, 0.01);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].term, "共享电单车");
        assert!(b[0].new);
        assert!(b[0].p_value < 1e-10);
    }
}
