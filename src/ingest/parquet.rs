//! Parquet exports (for example from another pipeline or a data lake),
//! read in record batches; each column is cast to text so that the same header
//! mapping and value parsing apply as for CSV.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use datafusion::arrow::array::{Array, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{Error, Result};
use crate::ingest::source::{RawRow, Source};

/// Parquet files.
pub struct ParquetReader;

impl crate::ingest::source::Reader for ParquetReader {
    fn open(&self, path: &Path, _: &crate::ingest::source::ReadOptions) -> Result<Source> {
        open(path)
    }
}

/// Opens a Parquet file; the first row produced is the header (column names).
pub fn open(path: &Path) -> Result<Source> {
    let file = File::open(path).map_err(|e| Error::read(path, e))?;
    let total_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        message: format!("not a readable Parquet file: {e}"),
    })?;
    let total_rows = builder.metadata().file_metadata().num_rows().max(1) as u64;
    let header: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let reader = builder.with_batch_size(8192).build()?;
    let bytes_read = Arc::new(AtomicU64::new(0));
    let progress = bytes_read.clone();
    let owned_path = path.to_path_buf();
    let mut next_row = 2u64;
    let batches = reader.flat_map(move |batch| -> Vec<Result<RawRow>> {
        match batch {
            Err(e) => vec![Err(Error::Format {
                path: owned_path.clone(),
                message: format!("row {next_row}: {e}"),
            })],
            Ok(batch) => match batch_rows(&batch, next_row) {
                Ok(rows) => {
                    next_row += rows.len() as u64;
                    progress.store(
                        total_bytes * (next_row - 2).min(total_rows) / total_rows,
                        Ordering::Relaxed,
                    );
                    rows.into_iter().map(Ok).collect()
                }
                Err(e) => vec![Err(e)],
            },
        }
    });
    let header_row = RawRow {
        row: 1,
        cells: header,
        problem: None,
    };
    Ok(Source {
        rows: Box::new(std::iter::once(Ok(header_row)).chain(batches)),
        bytes_read,
        total_bytes,
        encoding: None,
    })
}

/// Each value of `c` as arrow's display writes it (`[a, b]`, `{k: v}`).
fn displayed(c: &dyn Array) -> Result<StringArray> {
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
    let options = FormatOptions::default();
    let f = ArrayFormatter::try_new(c, &options)?;
    Ok((0..c.len())
        .map(|i| (!c.is_null(i)).then(|| f.value(i).to_string()))
        .collect())
}

fn batch_rows(batch: &RecordBatch, first_row: u64) -> Result<Vec<RawRow>> {
    let columns: Vec<StringArray> = batch
        .columns()
        .iter()
        .map(|c| {
            // Types arrow cannot cast to text (lists, structs, maps) are
            // written out as arrow displays them.
            let as_text = match cast(c, &DataType::Utf8) {
                Ok(t) => t,
                Err(_) => Arc::new(displayed(c)?),
            };
            Ok(as_text
                .as_any()
                .downcast_ref::<StringArray>()
                .cloned()
                .unwrap_or_else(|| StringArray::from(vec![None::<&str>; c.len()])))
        })
        .collect::<Result<_>>()?;
    Ok((0..batch.num_rows())
        .map(|i| RawRow {
            row: first_row + i as u64,
            cells: columns
                .iter()
                .map(|c| {
                    if c.is_null(i) {
                        String::new()
                    } else {
                        c.value(i).to_string()
                    }
                })
                .collect(),
            problem: None,
        })
        .collect())
}
