//! The rejects file of an ingest: one CSV row per input row that could not be
//! loaded, with the source file, row number, reason and the raw row. Caller
//! phone, ID and name cells are blanked and every other cell, and the
//! detail, goes through the one masker ([`crate::text::mask::mask_any`])
//! first, so the store holds no personal numbers even for bad rows.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ingest::convert::Reject;
use crate::text::mask::mask_any;

/// Appends rejects to `<staging>/rejects/cNNNNNN.csv`, created on first use.
pub struct RejectsWriter {
    path: PathBuf,
    pub rel: String,
    writer: Option<csv::Writer<File>>,
    pub rows: u64,
}

impl RejectsWriter {
    /// A writer for commit `commit` in `staging`.
    pub fn new(staging: &Path, commit: u64) -> RejectsWriter {
        let rel = format!("rejects/c{commit:06}.csv");
        RejectsWriter {
            path: staging.join(&rel),
            rel,
            writer: None,
            rows: 0,
        }
    }

    /// Writes one reject; `private` lists the cell indices to blank, `id_col`
    /// the ticket-id cell, which is kept as it is when the row has the
    /// header's `width` (in a ragged row it may hold any text, and is masked
    /// like the others).
    pub fn write(
        &mut self,
        source_file: &str,
        r: &Reject,
        private: &[usize],
        id_col: Option<usize>,
        width: usize,
    ) -> Result<()> {
        let id_col = id_col.filter(|_| r.cells.len() == width);
        if self.writer.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            }
            let mut w = csv::Writer::from_path(&self.path).map_err(|e| csv_err(&self.path, e))?;
            w.write_record(["source_file", "row", "reason", "detail", "raw"])
                .map_err(|e| csv_err(&self.path, e))?;
            self.writer = Some(w);
        }
        let cells: Vec<String> = r
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if private.contains(&i) && !c.is_empty() {
                    "<hidden>".to_string()
                } else if Some(i) == id_col {
                    c.clone()
                } else {
                    mask_any(c, &[]).into_owned()
                }
            })
            .collect();
        let mut raw = csv::Writer::from_writer(Vec::new());
        raw.write_record(&cells)
            .map_err(|e| csv_err(&self.path, e))?;
        let raw = String::from_utf8_lossy(&raw.into_inner().unwrap_or_default())
            .trim_end()
            .to_string();
        let w = self.writer.as_mut().expect("opened above");
        w.write_record([
            source_file,
            &r.row.to_string(),
            r.reason.as_str(),
            &mask_any(&r.detail, &[]),
            &raw,
        ])
        .map_err(|e| csv_err(&self.path, e))?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes the file; returns its relative path if anything was written.
    pub fn finish(self) -> Result<Option<String>> {
        match self.writer {
            None => Ok(None),
            Some(mut w) => {
                w.flush().map_err(|e| Error::write(&self.path, e))?;
                Ok(Some(self.rel))
            }
        }
    }
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    Error::write(path, std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::RejectReason;

    /// A rejected row's cells and detail are masked like stored text: the
    /// phone column is hidden, numbers in the text are masked, the ticket id
    /// is kept.
    #[test]
    fn rejected_rows_are_masked() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = RejectsWriter::new(dir.path(), 1);
        let r = Reject {
            row: 7,
            reason: RejectReason::BadReceivedAt,
            detail: "\"身份证350102199913451234\" is not a date".into(),
            cells: vec![
                "202405011234567890".into(),
                "身份证350102199913451234".into(),
                "13812345678".into(),
                "电话１３８１２３４５６７８，3栋".into(),
            ],
        };
        w.write("a.csv", &r, &[2], Some(0), 4).unwrap();
        // In a ragged row the first cell is no ticket id: masked.
        let ragged = Reject {
            cells: vec!["身份证350102199913451234，".into(), "x".into()],
            ..r.clone()
        };
        w.write("a.csv", &ragged, &[2], Some(0), 4).unwrap();
        let rel = w.finish().unwrap().unwrap();
        let body = std::fs::read_to_string(dir.path().join(rel)).unwrap();
        assert!(body.contains("202405011234567890"), "{body}");
        assert!(body.contains("身份证350102********1234"), "{body}");
        assert!(body.contains("<hidden>"), "{body}");
        assert!(body.contains("电话138****5678，3栋"), "{body}");
        assert!(!body.contains("13812345678"), "{body}");
        assert!(!body.contains("199913451234"), "{body}");
    }
}
