//! The rejects file of an ingest: one CSV row per input row that could not be
//! loaded, with the source file, row number, reason and the raw row. Caller
//! phone, ID and name cells are blanked and long digit runs masked first, so
//! the store holds no personal numbers even for bad rows.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ingest::convert::Reject;

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
    /// the ticket-id cell, which is kept as it is.
    pub fn write(
        &mut self,
        source_file: &str,
        r: &Reject,
        private: &[usize],
        id_col: Option<usize>,
    ) -> Result<()> {
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
                    mask_digit_runs(c)
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
            &r.detail,
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

/// Masks every run of 7 or more digits (phones, ID and card numbers) but its
/// last four: `13812345678` → `*******5678`.
pub fn mask_digit_runs(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == 'X' || chars[i] == 'x')
            {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() >= 7 {
                out.extend(std::iter::repeat_n('*', run.len() - 4));
                out.extend(&run[run.len() - 4..]);
            } else {
                out.extend(run);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_long_digit_runs_only() {
        assert_eq!(
            super::mask_digit_runs("电话13812345678，3栋"),
            "电话*******5678，3栋"
        );
        assert_eq!(
            super::mask_digit_runs("11010519491231002X"),
            "**************002X"
        );
        assert_eq!(super::mask_digit_runs("2024-05-01"), "2024-05-01");
    }
}
