//! A bank: the vocabulary of one synthetic city — its districts and
//! streets, estates and roads, categories with their wording, the themes of
//! its class cases, and the phrases of citizens' letters.
//!
//! The generator draws every text from a bank, so a second bank written by
//! another hand (other places, templates and wording) gives exports that
//! detection was not tuned on: `hotline evaluate` reports its figures on the
//! held-out banks (see `src/synth/banks/`).

/// A district with its population weight and streets (街道/镇).
pub struct District {
    pub name: &'static str,
    pub weight: f64,
    pub streets: &'static [&'static str],
}

/// A second-level category: its name, kind mix, text templates and titles.
pub struct Sub {
    pub name: &'static str,
    pub weight: f64,
    /// Weights of 投诉, 求助, 咨询, 建议, 举报.
    pub kinds: [f64; 5],
    /// Sentences of a ticket of the category; slots `{estate}`, `{road}`,
    /// `{road2}`, `{street}`, `{market}`, `{school}`, `{hospital}`,
    /// `{company}`, `{shop}`, `{bus}`, `{building}`, `{hour}`, `{n}`.
    pub templates: &'static [&'static str],
    pub titles: &'static [&'static str],
    /// Months (1-12) when it is twice as frequent.
    pub peak_months: &'static [u32],
    /// Median handling time in days.
    pub handling_days: f64,
}

/// A first-level category and its responsible city department.
pub struct Category {
    pub name: &'static str,
    pub weight: f64,
    pub department: &'static str,
    /// An alias of the department as some call-takers type it.
    pub department_alias: &'static str,
    pub subs: &'static [Sub],
}

/// The problem of a class case (类案): one place, one problem, many
/// callers. `{place}` is the estate or road it is about; each ticket
/// tells one or more of the variants, in other words than the others.
pub struct Theme {
    pub category: usize,
    pub sub: usize,
    /// Whether `{place}` is a road (else an estate).
    pub road: bool,
    pub variants: &'static [&'static str],
}

/// The phrases a citizen's letter (留言, 信件) is built of, around the
/// problem it tells: letters are long, personal and written by many hands.
pub struct Letters {
    /// Salutations: 尊敬的市长您好！
    pub salutations: &'static [&'static str],
    /// The writer introduces themselves; slots as in templates, plus
    /// `{district}`.
    pub selves: &'static [&'static str],
    /// Sentences that elaborate any problem: how long, whom they told.
    pub details: &'static [&'static str],
    /// What the writer asks for.
    pub requests: &'static [&'static str],
    /// Endings: 此致敬礼！
    pub closings: &'static [&'static str],
}

/// The whole vocabulary of one city.
pub struct Bank {
    /// Short name, as `hotline gen --bank` takes it.
    pub name: &'static str,
    pub city: &'static str,
    pub districts: &'static [District],
    pub community_stems: &'static [&'static str],
    pub community_suffixes: &'static [&'static str],
    /// Well-known estates (class cases and repeat callers are about these).
    pub estates: &'static [&'static str],
    /// Stems of the many ordinary places of the city.
    pub place_stems: &'static [&'static str],
    pub estate_suffixes: &'static [&'static str],
    pub road_suffixes: &'static [&'static str],
    pub market_suffixes: &'static [&'static str],
    pub school_suffixes: &'static [&'static str],
    pub company_suffixes: &'static [&'static str],
    pub roads: &'static [&'static str],
    pub markets: &'static [&'static str],
    pub schools: &'static [&'static str],
    pub hospitals: &'static [&'static str],
    pub companies: &'static [&'static str],
    pub shops: &'static [&'static str],
    pub bus_lines: &'static [&'static str],
    pub surnames: &'static [&'static str],
    pub given: &'static [&'static str],
    /// Boilerplate call-takers put before and after the content.
    pub openers: &'static [&'static str],
    pub closers: &'static [&'static str],
    pub categories: &'static [Category],
    pub themes: &'static [Theme],
    /// Terms that appear for the first time during the period and spread:
    /// (term, category, sub-category, template).
    pub emerging: &'static [(&'static str, usize, usize, &'static str)],
    pub letters: Letters,
}

/// 投诉, 求助, 咨询, 建议, 举报: the kinds every bank's weights refer to.
pub const KINDS: [&str; 5] = ["投诉", "求助", "咨询", "建议", "举报"];
