//! Each data file's document frequencies, kept in its own Parquet footer.
//!
//! The top-terms tables weigh a word by its rarity in the whole store (its
//! IDF, `ln(N / df)`). Computing `df` from the stored tokens means reading,
//! de-duplicating and grouping every ticket's words on every analysis:
//! about a third of a second for a year of 310,000 tickets, and ten times
//! that at ten million. The writer already holds every batch it writes, so
//! it counts the words then, one file at a time, and stores the counts in
//! the file's key-value metadata under [`KEY`]. A file's counts describe
//! exactly its rows, and every path that writes a data file (the ingest's
//! partition writer and the copy-on-write rewrite) writes them, so the
//! store's frequencies are the sum over its live files whatever versions
//! replaced whatever rows. A store written before this has files without
//! them; [`store_frequencies`] then says so and the engine computes the
//! frequencies from the tokens instead.

use std::path::Path;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Key of the footer metadata that holds a file's counts.
pub const KEY: &str = "hotline.terms";

/// The document frequencies of some rows: the rows with tokens, and for
/// each word the rows whose tokens hold it.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermCounts {
    /// Rows whose tokens are not null (the `N` of the IDF).
    pub rows: u64,
    /// Word → rows whose tokens hold it (once a row however often).
    pub df: foldhash::HashMap<String, u64>,
}

impl TermCounts {
    /// Counts the `tokens` column of `batch` (a batch in the store's
    /// schema); a batch without the column counts nothing.
    pub fn add(&mut self, batch: &RecordBatch) {
        let Ok(i) = batch.schema().index_of("tokens") else {
            return;
        };
        let Some(lists) = batch.column(i).as_list_opt::<i32>() else {
            return;
        };
        let Some(words) = lists.values().as_string_opt::<i32>() else {
            return;
        };
        let offsets = lists.value_offsets();
        let mut seen: Vec<&str> = Vec::new();
        for r in 0..lists.len() {
            if lists.is_null(r) {
                continue;
            }
            self.rows += 1;
            seen.clear();
            for j in offsets[r] as usize..offsets[r + 1] as usize {
                if words.is_valid(j) {
                    seen.push(words.value(j));
                }
            }
            seen.sort_unstable();
            seen.dedup();
            for w in &seen {
                match self.df.get_mut(*w) {
                    Some(c) => *c += 1,
                    None => {
                        self.df.insert((*w).to_string(), 1);
                    }
                }
            }
        }
    }

    /// Adds another file's counts.
    pub fn merge(&mut self, other: TermCounts) {
        self.rows += other.rows;
        for (w, c) in other.df {
            *self.df.entry(w).or_default() += c;
        }
    }

    /// The footer entry that stores these counts.
    pub fn to_metadata(&self) -> datafusion::parquet::file::metadata::KeyValue {
        let json = serde_json::to_string(self).expect("counts serialize");
        datafusion::parquet::file::metadata::KeyValue::new(KEY.to_string(), json)
    }
}

/// The counts in the footer of the data file at `path`, or None when it
/// was written without them.
pub fn file_counts(path: &Path) -> Result<Option<TermCounts>> {
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let reader = SerializedFileReader::new(file)?;
    let Some(kv) = reader.metadata().file_metadata().key_value_metadata() else {
        return Ok(None);
    };
    let Some(value) = kv
        .iter()
        .find(|k| k.key == KEY)
        .and_then(|k| k.value.as_ref())
    else {
        return Ok(None);
    };
    serde_json::from_str(value).map(Some).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        message: format!(
            "the word counts in its footer cannot be read ({e}); `hotline store verify --repair` rewrites the store's files"
        ),
    })
}

/// The store's document frequencies, summed over `files` (its live data
/// files), or None when one of them has no counts (written before they
/// were kept).
pub fn store_frequencies(files: &[std::path::PathBuf]) -> Result<Option<TermCounts>> {
    let mut all = TermCounts::default();
    for f in files {
        match file_counts(f)? {
            Some(c) => all.merge(c),
            None => return Ok(None),
        }
    }
    Ok(Some(all))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{ListBuilder, StringBuilder};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use std::sync::Arc;

    #[test]
    fn a_row_counts_once_per_word_and_a_row_without_tokens_not_at_all() {
        let mut b = ListBuilder::new(StringBuilder::new());
        for row in [
            Some(vec!["噪音", "施工", "噪音"]),
            None,
            Some(vec![]),
            Some(vec!["施工"]),
        ] {
            match row {
                Some(ws) => {
                    for w in ws {
                        b.values().append_value(w);
                    }
                    b.append(true);
                }
                None => b.append(false),
            }
        }
        let col = b.finish();
        let schema = Arc::new(Schema::new(vec![Field::new(
            "tokens",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        )]));
        let batch = RecordBatch::try_new(schema, vec![Arc::new(col)]).unwrap();
        let mut c = TermCounts::default();
        c.add(&batch);
        // The empty list is a row with tokens (none of them words), as
        // `tokens IS NOT NULL` counts it.
        assert_eq!(c.rows, 3);
        assert_eq!(c.df.get("噪音"), Some(&1));
        assert_eq!(c.df.get("施工"), Some(&2));
        let mut twice = c.clone();
        twice.merge(c);
        assert_eq!((twice.rows, twice.df["施工"]), (6, 4));
    }
}
