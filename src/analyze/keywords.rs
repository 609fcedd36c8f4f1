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

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, BooleanArray};
use datafusion::arrow::compute::{cast, filter_record_batch};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;

use crate::engine::period::Period;
use crate::engine::queries::{self, Header, Params};
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
    of_kind(&engine.query_with(q.sql, &params).await?, opts.by.as_str())
}

/// The rows of a `top_terms` result grouped by `by` (its `by` column
/// equal to it), without that column: one table of a run that grouped
/// the same tokens several ways at once.
pub fn of_kind(result: &QueryResult, by: &str) -> Result<QueryResult> {
    let col = result.schema.index_of("by")?;
    let keep: Vec<usize> = (0..result.schema.fields().len())
        .filter(|&i| i != col)
        .collect();
    let schema = Arc::new(result.schema.project(&keep)?);
    let mut batches = Vec::with_capacity(result.batches.len());
    for b in &result.batches {
        // string_to_array gives the kinds as whichever string type the
        // engine prefers.
        let kinds = cast(b.column(col), &DataType::Utf8)?;
        let kinds = kinds.as_string::<i32>();
        let mask: BooleanArray = (0..b.num_rows())
            .map(|i| Some(!kinds.is_null(i) && kinds.value(i) == by))
            .collect();
        let kept = filter_record_batch(b, &mask)?;
        batches.push(RecordBatch::try_new(
            schema.clone(),
            keep.iter().map(|&i| kept.column(i).clone()).collect(),
        )?);
    }
    Ok(QueryResult { schema, batches })
}

/// The header of `top_terms` for one of its tables: its output without
/// the `by` column.
pub fn header_of_kind(header: &Header) -> Header {
    let mut h = header.clone();
    h.output.retain(|(name, _)| name != "by");
    h
}
