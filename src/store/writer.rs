//! Writing tickets into month partitions of the staging area.
//!
//! One Parquet writer is open per month seen; when the rows they buffer
//! together pass a limit the largest row group is flushed, so memory stays
//! bounded however large and however unsorted the input is. Each written row's
//! position (file, row) is returned so later steps can drop rows exactly.
//! Every data file is closed with its document frequencies in its footer
//! ([`crate::store::terms`]).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use datafusion::arrow::array::{Array, RecordBatch, TimestampMicrosecondArray, UInt32Array};
use datafusion::arrow::compute::take_record_batch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;

use crate::error::{Error, Result};
use crate::schema::store_schema;
use crate::store::terms::TermCounts;

/// Buffered bytes across open writers before the largest is flushed.
const BUFFER_LIMIT: usize = 64 << 20;

/// Columns whose values are (nearly) all distinct: ids, keys, free text,
/// the row's hash. A dictionary of them is built for each page and then
/// dropped when it outgrows its limit, work spent for nothing. Besides the
/// ticket id (looked up one at a time, and in time order, so its pages'
/// ranges prune), their per-page minimum and maximum prune no query
/// either: no query filters on a range of texts or hashes.
const DISTINCT_COLUMNS: [&str; 7] = [
    "ticket_id",
    "caller_key",
    "address",
    "title",
    "content",
    "source_row",
    crate::schema::ROW_HASH,
];

/// Writer properties of every data file.
pub fn properties() -> WriterProperties {
    use datafusion::parquet::file::properties::EnabledStatistics;
    use datafusion::parquet::schema::types::ColumnPath;
    let mut b = WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(1).expect("valid level"),
        ))
        .set_max_row_group_row_count(Some(128 * 1024));
    for c in DISTINCT_COLUMNS {
        b = b.set_column_dictionary_enabled(ColumnPath::from(c), false);
        if c != "ticket_id" {
            b = b.set_column_statistics_enabled(ColumnPath::from(c), EnabledStatistics::Chunk);
        }
    }
    b.build()
}

/// A file written to staging.
#[derive(Debug, Clone)]
pub struct StagedFile {
    /// Path relative to the store root, where it will live once committed.
    pub rel: String,
    pub month: String,
    pub rows: u64,
}

struct Open {
    writer: ArrowWriter<File>,
    index: usize,
    /// The file's document frequencies, written to its footer at close.
    terms: TermCounts,
}

/// Closes a data file with its document frequencies in the footer.
fn close(mut writer: ArrowWriter<File>, terms: &TermCounts) -> Result<()> {
    writer.append_key_value_metadata(terms.to_metadata());
    writer.close()?;
    Ok(())
}

/// Writes batches into `<staging>/data/month=YYYY-MM/` files.
pub struct PartitionWriter {
    staging: PathBuf,
    commit: u64,
    open: BTreeMap<String, Open>,
    pub files: Vec<StagedFile>,
}

/// `YYYY-MM` of a timestamp in microseconds.
pub fn month_of(micros: i64) -> String {
    DateTime::from_timestamp_micros(micros)
        .map(|t| t.format("%Y-%m").to_string())
        .unwrap_or_else(|| "unknown".into())
}

impl PartitionWriter {
    /// A writer into `staging` for commit number `commit`.
    pub fn new(staging: &Path, commit: u64) -> PartitionWriter {
        PartitionWriter {
            staging: staging.to_path_buf(),
            commit,
            open: BTreeMap::new(),
            files: Vec::new(),
        }
    }

