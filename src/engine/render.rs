//! A query result written out as a text table, CSV or a JSON array: what
//! `hotline query` prints and what a server hands back.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches_with_schema;

use crate::engine::QueryResult;
use crate::error::{Error, Result};

/// How a result is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A boxed text table, header first (also when there are no rows).
    Table,
    /// CSV with a header row; list columns joined by `;`.
    Csv,
    /// One JSON array of objects, `[]` when there are no rows.
    Json,
}

/// Writes `r` to `out` in `format`.
pub fn write(r: &QueryResult, format: Format, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write("<output>", e);
    match format {
        Format::Table => {
            // With the schema, a result without rows still shows its header.
            let text = pretty_format_batches_with_schema(r.schema.clone(), &r.batches)?;
            writeln!(out, "{text}").map_err(io)?;
        }
        Format::Csv => {
            out.write_all(&csv_bytes(r)?).map_err(io)?;
        }
        Format::Json => {
            let mut w = datafusion::arrow::json::ArrayWriter::new(Vec::new());
            let refs: Vec<&RecordBatch> = r.batches.iter().collect();
            w.write_batches(&refs)?;
            w.finish()?;
            let bytes = w.into_inner();
            if bytes.is_empty() {
                writeln!(out, "[]").map_err(io)?;
            } else {
                out.write_all(&bytes).map_err(io)?;
                writeln!(out).map_err(io)?;
            }
        }
    }
    Ok(())
}

/// The result as CSV bytes, header first (also without rows), list columns
/// as space-joined text (CSV has no lists).
pub fn csv_bytes(result: &QueryResult) -> Result<Vec<u8>> {
    let mut w = datafusion::arrow::csv::WriterBuilder::new()
        .with_header(true)
        .with_timestamp_format("%Y-%m-%d %H:%M:%S".into())
        .build(Vec::new());
    let mut wrote = false;
    for b in &result.batches {
        w.write(&lists_as_text(b)?)?;
        wrote = true;
    }
    let mut bytes = w.into_inner();
    if !wrote {
        let names: Vec<String> = result
            .schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        bytes = format!("{}\n", names.join(",")).into_bytes();
    }
    Ok(bytes)
}

/// CSV has no lists: list columns (tokens) become text, items joined by a
/// space, as a spreadsheet user would want them.
pub fn lists_as_text(b: &RecordBatch) -> Result<RecordBatch> {
    use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    if !b
        .schema()
        .fields()
        .iter()
        .any(|f| matches!(f.data_type(), DataType::List(_)))
    {
        return Ok(b.clone());
    }
    let mut fields = Vec::new();
    let mut cols: Vec<ArrayRef> = Vec::new();
    for (f, c) in b.schema().fields().iter().zip(b.columns()) {
        if let DataType::List(_) = f.data_type() {
            let list = c.as_list::<i32>();
            let mut out = StringBuilder::new();
            for i in 0..list.len() {
                if list.is_null(i) {
                    out.append_null();
                    continue;
                }
                let items = datafusion::arrow::compute::cast(&list.value(i), &DataType::Utf8)?;
                let items = items.as_string::<i32>();
                let joined: Vec<&str> = (0..items.len())
                    .filter(|&j| !items.is_null(j))
                    .map(|j| items.value(j))
                    .collect();
                out.append_value(joined.join(" "));
            }
            fields.push(Field::new(f.name(), DataType::Utf8, true));
            cols.push(std::sync::Arc::new(out.finish()));
        } else {
            fields.push(f.as_ref().clone());
            cols.push(c.clone());
        }
    }
    Ok(RecordBatch::try_new(
        std::sync::Arc::new(Schema::new(fields)),
        cols,
    )?)
}
