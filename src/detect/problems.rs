//! Problems: tickets about one problem at one place, found by single-pass
//! clustering over content words, the places a ticket names and time.
//!
//! Call-centre tickets about one problem are near-duplicates; citizens'
//! letters about one problem share few sentences but many content words,
//! and name the same place, in other spellings. So a ticket is a TF-IDF
//! vector of its words (built by [`super::hotspots`]: the stored tokens,
//! its own place as one word, its sub-category as another; the weights
//! learned from the tickets at hand, so that words every ticket uses count
//! for little), the place entity it is about and the other places it names
//! ([`crate::text::gazetteer`]): a letter about 光明街 from a writer who
//! introduces herself as living at 万和苑 names both.
//!
//! Tickets are read in time order and each joins the most similar problem
//! still open, or starts a new one: the single-pass clustering of topic
//! detection and tracking (Allan, Papka and Lavrenko, "On-line new event
//! detection and tracking", SIGIR 1998; Yang, Pierce and Carbonell, "A
//! study of retrospective and on-line event detection", SIGIR 1998). The
//! similarity of a ticket to a problem is its mean cosine with the
//! problem's tickets (group average, the cosine with the centroid times
//! the centroid's length, so that a problem grown broad does not draw in
//! everything near it). A ticket that names one of the problem's places
//! joins with a few words in common ([`Options::place_cosine`]); where
//! either names no place the words must say it alone ([`Options::cosine`]);
//! a ticket about another place never joins a problem about places: the
//! same stock phrases about two estates are two problems, while the
//! spellings of one place are one entity already, so that no place string
//! keeps one problem apart. Only problems whose last ticket is at most
//! `gap_days` old are joined (a problem that comes back a few times a day
//! over weeks stays one).
//!
//! Afterwards, problems that are one are merged, so that the order of the
//! first tickets does not split one problem: at one place, centroids at
//! least [`Options::merge_place`] alike, or [`Options::merge_topic`] under
//! one sub-category, or their titles [`Options::merge_title`] alike (the
//! call-taker's summary of one case recurs, however each caller told it:
//! without a category column this is what joins 夜间施工 and 炮锤声音 at
//! one road); and the one or two tickets left alone join the larger
//! problem at their place whose time they share, under their sub-category
//! or by their titles.
//!
//! Nothing here depends on categories or districts being there: a
//! mis-categorised ticket joins its problem by its words, and exports
//! without those columns work the same, on words and places alone.

use std::collections::HashMap;

use super::stats::union_find::UnionFind;

/// How problems are found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Least cosine for a ticket to join a problem about the same place.
    pub place_cosine: f64,
    /// Least cosine where the ticket or the problem names no place.
    pub cosine: f64,
    /// A problem takes no ticket more than this many days after its last.
    pub gap_days: i64,
    /// Least cosine of two problems' centroids for them to be merged: at
    /// the same place, and where neither names one.
    pub merge_place: f64,
    pub merge: f64,
    /// … and at the same place under the same sub-category, where a few
    /// words more in common make them one.
    pub merge_topic: f64,
    /// … and at the same place, their titles' centroids at least this
    /// alike: the call-taker's summary of one case recurs however each
    /// caller tells it.
    pub merge_title: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            place_cosine: 0.1,
            cosine: 0.35,
            gap_days: 14,
            merge_place: 0.15,
            merge: 0.5,
            merge_topic: 0.04,
            merge_title: 0.5,
        }
    }
}

impl Options {
    /// Whether `doc`, with cosine `cos` to the centroid of a problem about
    /// the places `places` (none: a problem about no place), belongs to
    /// it: a ticket that names one of them needs a few words in common;
    /// where either names no place the words must say it alone; two places
    /// are two problems.
    ///
    /// `placed` says that most of the problem's tickets name a place: a
    /// problem about places, even with no one place most of them name,
    /// takes no ticket about another place (or the stock phrases of one
    /// complaint would gather the tickets of a whole city); a problem
    /// about none (a policy, told from many villages) takes any ticket
    /// whose words are close.
    pub fn joins(&self, cos: f64, doc: &Doc, places: &[u32], placed: bool) -> bool {
        if places.iter().any(|p| doc.names(*p)) {
            cos >= self.place_cosine
        } else if (placed || !places.is_empty()) && doc.names_any() {
            false
        } else {
            cos >= self.cosine
        }
    }
}

