//! JSON Lines exports: one JSON object per line. The header is the keys of the
//! first object; a later line that is not an object is rejected with its line
//! number, and keys the first object lacked are ignored.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::ingest::source::{RawRow, RejectReason, Source};

/// JSON Lines files.
pub struct JsonLinesReader;

impl crate::ingest::source::Reader for JsonLinesReader {
    fn open(&self, path: &Path, _: &crate::ingest::source::ReadOptions) -> Result<Source> {
        open(path)
    }
}

/// Opens a JSON Lines file; the first row produced is the header.
pub fn open(path: &Path) -> Result<Source> {
    let file = File::open(path).map_err(|e| Error::read(path, e))?;
    let total_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut lines = BufReader::with_capacity(1 << 20, file).lines();
    let bytes_read = Arc::new(AtomicU64::new(0));
    // The first non-empty line gives the keys.
    let mut line_no = 0u64;
    let first: Map<String, Value> = loop {
        line_no += 1;
        match lines.next() {
            None => {
                return Err(Error::Format {
                    path: path.to_path_buf(),
                    message: "the file is empty".into(),
                });
            }
            Some(Err(e)) => return Err(Error::read(path, e)),
            Some(Ok(l)) if l.trim().is_empty() => continue,
            Some(Ok(l)) => match serde_json::from_str::<Value>(l.trim_start_matches('\u{FEFF}')) {
                Ok(Value::Object(m)) => break m,
                _ => {
                    return Err(Error::UnknownFormat {
                        path: path.to_path_buf(),
                        reason: format!("line {line_no} is not a JSON object"),
                    });
                }
            },
        }
    };
    let keys: Vec<String> = first.keys().cloned().collect();
    let header = RawRow {
        row: 0,
        cells: keys.clone(),
        problem: None,
    };
    let first_row = to_row(&first, &keys, line_no);
    let progress = bytes_read.clone();
    let owned = path.to_path_buf();
    let mut consumed = 0u64;
    let rest = lines.filter_map(move |line| {
        line_no += 1;
        let line = match line {
            Err(e) => return Some(Err(Error::read(&owned, e))),
            Ok(l) => l,
        };
        consumed += line.len() as u64 + 1;
        progress.store(consumed, Ordering::Relaxed);
        if line.trim().is_empty() {
            return None;
        }
        Some(Ok(match serde_json::from_str::<Value>(&line) {
            Ok(Value::Object(m)) => to_row(&m, &keys, line_no),
            Ok(_) => bad(line, line_no, "the line is not a JSON object".into()),
            Err(e) => bad(line, line_no, format!("invalid JSON: {e}")),
        }))
    });
    Ok(Source {
        rows: Box::new(
            std::iter::once(Ok(header))
                .chain(std::iter::once(Ok(first_row)))
                .chain(rest),
        ),
        bytes_read,
        total_bytes,
        encoding: Some("UTF-8"),
    })
}

fn bad(line: String, row: u64, why: String) -> RawRow {
    RawRow {
        row,
        cells: vec![line],
        problem: Some((RejectReason::BadJson, why)),
    }
}

fn to_row(m: &Map<String, Value>, keys: &[String], row: u64) -> RawRow {
    RawRow {
        row,
        cells: keys
            .iter()
            .map(|k| match m.get(k) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect(),
        problem: None,
    }
}
