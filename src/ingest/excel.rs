//! Excel workbooks (XLSX, XLSM, XLSB, XLS) and OpenDocument sheets, read with
//! `calamine`. The first sheet unless one is named (`--sheet` or `[ingest] sheet`).
//!
//! Date cells become `YYYY-MM-DD HH:MM:SS`; whole numbers lose Excel's `.0`,
//! so a ticket number stored as a number reads back as it was typed. A date
//! typed as a number in a cell without date format stays a number and is read
//! as an Excel serial by the value parser.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use calamine::{Data, Reader, open_workbook_auto};

use crate::error::{Error, Result};
use crate::ingest::source::{RawRow, Source};

/// Excel and OpenDocument workbooks (the sheet of the options, else the first).
pub struct ExcelReader;

impl crate::ingest::source::Reader for ExcelReader {
    fn open(&self, path: &Path, opts: &crate::ingest::source::ReadOptions) -> Result<Source> {
        open(path, opts.sheet.as_deref())
    }
}

/// Opens a sheet of a workbook.
pub fn open(path: &Path, sheet: Option<&str>) -> Result<Source> {
    let total_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut wb = open_workbook_auto(path).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        message: format!("cannot open as a workbook: {e}"),
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| Error::SheetNotFound {
                path: path.to_path_buf(),
                sheet: s.to_string(),
                available: names.join(", "),
            })?,
        None => names.first().cloned().ok_or_else(|| Error::Format {
            path: path.to_path_buf(),
            message: "the workbook has no sheets".into(),
        })?,
    };
    let range = wb.worksheet_range(&name).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        message: format!("cannot read sheet \"{name}\": {e}"),
    })?;
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let height = range.height().max(1) as u64;
    let bytes_read = Arc::new(AtomicU64::new(0));
    let progress = bytes_read.clone();
    // Rows are turned into text one at a time from the loaded range; cells
    // left of the used range are empty, kept so columns line up with what
    // the user sees.
    let width = range.width();
    let mut next = 0usize;
    let iter = std::iter::from_fn(move || {
        if next >= range.height() {
            return None;
        }
        let i = next;
        next += 1;
        let mut cells = vec![String::new(); first_col];
        cells.extend((0..width).map(|c| range.get((i, c)).map(cell_text).unwrap_or_default()));
        let row = first_row + i as u64 + 1;
        progress.store(total_bytes * row.min(height) / height, Ordering::Relaxed);
        Some(Ok(RawRow {
            row,
            cells,
            problem: None,
        }))
    });
    Ok(Source {
        rows: Box::new(iter),
        bytes_read,
        total_bytes,
        encoding: None,
    })
}

/// The text of one cell, as a person reads it.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.007e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}