/// A sparse vector: (term id, weight) sorted by term id.
pub type Vector = Vec<(u32, f32)>;

/// One ticket as the clustering sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// Day number (days since 1970-01-01).
    pub day: i64,
    /// The place entity it is about, interned.
    pub place: Option<u32>,
    /// Other places its text names (a letter about 光明街 from a writer who
    /// lives at 龙潭 may be filed under either), interned.
    pub also: Vec<u32>,
    /// The sub-category it was filed under, interned.
    pub topic: Option<u32>,
    /// Its TF-IDF vector, of unit length (empty when it has no words).
    pub vector: Vector,
    /// The TF-IDF vector of its title's words alone (empty without one).
    pub title: Vector,
}

impl Doc {
    /// Whether it names `place`, as its own or among the others.
    pub fn names(&self, place: u32) -> bool {
        self.place == Some(place) || self.also.contains(&place)
    }

    /// Whether it names any place.
    pub fn names_any(&self) -> bool {
        self.place.is_some() || !self.also.is_empty()
    }

    fn named(&self) -> impl Iterator<Item = u32> + '_ {
        self.place
            .into_iter()
            .chain(self.also.iter().copied().filter(|p| Some(*p) != self.place))
    }
}

/// One problem: its tickets (indices into the docs, in time order), the
/// place most of them name, its centroid and how close its tickets are to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub members: Vec<usize>,
    /// The place most of its tickets name, and every place at least half
    /// of those naming one name.
    pub place: Option<u32>,
    pub about: Vec<u32>,
    /// The centroid, of unit length, sorted by term id.
    pub centroid: Vector,
    /// Mean cosine of the members with the centroid.
    pub cohesion: f64,
}

/// Term ids and TF-IDF vectors of a set of token lists.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    pub vocab: Vec<String>,
    pub docs: Vec<Vector>,
}

/// TF-IDF vectors of `docs` (sublinear tf, idf = ln((N+1)/(df+1)) + 1,
/// unit length); terms for which `skip` is true are left out (it is asked
/// once per distinct term).
pub fn tfidf(docs: &[&[String]], skip: impl Fn(&str) -> bool) -> Vectors {
    tfidf_weighted(docs, skip, |_| 1.0)
}

/// [`tfidf`] with each term's weight multiplied by `weight(term)`.
pub fn tfidf_weighted<'a>(
    docs: &[&'a [String]],
    skip: impl Fn(&str) -> bool,
    weight: impl Fn(&str) -> f32,
) -> Vectors {
    let mut skipped: std::collections::HashSet<&'a str> = std::collections::HashSet::new();
    let mut ids: HashMap<&'a str, u32> = HashMap::new();
    let mut vocab: Vec<String> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    let mut counted: Vec<Vec<(u32, f32)>> = Vec::with_capacity(docs.len());
    for d in docs {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for t in d.iter() {
            let id = match ids.get(t.as_str()) {
                Some(id) => *id,
                None if skipped.contains(t.as_str()) => continue,
                None if skip(t) => {
                    skipped.insert(t.as_str());
                    continue;
                }
                None => {
                    vocab.push(t.clone());
                    df.push(0);
                    let id = (vocab.len() - 1) as u32;
                    ids.insert(t.as_str(), id);
                    id
                }
            };
            *tf.entry(id).or_default() += 1.0;
        }
        let mut v: Vec<(u32, f32)> = tf.into_iter().collect();
        v.sort_unstable_by_key(|(id, _)| *id);
        for (id, _) in &v {
            df[*id as usize] += 1;
        }
        counted.push(v);
    }
    let n = docs.len() as f32;
    let idf: Vec<f32> = df
        .iter()
        .zip(&vocab)
        .map(|(&d, term)| (((n + 1.0) / (d as f32 + 1.0)).ln() + 1.0) * weight(term))
        .collect();
    let docs = counted
        .into_iter()
        .map(|v| {
            let mut v: Vector = v
                .into_iter()
                .map(|(id, tf)| (id, (1.0 + tf.ln()) * idf[id as usize]))
                .collect();
            normalize(&mut v);
            v
        })
        .collect();
    Vectors { vocab, docs }
}

