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
//!
//! **Words jieba does not know.** A new term is often a word the segmenter
//! cuts in two, a known word and one character (预制菜 as 预制 | 菜, 剧本杀
//! as 剧本 | 杀), and the stored tokens keep only the first half, a general
//! word or one that says little. So the week's texts are read as well: a
//! token followed in the text by one ideograph that starts no token of
//! the ticket and is not the start of a stopword (的, 了, 是, 居民 …: the
//! words the tokens drop) is a *compound* candidate
//! ([`compounds_of`]). This is the boundary test of new-word discovery
//! from raw text (a string whose right neighbour is not free is not a
//! whole word; Feng et al., "Accessor variety criteria for Chinese word
//! extraction", Computational Linguistics 30(1), 2004), taken one
//! character at a time. Compounds used by at least `min_count` tickets of
//! the week are counted as substrings of the texts of the week and of the
//! baseline and tested like words, in the same family.

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

/// The words of the stopword lists (的, 了, 是, 居民, 反映 …): a compound
/// ends at none of them, as they are no tokens and would otherwise look
/// like a free character after the token (金湖街道 | 居民 is no 金湖街道居).
fn stopwords() -> &'static std::collections::HashSet<&'static str> {
    static F: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    F.get_or_init(|| {
        crate::text::dicts::STOPWORDS_ZH
            .lines()
            .chain(crate::text::dicts::STOPWORDS_HOTLINE.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Whether `rest` (the text after a token) starts with a stopword of one
/// to four characters.
fn starts_with_stopword(rest: &str) -> bool {
    rest.char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
        .take(4)
        .any(|end| stopwords().contains(&rest[..end]))
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Least share of the week's tickets using a token in which it is followed
/// by the same character, for the pair to be a compound: the token's right
/// neighbour is not free there (剧本 is followed by 杀 in nearly every
/// ticket about 剧本杀; 快餐店 by 搞 only in one phrase of a few).
pub const BOUND_SHARE: f64 = 0.5;

/// The compound candidates of one text: each token of two ideographs or
/// more for which `head` holds, joined to the one ideograph after it in
/// `text` (预制 | 菜 → 预制菜) when that ideograph starts none of the
/// ticket's `tokens` and no stopword (the words the tokens drop). Each
/// compound once, in order of first use, with its head token.
pub fn compounds_of<'t>(
    text: &str,
    tokens: &[&'t str],
    head: impl Fn(&str) -> bool,
) -> Vec<(String, &'t str)> {
    let mut out: Vec<(String, &'t str)> = Vec::new();
    for &t in tokens {
        if t.chars().count() < 2 || !t.chars().all(is_ideograph) || !head(t) {
            continue;
        }
        for (at, _) in text.match_indices(t) {
            let rest = &text[at + t.len()..];
            let Some(c) = rest.chars().next() else {
                continue;
            };
            if !is_ideograph(c)
                || starts_with_stopword(rest)
                || tokens.iter().any(|u| rest.starts_with(u))
            {
                continue;
            }
            let compound = format!("{t}{c}");
            if !out.iter().any(|(k, _)| *k == compound) {
                out.push((compound, t));
            }
        }
    }
    out
}

/// Candidate compounds of the week: used by at least `min_count` of its
/// tickets and by at least [`BOUND_SHARE`] of those using their head
/// token, content words that name no place. Returns them and the number
/// of distinct compounds seen (each a hypothesis of the family).
async fn week_compounds(
    engine: &Engine,
    gaz: &Gazetteer,
    p: &Params,
    min_count: u64,
) -> Result<(Vec<String>, usize)> {
    let r = engine
        .query_with(
            "SELECT coalesce(content, title) AS text, tokens FROM tickets \
             WHERE received_at >= $week_start AND received_at < $end AND tokens IS NOT NULL",
            p,
        )
        .await?;
    let mut counts: std::collections::HashMap<String, (u64, String)> = Default::default();
    let mut heads: std::collections::HashMap<String, u64> = Default::default();
    let may_head = |w: &str| !gaz.names_place(w) && !crate::text::gazetteer::is_area(w);
    for b in &r.batches {
        let text = b.column(0).as_string::<i32>();
        let tokens = b.column(1).as_list::<i32>();
        for i in 0..b.num_rows() {
            if text.is_null(i) || tokens.is_null(i) {
                continue;
            }
            let list = tokens.value(i);
            let list = list.as_string::<i32>();
            let mut words: Vec<&str> = (0..list.len())
                .filter(|&k| !list.is_null(k))
                .map(|k| list.value(k))
                .collect();
            for (c, head) in compounds_of(text.value(i), &words, may_head) {
                counts.entry(c).or_insert_with(|| (0, head.to_string())).0 += 1;
            }
            words.sort_unstable();
            words.dedup();
            for w in words {
                if let Some(n) = heads.get_mut(w) {
                    *n += 1;
                } else {
                    heads.insert(w.to_string(), 1);
                }
            }
        }
    }
    let seen = counts.len();
    let mut out: Vec<String> = counts
        .into_iter()
        .filter(|(c, (n, head))| {
            *n >= min_count
                && *n as f64 >= BOUND_SHARE * heads.get(head).copied().unwrap_or(0) as f64
                && is_candidate(c)
                && !gaz.names_place(c)
        })
        .map(|(c, _)| c)
        .collect();
    out.sort();
    Ok((out, seen))
}

/// The week's and the baseline's tickets whose text holds each compound.
async fn compound_counts(
    engine: &Engine,
    p: &Params,
    compounds: &[String],
) -> Result<Vec<TermCount>> {
    let mut out = Vec::new();
    // A few hundred substring tests per pass keep the query small.
    for chunk in compounds.chunks(200) {
        let mut q = p.clone();
        let mut cols = Vec::new();
        for (k, c) in chunk.iter().enumerate() {
            q = q.text(&format!("c{k}"), c);
            cols.push(format!(
                "CAST(sum(CASE WHEN strpos(text, $c{k}) > 0 THEN w ELSE 0 END) AS BIGINT), \
                 CAST(sum(CASE WHEN strpos(text, $c{k}) > 0 THEN 1 - w ELSE 0 END) AS BIGINT)"
            ));
        }
        let sql = format!(
            "SELECT {} FROM (SELECT coalesce(content, title) AS text, \
                 CASE WHEN received_at >= $week_start THEN 1 ELSE 0 END AS w FROM tickets \
                 WHERE received_at >= $base_start AND received_at < $end AND tokens IS NOT NULL) t",
            cols.join(", ")
        );
        let r = engine.query_with(&sql, &q).await?;
        let Some(b) = r.batches.iter().find(|b| b.num_rows() > 0) else {
            continue;
        };
        for (k, c) in chunk.iter().enumerate() {
            let v = |j: usize| {
                let a = b.column(j).as_primitive::<Int64Type>();
                if a.is_null(0) { 0 } else { a.value(0) as u64 }
            };
            out.push(TermCount {
                term: c.clone(),
                now: v(2 * k),
                base: v(2 * k + 1),
            });
        }
    }
    Ok(out)
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
    // Words jieba cut in two (预制 | 菜), read from the week's texts.
    let known: std::collections::HashSet<String> = terms.iter().map(|t| t.term.clone()).collect();
    let (compounds, seen) = week_compounds(engine, gaz, &p, min_count).await?;
    tested += seen;
    let compounds: Vec<String> = compounds
        .into_iter()
        .filter(|c| !known.contains(c))
        .collect();
    let compound_set: std::collections::HashSet<String> = compounds.iter().cloned().collect();
    terms.extend(
        compound_counts(engine, &p, &compounds)
            .await?
            .into_iter()
            .filter(|t| t.now >= min_count),
    );
    terms.sort_by(|a, b| a.term.cmp(&b.term));
    let mut out: Vec<Alert> = Vec::new();
    // Each alert's words, most significant first: the alert is named by
    // the most specific of them once all are in.
    let mut words: Vec<Vec<Burst>> = Vec::new();
    for burst in bursts(&terms, tested, n_now, n_base, fdr_q) {
        if out.len() >= max_alerts {
            break;
        }
        let q = p.clone().text("term", &burst.term);
        let holds = if compound_set.contains(&burst.term) {
            "strpos(coalesce(content, title), $term) > 0"
        } else {
            "array_has(tokens, $term)"
        };
        let r = engine
            .query_with(
                &format!(
                    "SELECT ticket_id, CAST(received_at AS DATE) AS day, district, department, caller_key \
                     FROM tickets WHERE received_at >= $week_start AND received_at < $end \
                     AND tokens IS NOT NULL AND {holds} ORDER BY received_at, ticket_id"
                ),
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
        if let Some(same) = out.iter().position(|a| {
            let shared = ids.iter().filter(|i| a.ticket_ids.contains(i)).count();
            shared as f64 >= 0.8 * ids.len() as f64
        }) {
            out[same].keywords.push(burst.term.clone());
            words[same].push(burst);
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
            title: title(&burst),
            keywords: vec![burst.term.clone()],
            department: top(depts),
            ticket_ids: ids,
            caller_count: callers.len() as u64,
            closed_on: None,
        });
        words.push(vec![burst]);
    }
    for (alert, words) in out.iter_mut().zip(&words) {
        name_by_most_specific(alert, words, &compound_set);
    }
    Ok(out)
}

/// The title of an alert named by `burst`'s word.
fn title(burst: &Burst) -> String {
    if burst.new {
        format!(
            "新词「{}」：近 7 天 {} 件工单提及，此前 8 周未出现",
            burst.term, burst.now
        )
    } else {
        format!(
            "「{}」突增：近 7 天 {} 件工单提及，按此前 8 周约 {:.1} 件",
            burst.term, burst.now, burst.expected
        )
    }
}

/// Names an alert of several words (one event's tickets use them all) by
/// the most specific: a word read back from the texts because jieba cuts
/// it in two (`compounds`: 预制菜, not in its dictionary, the event's own
/// name) before a token, then the word general Chinese uses least
/// (jieba's IDF table), the most significant on a tie. The most
/// significant word is often a common one the event's tickets happen to
/// share (上桌 beside 预制菜). The title and counts are that word's, listed
/// first among the keywords; the alert keeps its id (made from its most
/// significant word, so a name that changes from one day to the next
/// splits nothing) and its significance.
fn name_by_most_specific(
    alert: &mut Alert,
    words: &[Burst],
    compounds: &std::collections::HashSet<String>,
) {
    let specificity = |b: &Burst| {
        (
            compounds.contains(&b.term),
            crate::text::general::idf(&b.term).unwrap_or(f32::INFINITY),
        )
    };
    let Some(best) = words
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| {
            let (ca, ia) = specificity(a);
            let (cb, ib) = specificity(b);
            ca.cmp(&cb).then(ia.total_cmp(&ib)).then(j.cmp(i))
        })
        .map(|(_, b)| b)
    else {
        return;
    };
    if best.term == words[0].term {
        return;
    }
    alert.title = title(best);
    alert.observed = best.now;
    alert.expected = best.expected;
    alert.score = (best.now as f64 / best.expected.max(0.01) * 10.0).round() / 10.0;
    alert.keywords.retain(|k| k != &best.term);
    alert.keywords.insert(0, best.term.clone());
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

    fn burst(term: &str, now: u64, new: bool) -> Burst {
        Burst {
            term: term.into(),
            now,
            base: 0,
            expected: 0.4,
            p_value: 1e-6,
            new,
        }
    }

    /// An alert of 上桌 and 预制菜 (one event's tickets) is named 预制菜, the
    /// word jieba does not know, with its own counts; its id stays.
    #[test]
    fn an_alert_is_named_by_its_most_specific_word() {
        let words = [burst("上桌", 12, true), burst("预制菜", 9, true)];
        let mut a = Alert {
            id: "emerging_term-1".into(),
            kind: AlertKind::EmergingTerm,
            status: Status::New,
            severity: Severity::Red,
            first_seen: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            last_seen: NaiveDate::from_ymd_opt(2024, 5, 7).unwrap(),
            window_start: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            window_end: NaiveDate::from_ymd_opt(2024, 5, 7).unwrap(),
            category: None,
            category_l2: None,
            district: None,
            street: None,
            location: None,
            observed: 12,
            expected: 0.4,
            score: 30.0,
            p_value: 1e-9,
            title: title(&words[0]),
            keywords: vec!["上桌".into(), "预制菜".into()],
            department: None,
            ticket_ids: vec![],
            caller_count: 9,
            closed_on: None,
        };
        let compounds: std::collections::HashSet<String> = ["预制菜".to_string()].into();
        name_by_most_specific(&mut a, &words, &compounds);
        assert_eq!(
            a.title,
            "新词「预制菜」：近 7 天 9 件工单提及，此前 8 周未出现"
        );
        assert_eq!(a.keywords, ["预制菜", "上桌"]);
        assert_eq!(
            (a.observed, a.id.as_str(), a.p_value),
            (9, "emerging_term-1", 1e-9)
        );
        // Two tokens: the most significant keeps the name.
        let mut b = a.clone();
        b.keywords = vec!["上桌".into(), "预制菜".into()];
        b.title = title(&words[0]);
        name_by_most_specific(&mut b, &words, &Default::default());
        assert!(b.title.contains("上桌"), "{}", b.title);
    }

    /// A word jieba cuts in two gives a compound; a following token, a
    /// stopword or punctuation does not.
    #[test]
    fn compounds_join_a_token_and_the_character_after_it() {
        let text = "上桌才发现是预制菜加热的，约了剧本杀，剧本杀店家不退钱，小区门口停车难。";
        let tokens = [
            "上桌", "发现", "预制", "加热", "剧本", "店家", "退钱", "小区", "门口", "停车",
        ];
        let all = |_: &str| true;
        let c: Vec<String> = compounds_of(text, &tokens, all)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(c, ["预制菜", "剧本杀", "停车难"]);
        // 上桌才: 才 is a stopword; 小区门: 门口 is a token; 加热的: 的.
        // A stopword of two characters the tokens dropped ends a word too.
        assert!(compounds_of("金湖街道居民反映", &["金湖街道"], all).is_empty());
        assert!(compounds_of("预制", &["预制"], all).is_empty());
        assert!(compounds_of("预制，菜", &["预制"], all).is_empty());
        // A token that may not head one (a place) still ends the one before:
        // 送进 | 槐树巷 is no compound 送进槐, and 槐树巷 heads none.
        let c = compounds_of("送进槐树巷口", &["送进", "槐树巷"], |w| {
            w != "槐树巷"
        });
        assert!(c.is_empty(), "{c:?}");
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
