//! Hot issues of a period (热点问题): the problems of the period
//! ([`super::problems`]) ranked by a heat index — the table a centre is
//! asked for every month, and the ground class cases are found on.
//!
//! Heat index of a problem with N tickets from U distinct callers (where
//! the export has no caller column, one home its address names down to the
//! building or unit is one caller, and a ticket without is one) over S
//! days (first to last
//! ticket), whose tickets came `late` in the second half of its span and
//! `early` in the first, and that readers backed with L likes and
//! dislikes (点赞数 + 反对数, 0 where the export has none):
//!
//! ```text
//! heat = (U + (N − U) / 4) × (1 + ln(S) / 4) × (1 + max(0, late − early) / (2N)) × (1 + ln(1 + L) / 10)
//! ```
//!
//! Many callers count most (a caller who calls five times is one voice
//! that insists, worth a quarter ticket a call more); a problem that lasts
//! counts more, with diminishing returns (a month is about twice a day's
//! weight); one that grows within the period up to half as much again;
//! likes add a little (a hundred give +46 %).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::problems::{self, Doc, Options};
use super::tickets::{self, Ticket};
use crate::engine::Engine;
use crate::engine::period::Period;
use crate::error::Result;
use crate::text::gazetteer::{Gazetteer, is_area};

/// One problem among tickets, described.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Indices of its tickets, in time order.
    pub members: Vec<usize>,
    /// The place entity most of its tickets name (its id and name).
    pub place_id: Option<String>,
    pub place: Option<String>,
    /// The content words that weigh most in it (not its place, no
    /// administrative names).
    pub keywords: Vec<String>,
    /// Mean cosine of its tickets with its centroid.
    pub cohesion: f64,
    /// Its tickets closest to its centroid, closest first (at most
    /// [`TYPICAL`]).
    pub typical: Vec<usize>,
}

/// Tickets of a problem kept as its most typical.
pub const TYPICAL: usize = 5;

/// Everything the problem detectors need of a set of tickets.
pub struct Problems {
    pub found: Vec<Found>,
    /// The tickets as the clustering saw them (same order as the tickets).
    pub docs: Vec<Doc>,
    /// Each problem's centroid (same order as `found`).
    pub centroids: Vec<problems::Vector>,
    /// The place entity of each problem, interned as in `docs`.
    pub places: Vec<Option<u32>>,
    /// Every place of each problem ([`problems::Problem::about`]).
    pub about: Vec<Vec<u32>>,
}

/// Places a ticket's words name besides its own, at most.
const MAX_ALSO: usize = 4;

/// Marks the sub-category among a ticket's words.
const CATEGORY_MARK: &str = "类:";
/// Marks the ticket's own place among its words.
const PLACE_MARK: &str = "地:";
/// The weight of a ticket's own place among its words, against a word's
/// own: half. Every ticket at 幸福里小区 names it, whatever its problem, so
/// at full weight the tickets of a busy estate would be one problem; left
/// out, letters about one river whose problem is told in few words (臭,
/// 施工) would fall apart.
const PLACE_WEIGHT: f32 = 0.5;

/// The character bigrams of `title`'s runs of Chinese characters, the
/// place `cut` taken out first.
fn title_bigrams(title: &str, cut: Option<&str>) -> Vec<String> {
    let text = match cut.filter(|n| !n.is_empty()) {
        Some(name) => title.replace(name, " "),
        None => title.to_string(),
    };
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            run.push(c);
            continue;
        }
        out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        run.clear();
    }
    out
}

