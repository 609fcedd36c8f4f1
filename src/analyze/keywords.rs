//! Keywords of a group of tickets: TF-IDF with the IDF learned from the store.
//!
//! jieba's bundled IDF table was learned on news text, where 物业 or 噪音 are
//! rare and therefore look like keywords in every hotline ticket. Here the
//! document frequency comes from the store itself: a word that half of all
//! tickets use scores low however often it appears, and a word that marks one
//! category or district scores high there (Spärck Jones, "A statistical
//! interpretation of term specificity and its application in retrieval",
//! Journal of Documentation 28(1), 1972). The SQL is `queries/top_terms.sql`;
//! this module binds its parameters.

use crate::engine::period::Period;
use crate::engine::queries::{self, Params};
use crate::engine::{Engine, QueryResult};
use crate::error::Result;

/// What the keywords are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    All,
    Category,
    District,
    Department,
}

impl GroupBy {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::All => "all",
            GroupBy::Category => "category",
            GroupBy::District => "district",
            GroupBy::Department => "department",
        }
    }
}

/// Options of a keyword run.
#[derive(Debug, Clone)]
pub struct KeywordOptions {
    pub by: GroupBy,
    pub period: Period,
    /// Words per group.
    pub top: usize,
    /// Least number of tickets in the group that use a word.
    pub min_count: usize,
}

/// Runs `top_terms` with the options bound.
pub async fn keywords(engine: &Engine, opts: &KeywordOptions) -> Result<QueryResult> {
    let q = queries::find("top_terms").expect("top_terms is a standard query");
    let params = Params::new()
        .period(&opts.period)
        .text("by", opts.by.as_str())
        .int("top", opts.top as i64)
        .int("min_count", opts.min_count as i64);
    super::of_kind(&engine.query_with(q.sql, &params).await?, opts.by.as_str())
}
