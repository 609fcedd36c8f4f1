//! Reading query results cell by cell: the detectors load tickets into
//! their own structs with these.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Date32Type, TimestampMicrosecondType};

use crate::engine::Engine;
use crate::error::Result;

/// The day of the store's first ticket; None for an empty store.
pub async fn first_day(engine: &Engine) -> Result<Option<NaiveDate>> {
    Ok(day_range(engine).await?.map(|(first, _)| first))
}

/// The days of the store's first and last tickets; None for an empty store.
pub async fn day_range(engine: &Engine) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let r = engine
        .query("SELECT CAST(min(received_at) AS DATE), CAST(max(received_at) AS DATE) FROM tickets")
        .await?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let day = |b: &RecordBatch, c: usize| {
        epoch + chrono::Duration::days(b.column(c).as_primitive::<Date32Type>().value(0) as i64)
    };
    Ok(r.batches
        .iter()
        .find(|b| b.num_rows() > 0 && !b.column(0).is_null(0))
        .map(|b| (day(b, 0), day(b, 1))))
}

/// Text of column `c`, row `i`; None when null.
pub fn text(b: &RecordBatch, c: usize, i: usize) -> Option<String> {
    let a = b.column(c).as_string::<i32>();
    (!a.is_null(i)).then(|| a.value(i).to_string())
}

/// Timestamp of column `c`, row `i` (stored local time).
pub fn time(b: &RecordBatch, c: usize, i: usize) -> NaiveDateTime {
    let a = b.column(c).as_primitive::<TimestampMicrosecondType>();
    chrono::DateTime::from_timestamp_micros(a.value(i))
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// The distinct tokens of list column `c`, row `i`.
pub fn token_set(b: &RecordBatch, c: usize, i: usize) -> BTreeSet<String> {
    let list = b.column(c).as_list::<i32>();
    if list.is_null(i) {
        return BTreeSet::new();
    }
    let items = list.value(i);
    let items = items.as_string::<i32>();
    (0..items.len())
        .map(|j| items.value(j).to_string())
        .collect()
}