/// Finds the problems of `tickets` (in time order), places resolved by `gaz`.
pub fn find(tickets: &[Ticket], gaz: &Gazetteer, opts: &Options) -> Problems {
    let admin: BTreeSet<&str> = tickets
        .iter()
        .flat_map(|t| [t.district.as_deref(), t.street.as_deref()])
        .flatten()
        .collect();
    // What a ticket says: administrative names and numbers are left out;
    // the ticket's own place, however spelled, is one word, its entity, at
    // [`PLACE_WEIGHT`]; other places it names (the estate by a river's
    // stretch, the road by an estate's gate) tell one problem from another
    // and stay as they are. The sub-category the call-taker chose is one
    // word more: most tickets of a problem share it, and a mis-filed one
    // still has its words.
    let skip = |w: &str| admin.contains(w) || is_area(w) || w.chars().all(|c| c.is_ascii_digit());
    let mut entity_of: HashMap<&str, Option<String>> = HashMap::new();
    let words: Vec<Vec<String>> = tickets
        .iter()
        .map(|t| {
            let own = t.place.as_deref().and_then(|m| gaz.entity_id(m));
            let mention = t.place.as_deref().unwrap_or("");
            let mut w: Vec<String> = Vec::with_capacity(t.tokens.len() + 2);
            for tok in &t.tokens {
                let is_own = own.is_some()
                    && (mention.contains(tok.as_str())
                        || entity_of
                            .entry(tok.as_str())
                            .or_insert_with(|| gaz.entity_id(tok))
                            .as_ref()
                            == own.as_ref());
                if !is_own {
                    w.push(tok.clone());
                }
            }
            if let Some(o) = &own {
                w.push(format!("{PLACE_MARK}{o}"));
            }
            if let Some(c) = t.category_l2.as_deref().or(t.category.as_deref()) {
                w.push(format!("{CATEGORY_MARK}{c}"));
            }
            w
        })
        .collect();
    let token_refs: Vec<&[String]> = words.iter().map(Vec::as_slice).collect();
    let vectors = problems::tfidf_weighted(&token_refs, skip, |w| {
        if w.starts_with(PLACE_MARK) {
            PLACE_WEIGHT
        } else {
            1.0
        }
    });
    // The title alone: a call-taker's summary of the case, which one
    // case's tickets often share however each caller told it. The stored
    // tokens are the content's, so the title is read as character bigrams
    // (as Chinese retrieval does without a segmenter), its own place taken
    // out first, and the store's districts and streets blanked out of it
    // (for the places it names too): 柳湖街道 in the titles of tickets
    // about ten estates says where they lie, not what they are about, and
    // names no road 柳湖街.
    let admin_names = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(admin.iter().filter(|a| !a.is_empty()))
        .expect("a few thousand names build");
    let titled: Vec<Option<String>> = tickets
        .iter()
        .map(|t| {
            t.title.as_deref().map(|title| {
                let mut out = String::with_capacity(title.len());
                admin_names.replace_all_with(title, &mut out, |_, _, dst| {
                    dst.push(' ');
                    true
                });
                out
            })
        })
        .collect();
    let title_words: Vec<Vec<String>> = tickets
        .iter()
        .zip(&titled)
        .map(|(t, title)| match title.as_deref() {
            Some(title) => title_bigrams(title, t.place.as_deref()),
            None => Vec::new(),
        })
        .collect();
    let title_refs: Vec<&[String]> = title_words.iter().map(Vec::as_slice).collect();
    let titles = problems::tfidf(&title_refs, |_| false);
    let mut place_ids: HashMap<String, u32> = HashMap::new();
    let mut place_names: Vec<(String, String)> = Vec::new();
    let mut topics: HashMap<&str, u32> = HashMap::new();
    let mut known: HashMap<String, Option<(String, String)>> = HashMap::new();
    let docs: Vec<Doc> = tickets
        .iter()
        .zip(vectors.docs.iter().zip(titles.docs))
        .zip(&titled)
        .map(|((t, (v, title)), titled)| {
            // One name in two districts is two places (光明街 of 城东区 and
            // of 临江县); an export without districts has one city.
            let mut intern = |id: &str, name: &str| {
                let next = place_ids.len() as u32;
                let key = format!("{}|{id}", t.district.as_deref().unwrap_or(""));
                *place_ids.entry(key).or_insert_with(|| {
                    place_names.push((id.to_string(), name.to_string()));
                    next
                })
            };
            let place = t
                .place
                .as_deref()
                .and_then(|m| gaz.resolve(m))
                .map(|e| intern(&e.id, &e.name));
            // The other places it names, as the gazetteer knows them: in
            // its title, then among its words, a word or two or three in a
            // row (滨江 大道), the longest first.
            let mut also: Vec<u32> = Vec::new();
            for e in titled
                .as_deref()
                .map(|t| gaz.find_in(t))
                .unwrap_or_default()
            {
                let p = intern(&e.id, &e.name);
                if Some(p) != place && !also.contains(&p) && also.len() < MAX_ALSO {
                    also.push(p);
                }
            }
            let toks = &t.tokens;
            let mut i = 0;
            while i < toks.len() && also.len() < MAX_ALSO {
                let mut step = 1;
                for n in (1..=3.min(toks.len() - i)).rev() {
                    if !toks[i + n - 1]
                        .chars()
                        .last()
                        .is_some_and(|c| gaz.may_end_place(c))
                    {
                        continue;
                    }
                    let joined: String = toks[i..i + n].concat();
                    let e = known.entry(joined).or_insert_with_key(|j| {
                        gaz.resolve(j).map(|e| (e.id.clone(), e.name.clone()))
                    });
                    if let Some((id, name)) = e {
                        let p = intern(id, name);
                        if Some(p) != place && !also.contains(&p) {
                            also.push(p);
                        }
                        step = n;
                        break;
                    }
                }
                i += step;
            }
            // A sub-category says what the problem is; a first-level one
            // (住房物业: lifts, fees, noise …) does not.
            let topic = t.category_l2.as_deref().map(|c| {
                let next = topics.len() as u32;
                *topics.entry(c).or_insert(next)
            });
            Doc {
                day: (t.day() - epoch()).num_days(),
                place,
                also,
                topic,
                vector: v.clone(),
                title,
            }
        })
        .collect();
    let clustered = problems::cluster(&docs, opts);
    let centroids = clustered.iter().map(|p| p.centroid.clone()).collect();
    let places = clustered.iter().map(|p| p.place).collect();
    let about = clustered.iter().map(|p| p.about.clone()).collect();
    let found = clustered
        .into_iter()
        .map(|p| {
            let (place_id, place) = match p.place {
                Some(i) => {
                    let (id, name) = &place_names[i as usize];
                    (Some(id.clone()), Some(name.clone()))
                }
                None => (None, None),
            };
            let mut terms = p.centroid.clone();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            // Its words, weightiest first: not its own place, and content
            // words before general ones (东侧, 还是), which come only when
            // there are too few others.
            let words: Vec<&String> = terms
                .iter()
                .map(|(t, _)| &vectors.vocab[*t as usize])
                .filter(|w| {
                    if w.starts_with(CATEGORY_MARK) || w.starts_with(PLACE_MARK) {
                        return false;
                    }
                    let is_place = gaz
                        .resolve(w)
                        .is_some_and(|e| Some(&e.id) == place_id.as_ref())
                        || place
                            .as_deref()
                            .is_some_and(|pl| pl.contains(w.as_str()) || w.contains(pl));
                    !is_place && w.chars().count() >= 2
                })
                .collect();
            let (content, general): (Vec<&String>, Vec<&String>) = words
                .into_iter()
                .partition(|w| !crate::text::general::is_general(w));
            let keywords: Vec<String> = content
                .into_iter()
                .chain(general)
                .take(5)
                .cloned()
                .collect();
            let mut typical: Vec<(usize, f64)> = p
                .members
                .iter()
                .map(|&m| (m, problems::dot(&docs[m].vector, &p.centroid)))
                .collect();
            typical.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let typical: Vec<usize> = typical.into_iter().take(TYPICAL).map(|(m, _)| m).collect();
            Found {
                members: p.members,
                place_id,
                place,
                keywords,
                cohesion: p.cohesion,
                typical,
            }
        })
        .collect();
    Problems {
        found,
        docs,
        centroids,
        places,
        about,
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")
}

/// Distinct callers of `members` ([`Ticket::caller`]: the caller key, else
/// the home the address names); a ticket with neither counts as one.
pub fn callers(tickets: &[Ticket], members: &[usize]) -> usize {
    let mut keys: BTreeSet<std::borrow::Cow<'_, str>> = BTreeSet::new();
    let mut anonymous = 0;
    for &m in members {
        match tickets[m].caller() {
            Some(k) => {
                keys.insert(k);
            }
            None => anonymous += 1,
        }
    }
    keys.len() + anonymous
}

/// The heat index (see the module doc).
pub fn heat(tickets: &[Ticket], members: &[usize]) -> f64 {
    let n = members.len() as f64;
    if members.is_empty() {
        return 0.0;
    }
    let u = callers(tickets, members) as f64;
    let first = tickets[members[0]].received_at;
    let last = tickets[*members.last().expect("non-empty")].received_at;
    let span = ((last.date() - first.date()).num_days() + 1) as f64;
    let mid = first + (last - first) / 2;
    let late = members
        .iter()
        .filter(|&&m| tickets[m].received_at > mid)
        .count() as f64;
    let growth = (late - (n - late)).max(0.0) / (2.0 * n);
    let likes: f64 = members
        .iter()
        .map(|&m| f64::from(tickets[m].likes + tickets[m].dislikes))
        .sum();
    (u + (n - u) / 4.0)
        * (1.0 + span.ln() / 4.0)
        * (1.0 + growth)
        * (1.0 + (1.0 + likes).ln() / 10.0)
}

/// The most frequent value of `f` among `members`.
pub fn most<'a>(
    tickets: &'a [Ticket],
    members: &[usize],
    f: impl Fn(&'a Ticket) -> Option<&'a str>,
) -> Option<String> {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in members {
        if let Some(v) = f(&tickets[i]) {
            *m.entry(v).or_default() += 1;
        }
    }
    m.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.to_string())
}

