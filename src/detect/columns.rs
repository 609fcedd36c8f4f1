//! Reading query results cell by cell, by column name, so that a change to
//! a query's SELECT cannot shift a column under its reader: a column the
//! query lacks reads as null (and shows in tests), never as another one.

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

fn column<'a>(b: &'a RecordBatch, name: &str) -> Option<&'a dyn Array> {
    let i = b.schema().index_of(name).ok()?;
    Some(b.column(i).as_ref())
}

/// Text of column `name`, row `i`; None when null or absent.
pub fn text(b: &RecordBatch, name: &str, i: usize) -> Option<String> {
    let a = column(b, name)?.as_string_opt::<i32>()?;
    (!a.is_null(i)).then(|| a.value(i).to_string())
}

/// Timestamp of column `name`, row `i` (stored local time); None when null
/// or absent.
pub fn time(b: &RecordBatch, name: &str, i: usize) -> Option<NaiveDateTime> {
    let a = column(b, name)?.as_primitive_opt::<TimestampMicrosecondType>()?;
    if a.is_null(i) {
        return None;
    }
    chrono::DateTime::from_timestamp_micros(a.value(i)).map(|d| d.naive_utc())
}