    /// A new file name for `month`, unique within the commit.
    pub fn new_file(&mut self, month: &str) -> Result<(usize, File)> {
        let seq = self.files.len();
        let rel = format!("data/month={month}/c{:06}-{seq:05}.parquet", self.commit);
        let path = self.staging.join(&rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        let file = File::create(&path).map_err(|e| Error::write(&path, e))?;
        self.files.push(StagedFile {
            rel,
            month: month.to_string(),
            rows: 0,
        });
        Ok((seq, file))
    }

    /// Writes a batch; returns, per input row, (staged file index, row in file).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<Vec<(u32, u32)>> {
        let times = batch
            .column(1)
            .as_any()
            .downcast_ref::<TimestampMicrosecondArray>()
            .expect("received_at is a timestamp");
        let mut by_month: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut last: Option<(i64, String)> = None;
        for i in 0..times.len() {
            let v = times.value(i);
            // Rows usually come in time order: reuse the month of the last row
            // when it is the same calendar month.
            let month = match &last {
                Some((prev, m)) if (prev / 86_400_000_000) == (v / 86_400_000_000) => m.clone(),
                _ => month_of(v),
            };
            last = Some((v, month.clone()));
            by_month.entry(month).or_default().push(i as u32);
        }
        let mut positions = vec![(0u32, 0u32); batch.num_rows()];
        for (month, idx) in by_month {
            let part = if idx.len() == batch.num_rows() {
                batch.clone()
            } else {
                take_record_batch(batch, &UInt32Array::from(idx.clone()))?
            };
            if !self.open.contains_key(&month) {
                let (index, file) = self.new_file(&month)?;
                let writer = ArrowWriter::try_new(file, store_schema(), Some(properties()))?;
                self.open.insert(
                    month.clone(),
                    Open {
                        writer,
                        index,
                        terms: TermCounts::default(),
                    },
                );
            }
            let open = self.open.get_mut(&month).expect("just inserted");
            let staged = &mut self.files[open.index];
            for (k, &i) in idx.iter().enumerate() {
                positions[i as usize] = (open.index as u32, (staged.rows + k as u64) as u32);
            }
            staged.rows += idx.len() as u64;
            open.terms.add(&part);
            open.writer.write(&part)?;
        }
        self.bound_memory()?;
        Ok(positions)
    }

    fn bound_memory(&mut self) -> Result<()> {
        loop {
            let total: usize = self
                .open
                .values()
                .map(|o| o.writer.in_progress_size())
                .sum();
            if total <= BUFFER_LIMIT {
                return Ok(());
            }
            let largest = self
                .open
                .values_mut()
                .max_by_key(|o| o.writer.in_progress_size())
                .expect("some writer is open");
            largest.writer.flush()?;
        }
    }

    /// Closes every open file.
    pub fn finish(mut self) -> Result<Vec<StagedFile>> {
        for (_, open) in std::mem::take(&mut self.open) {
            close(open.writer, &open.terms)?;
        }
        Ok(self.files)
    }
}

/// `batch` (read from a data file) in the current store schema: the
/// stored schema is authoritative (nullability of the file's own), and
/// columns added since the file was written ([`crate::schema::LATER_COLUMNS`])
/// are empty.
pub fn to_store_schema(batch: &RecordBatch) -> Result<RecordBatch> {
    let schema = store_schema();
    let columns = schema
        .fields()
        .iter()
        .map(|f| match batch.schema().index_of(f.name()) {
            Ok(i) => Ok(batch.column(i).clone()),
            Err(_) if f.is_nullable() => Ok(datafusion::arrow::array::new_null_array(
                f.data_type(),
                batch.num_rows(),
            )),
            Err(e) => Err(e),
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(RecordBatch::try_new(schema, columns)?)
}

/// Copies `src` to `dst` without the rows whose indices are in `drop`
/// (sorted ascending). Returns the number of rows written.
pub fn rewrite_without(src: &Path, dst: &Path, drop: &[u32]) -> Result<u64> {
    use datafusion::arrow::array::BooleanArray;
    use datafusion::arrow::compute::filter_record_batch;
    use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let input = File::open(src).map_err(|e| Error::read(src, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(input)?
        .with_batch_size(65_536)
        .build()?;
    if let Some(dir) = dst.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    let out = File::create(dst).map_err(|e| Error::write(dst, e))?;
    let mut writer = ArrowWriter::try_new(out, store_schema(), Some(properties()))?;
    let mut offset = 0u32;
    let mut d = 0usize;
    let mut kept = 0u64;
    let mut terms = TermCounts::default();
    for batch in reader {
        let batch = batch?;
        let n = batch.num_rows() as u32;
        let mut mask = vec![true; n as usize];
        while d < drop.len() && drop[d] < offset + n {
            mask[(drop[d] - offset) as usize] = false;
            d += 1;
        }
        let filtered = filter_record_batch(&batch, &BooleanArray::from(mask))?;
        kept += filtered.num_rows() as u64;
        let filtered = to_store_schema(&filtered)?;
        terms.add(&filtered);
        writer.write(&filtered)?;
        offset += n;
    }
    close(writer, &terms)?;
    Ok(kept)
}