/// A readable title of a problem: the title of its most typical ticket of
/// a sensible length that names no other place than the problem's (a
/// call-taker's title about the market next door is not this problem's),
/// with the problem's place in front when it does not name it; else its
/// place and keywords.
pub fn title(tickets: &[Ticket], gaz: &Gazetteer, f: &Found) -> String {
    let fallback = || {
        let words = f
            .keywords
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        match &f.place {
            Some(p) if !words.is_empty() => format!("{p}：{words}"),
            Some(p) => p.clone(),
            None => words,
        }
    };
    let own = f.place_id.as_deref();
    let fits = |t: &&str| {
        (4..=40).contains(&t.chars().count())
            && gaz.find_in(t).iter().all(|e| Some(e.id.as_str()) == own)
    };
    match f
        .typical
        .iter()
        .filter_map(|&m| tickets[m].title.as_deref().map(str::trim))
        .find(fits)
    {
        // A title that names no place gets the problem's.
        Some(t) => match &f.place {
            Some(p) if !t.contains(p.as_str()) && !f.keywords.is_empty() => {
                format!("{p}：{t}")
            }
            _ => t.to_string(),
        },
        None => fallback(),
    }
}

/// One row of `hotline hotspots`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hotspot {
    pub rank: usize,
    pub heat: f64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub place: Option<String>,
    pub title: String,
    pub keywords: Vec<String>,
    pub tickets: usize,
    pub callers: usize,
    /// The department that handled most of its tickets.
    pub department: Option<String>,
    pub ticket_ids: Vec<String>,
}