fn normalize(v: &mut Vector) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// The dot product of two sparse vectors sorted by term id.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// Terms a centroid keeps: enough for the cosine, few enough to be quick.
const CENTROID_TERMS: usize = 64;
/// Terms of a ticket used to look up the problems it may join.
const LOOKUP_TERMS: usize = 5;
/// Problems looked at per term (and per place), the latest first: a term
/// that thousands of tickets use would otherwise make every ticket be
/// compared with every problem.
const CANDIDATES_PER_KEY: usize = 24;
/// Least tickets of a problem that is looked at for merging: pairs are
/// many and seldom matter.
const MERGE_LEAST: usize = 3;
/// A lookup list is cut to its latest half when it grows past this.
const LIST_CAP: usize = 1024;

/// A problem while the tickets come in.
#[derive(Debug, Default)]
struct Open {
    members: Vec<usize>,
    sum: HashMap<u32, f32>,
    centroid: Vector,
    title_sum: HashMap<u32, f32>,
    title: Vector,
    /// Tickets naming each place, and those naming any.
    places: HashMap<u32, u32>,
    named: u32,
    /// The places at least half of its tickets name, most named first;
    /// `place` is the first of them.
    about: Vec<u32>,
    place: Option<u32>,
    topics: HashMap<u32, u32>,
    topic: Option<u32>,
    last_day: i64,
    stale: usize,
    /// |sum| / n: the cosine with the centroid times this is the mean
    /// cosine with the members.
    spread: f64,
}

impl Open {
    fn add(&mut self, i: usize, doc: &Doc) {
        self.members.push(i);
        for &(t, w) in &doc.vector {
            *self.sum.entry(t).or_default() += w;
        }
        for &(t, w) in &doc.title {
            *self.title_sum.entry(t).or_default() += w;
        }
        if doc.names_any() {
            self.named += 1;
            for p in doc.named() {
                *self.places.entry(p).or_default() += 1;
            }
        }
        self.about = about(&self.places, self.members.len() as u32);
        self.place = self.about.first().copied();
        if let Some(t) = doc.topic {
            *self.topics.entry(t).or_default() += 1;
            self.topic = majority(&self.topics);
        }
        self.last_day = self.last_day.max(doc.day);
        self.stale += 1;
        // The centroid is redone at once while the problem is small, then
        // every few tickets (a few more change it little).
        if self.members.len() <= 16 || self.stale >= 4 {
            self.refresh();
        }
    }

    fn refresh(&mut self) {
        let (centroid, norm) = centroid_of(&self.sum);
        self.centroid = centroid;
        self.spread = f64::from(norm) / self.members.len().max(1) as f64;
        self.title = centroid_of(&self.title_sum).0;
        self.stale = 0;
    }
}

/// The unit centroid of a sum of vectors (its [`CENTROID_TERMS`] weightiest
/// terms) and the sum's length over those terms.
fn centroid_of(sum: &HashMap<u32, f32>) -> (Vector, f32) {
    let mut v: Vec<(u32, f32)> = sum.iter().map(|(t, w)| (*t, *w)).collect();
    if v.len() > CENTROID_TERMS {
        v.select_nth_unstable_by(CENTROID_TERMS, |a, b| b.1.total_cmp(&a.1));
        v.truncate(CENTROID_TERMS);
    }
    v.sort_unstable_by_key(|(t, _)| *t);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    normalize(&mut v);
    (v, norm)
}

/// The places named by at least half of a problem's `n` tickets, most
/// named first: a problem most of whose tickets name no place is about
/// none, whatever its few others name.
fn about(places: &HashMap<u32, u32>, n: u32) -> Vec<u32> {
    let mut v: Vec<(u32, u32)> = places
        .iter()
        .filter(|(_, k)| 2 * **k >= n)
        .map(|(p, k)| (*p, *k))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().map(|(p, _)| p).collect()
}

