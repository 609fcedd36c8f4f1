//! The place gazetteer of a store ([`crate::text::gazetteer`]): every place
//! its tickets mention, with their counts, and the administrative names it
//! uses, learned afresh for each run so that it grows with the store. It
//! is learned from the tickets received up to the day asked for, so that a
//! run for a past day (and `hotline evaluate`) sees what was known then.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::Int64Type;

use chrono::{Duration, NaiveDate};

use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;
use crate::text::gazetteer::Gazetteer;

/// The gazetteer of the store `engine` reads, from its tickets received up
/// to `until` (included).
pub async fn gazetteer(engine: &Engine, until: NaiveDate) -> Result<Gazetteer> {
    let p = Params::new().day("end", until + Duration::days(1));
    let mentions = engine
        .query_with(
            "SELECT place, count(*) AS n FROM tickets WHERE place IS NOT NULL \
             AND received_at < $end GROUP BY place",
            &p,
        )
        .await?;
    let admin = engine
        .query_with(
            "SELECT district AS name FROM tickets WHERE district IS NOT NULL AND received_at < $end \
             UNION SELECT street FROM tickets WHERE street IS NOT NULL AND received_at < $end \
             UNION SELECT community FROM tickets WHERE community IS NOT NULL AND received_at < $end",
            &p,
        )
        .await?;
    let mut counts: Vec<(String, u64)> = Vec::new();
    for b in &mentions.batches {
        let p = b.column(0).as_string::<i32>();
        let n = b.column(1).as_primitive::<Int64Type>();
        for i in 0..b.num_rows() {
            counts.push((p.value(i).to_string(), n.value(i) as u64));
        }
    }
    let mut names: Vec<String> = Vec::new();
    for b in &admin.batches {
        let a = b.column(0).as_string::<i32>();
        for i in 0..b.num_rows() {
            if !a.is_null(i) {
                names.push(a.value(i).to_string());
            }
        }
    }
    Ok(Gazetteer::learn(
        counts.iter().map(|(p, n)| (p.as_str(), *n)),
        names.iter().map(String::as_str),
    ))
}