/// Least tickets of a hot issue.
pub const MIN_TICKETS: usize = 3;

/// Days a problem may pause and still be one, over a period of `days`: a
/// sixth of the period, from two weeks (a month's report) to half a year
/// (several years: the real exports' hot issues come back after months,
/// and a pause of up to half a year joined 3 more of the 25 held-out gold
/// issues than three months did, at 10 points of purity; a year or two
/// gathered whole rivers).
pub fn gap_days(days: i64) -> i64 {
    (days / 6).clamp(14, 180)
}

/// The hot issues among `tickets`, hottest first, at most `top`.
pub fn rank(tickets: &[Ticket], gaz: &Gazetteer, top: usize) -> Vec<Hotspot> {
    let days = match (tickets.first(), tickets.last()) {
        (Some(a), Some(b)) => (b.day() - a.day()).num_days() + 1,
        _ => 1,
    };
    let opts = Options {
        gap_days: gap_days(days),
        ..Options::default()
    };
    rank_with(tickets, gaz, top, &opts)
}

/// [`rank`] with the clustering's options given.
pub fn rank_with(tickets: &[Ticket], gaz: &Gazetteer, top: usize, opts: &Options) -> Vec<Hotspot> {
    let problems = find(tickets, gaz, opts);
    let mut rows: Vec<Hotspot> = problems
        .found
        .iter()
        .filter(|f| f.members.len() >= MIN_TICKETS && callers(tickets, &f.members) >= 2)
        .map(|f| {
            let first = &tickets[f.members[0]];
            let last = &tickets[*f.members.last().expect("non-empty")];
            Hotspot {
                rank: 0,
                heat: (heat(tickets, &f.members) * 10.0).round() / 10.0,
                start: first.day(),
                end: last.day(),
                place: f.place.clone(),
                title: title(tickets, gaz, f),
                keywords: f.keywords.clone(),
                tickets: f.members.len(),
                callers: callers(tickets, &f.members),
                department: most(tickets, &f.members, |t| t.department.as_deref()),
                ticket_ids: f.members.iter().map(|&m| tickets[m].id.clone()).collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.heat
            .total_cmp(&a.heat)
            .then(a.start.cmp(&b.start))
            .then(a.ticket_ids.cmp(&b.ticket_ids))
    });
    rows.truncate(top);
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}

/// The hot issues of `period` in the store, hottest first, at most `top`.
pub async fn hotspots(engine: &Engine, period: &Period, top: usize) -> Result<Vec<Hotspot>> {
    let Some((first, last)) = super::columns::day_range(engine).await? else {
        return Ok(Vec::new());
    };
    let from = period.start.max(first);
    let to = (period.end - Duration::days(1)).min(last);
    if to < from {
        return Ok(Vec::new());
    }
    let tickets = tickets::load(engine, from, to).await?;
    let gaz = super::places::gazetteer(engine, to).await?;
    Ok(rank(&tickets, &gaz, top))
}