/// The value at least half of `counts` have, if one has.
fn majority(counts: &HashMap<u32, u32>) -> Option<u32> {
    let total: u32 = counts.values().sum();
    counts
        .iter()
        .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))
        .filter(|(_, n)| 2 * **n >= total)
        .map(|(p, _)| *p)
}

/// Among the problems a ticket may join, the one about its own place
/// comes first.
const SAME_PLACE_RANK: f64 = 0.25;

/// The problems of `docs` (in time order).
pub fn cluster(docs: &[Doc], opts: &Options) -> Vec<Problem> {
    let mut open: Vec<Open> = Vec::new();
    let mut by_term: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut seen: Vec<u32> = Vec::new();
    let mut stamp = 0u32;
    for (i, doc) in docs.iter().enumerate() {
        stamp += 1;
        let mut lookup: Vec<(u32, f32)> = doc.vector.clone();
        if lookup.len() > LOOKUP_TERMS {
            lookup.select_nth_unstable_by(LOOKUP_TERMS, |a, b| b.1.total_cmp(&a.1));
            lookup.truncate(LOOKUP_TERMS);
        }
        let mut best: Option<(usize, f64)> = None;
        let candidates = lookup
            .iter()
            .filter_map(|(t, _)| by_term.get(t))
            .chain(doc.named().filter_map(|p| by_place.get(&p)))
            .flat_map(|list| list.iter().rev().take(CANDIDATES_PER_KEY));
        for &c in candidates {
            if seen[c] == stamp {
                continue;
            }
            seen[c] = stamp;
            let o = &open[c];
            if doc.day - o.last_day > opts.gap_days {
                continue;
            }
            let cos = dot(&doc.vector, &o.centroid) * o.spread;
            if !opts.joins(cos, doc, &o.about, 2 * o.named as usize > o.members.len()) {
                continue;
            }
            let s = cos
                + if o.place.is_some_and(|p| doc.names(p)) {
                    SAME_PLACE_RANK
                } else {
                    0.0
                };
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
        }
        let c = match best {
            Some((c, _)) => c,
            None => {
                open.push(Open::default());
                seen.push(0);
                open.len() - 1
            }
        };
        open[c].add(i, doc);
        let note = |list: &mut Vec<usize>| {
            if list.last() != Some(&c) {
                list.push(c);
                if list.len() > LIST_CAP {
                    list.drain(..LIST_CAP / 2);
                }
            }
        };
        for (t, _) in &lookup {
            note(by_term.entry(*t).or_default());
        }
        for p in doc.named() {
            note(by_place.entry(p).or_default());
        }
    }
    for o in &mut open {
        o.refresh();
    }
    merge(docs, open, opts)
}

/// Merges problems that are one: the same place (or none), centroids at
/// least `opts.merge` alike, and no more than `gap_days` between them.
fn merge(docs: &[Doc], open: Vec<Open>, opts: &Options) -> Vec<Problem> {
    let mut sets = UnionFind::new(open.len());
    let span = |o: &Open| (docs[o.members[0]].day, o.last_day);
    // Candidates: problems of [`MERGE_LEAST`] tickets or more, by place,
    // or (without one) by their weightiest word; each compared with every
    // one that starts within `gap_days` of its end. Pieces of one problem
    // at one place share few words (the place, the sub-category, one or
    // two of the problem's), so no word narrows the search at a place.
    let mut keys: HashMap<(Option<u32>, Option<u32>), Vec<usize>> = HashMap::new();
    for (c, o) in open.iter().enumerate() {
        if o.members.len() < MERGE_LEAST {
            continue;
        }
        let term = if o.place.is_some() {
            None
        } else {
            o.centroid
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| *t)
        };
        keys.entry((o.place, term)).or_default().push(c);
    }
    for list in keys.values_mut() {
        list.sort_by_key(|&c| span(&open[c]).0);
        for (x, &a) in list.iter().enumerate() {
            let (_, la) = span(&open[a]);
            for &b in &list[x + 1..] {
                let (oa, ob) = (&open[a], &open[b]);
                let (fb, _) = span(ob);
                if fb - la > opts.gap_days {
                    break;
                }
                let least = if oa.place.is_none() {
                    opts.merge
                } else if oa.topic.is_some() && oa.topic == ob.topic {
                    opts.merge_topic
                } else {
                    opts.merge_place
                };
                if dot(&oa.centroid, &ob.centroid) >= least
                    || (oa.place.is_some() && dot(&oa.title, &ob.title) >= opts.merge_title)
                {
                    sets.union(a, b);
                }
            }
        }
    }
    // The few tickets of a problem left alone (one or two, told in words of
    // their own) join the larger problem at their place whose time they
    // share, when under their sub-category its words are close enough, or
    // its titles are.
    let mut by_place: HashMap<u32, Vec<usize>> = HashMap::new();
    for (c, o) in open.iter().enumerate() {
        if let (Some(p), true) = (o.place, o.members.len() >= MERGE_LEAST) {
            by_place.entry(p).or_default().push(c);
        }
    }
    for (a, oa) in open.iter().enumerate() {
        let (Some(p), true) = (oa.place, oa.members.len() < MERGE_LEAST) else {
            continue;
        };
        let (fa, la) = span(oa);
        let best = by_place
            .get(&p)
            .into_iter()
            .flatten()
            .filter(|&&b| {
                let (fb, lb) = span(&open[b]);
                fb - la <= opts.gap_days && fa - lb <= opts.gap_days
            })
            .filter_map(|&b| {
                let ob = &open[b];
                let cos = dot(&oa.centroid, &ob.centroid);
                let title = dot(&oa.title, &ob.title);
                let topical = oa.topic.is_some() && oa.topic == ob.topic && cos >= opts.merge_topic;
                (topical || title >= opts.merge_title).then_some((b, cos.max(title)))
            })
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some((b, _)) = best {
            sets.union(a, b);
        }
    }
    let mut out = Vec::new();
    for group in sets.groups() {
        let mut members: Vec<usize> = group
            .iter()
            .flat_map(|&c| open[c].members.iter().copied())
            .collect();
        members.sort_unstable();
        let mut sum: HashMap<u32, f32> = HashMap::new();
        let mut places: HashMap<u32, u32> = HashMap::new();
        for &m in &members {
            for &(t, w) in &docs[m].vector {
                *sum.entry(t).or_default() += w;
            }
            for p in docs[m].named() {
                *places.entry(p).or_default() += 1;
            }
        }
        let mut o = Open {
            sum,
            ..Open::default()
        };
        o.refresh();
        let about = about(&places, members.len() as u32);
        let place = about.first().copied();
        let cohesion = members
            .iter()
            .map(|&m| dot(&docs[m].vector, &o.centroid))
            .sum::<f64>()
            / members.len() as f64;
        out.push(Problem {
            members,
            place,
            about,
            centroid: o.centroid,
            cohesion,
        });
    }
    out.sort_by_key(|p| p.members[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn tickets_about_one_problem_at_one_place_are_one_problem() {
        // Three tickets about 停水 at 阳光花园 in other words, a fourth about
        // 停水 elsewhere, a fifth about parking at 阳光花园, and 停水 at
        // 阳光花园 again after a month of silence.
        let texts = [
            ("停水 管道 爆裂 两天 用水", Some(1), 0),
            ("停水 抢修 管道 居民 生活", Some(1), 1),
            ("一直 停水 用水 困难 管道", Some(1), 3),
            ("停水 管道 爆裂 两天 用水", Some(2), 3),
            ("停车 收费 物业 车位", Some(1), 4),
            ("停水 管道 爆裂 用水", Some(1), 40),
        ];
        let tokens: Vec<Vec<String>> = texts.iter().map(|(t, _, _)| words(t)).collect();
        let refs: Vec<&[String]> = tokens.iter().map(Vec::as_slice).collect();
        let v = tfidf(&refs, |_| false);
        let docs: Vec<Doc> = texts
            .iter()
            .zip(v.docs)
            .map(|((_, place, day), vector)| Doc {
                day: *day,
                place: *place,
                also: Vec::new(),
                topic: None,
                vector,
                title: Vec::new(),
            })
            .collect();
        let problems = cluster(&docs, &Options::default());
        let groups: Vec<Vec<usize>> = problems.iter().map(|p| p.members.clone()).collect();
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3], vec![4], vec![5]]);
        assert_eq!(problems[0].place, Some(1));
        assert!(problems[0].cohesion > 0.5);
    }

    #[test]
    fn one_case_told_in_other_words_is_one_problem_by_its_titles() {
        // Night-time road works at one place, told two ways that share no
        // word (施工 许可 十一点 | 炮锤 管网 耳朵), the call-takers' titles
        // alike; at the same place and time, a pothole told in words of
        // its own under a title of its own, and the two ways again at
        // another place.
        let texts = [
            ("十一点 还在 施工 许可", "夜间 施工 扰民", Some(1), 0),
            ("炮锤 管网 工程 耳朵", "夜间 施工 扰民", Some(1), 0),
            ("十一点 还在 施工 许可", "夜间 施工", Some(1), 1),
            ("炮锤 管网 工程 耳朵", "施工 扰民", Some(1), 2),
            ("十一点 还在 施工 许可", "夜间 施工 扰民", Some(1), 3),
            ("炮锤 管网 工程 耳朵", "夜间 施工 扰民", Some(1), 3),
            ("坑洼 积水 车辆 颠簸", "路面 破损", Some(1), 1),
            ("坑洼 积水 车辆 颠簸", "路面 坑洼", Some(1), 2),
            ("坑洼 积水 颠簸 爆胎", "路面 破损", Some(1), 3),
            ("十一点 还在 施工 许可", "夜间 施工 扰民", Some(2), 1),
            ("炮锤 管网 工程 耳朵", "夜间 施工 扰民", Some(2), 2),
            ("炮锤 管网 工程 耳朵", "夜间 施工 扰民", Some(2), 3),
            ("炮锤 管网 工程 耳朵", "施工 扰民", Some(2), 4),
        ];
        let tokens: Vec<Vec<String>> = texts.iter().map(|t| words(t.0)).collect();
        let titles: Vec<Vec<String>> = texts.iter().map(|t| words(t.1)).collect();
        let refs: Vec<&[String]> = tokens.iter().map(Vec::as_slice).collect();
        let title_refs: Vec<&[String]> = titles.iter().map(Vec::as_slice).collect();
        let (v, t) = (tfidf(&refs, |_| false), tfidf(&title_refs, |_| false));
        let docs: Vec<Doc> = texts
            .iter()
            .zip(v.docs.into_iter().zip(t.docs))
            .map(|((_, _, place, day), (vector, title))| Doc {
                day: *day,
                place: *place,
                also: Vec::new(),
                topic: None,
                vector,
                title,
            })
            .collect();
        let mut groups: Vec<Vec<usize>> = cluster(&docs, &Options::default())
            .into_iter()
            .map(|p| p.members)
            .collect();
        groups.sort();
        assert_eq!(
            groups,
            vec![vec![0, 1, 2, 3, 4, 5], vec![6, 7, 8], vec![9, 10, 11, 12]]
        );
        // Without titles the two ways of telling it stay apart.
        let untitled: Vec<Doc> = docs
            .into_iter()
            .map(|d| Doc {
                title: Vec::new(),
                ..d
            })
            .collect();
        let apart = cluster(&untitled, &Options::default());
        assert!(apart.iter().any(|p| p.members == [0, 2, 4]), "{apart:?}");
    }

    #[test]
    fn vectors_are_unit_and_weigh_rare_words_more() {
        let tokens = [words("物业 停水"), words("物业 噪音"), words("物业 电梯")];
        let refs: Vec<&[String]> = tokens.iter().map(Vec::as_slice).collect();
        let v = tfidf(&refs, |t| t == "电梯");
        let d0 = &v.docs[0];
        let norm: f32 = d0.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        let weight = |t: &str| {
            let id = v.vocab.iter().position(|w| w == t).unwrap() as u32;
            d0.iter().find(|(i, _)| *i == id).unwrap().1
        };
        assert!(weight("停水") > weight("物业"));
        assert!(!v.vocab.iter().any(|w| w == "电梯"));
    }
}
