//! The common shape every reader produces: a stream of rows of text cells,
//! numbered as a spreadsheet numbers them (the first line of the file is row 1).
//!
//! Readers know nothing of the ticket schema. Header detection and mapping
//! happen after, the same way for every format (see `mapping`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::error::{Error, Result};
use crate::values::Encoding;

/// Why a row could not even be read as cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Bytes that are not valid in the file's encoding.
    Undecodable,
    /// A different number of cells than the header row.
    Ragged,
    /// A JSON Lines line that is not a JSON object.
    BadJson,
    /// A row whose cells are all empty.
    Blank,
    /// No ticket id.
    MissingTicketId,
    /// No received time.
    MissingReceivedAt,
    /// A received time that is not a date.
    BadReceivedAt,
    /// A quoted CSV field that never closes, or that runs over lines that
    /// begin like records of the same file.
    UnterminatedQuote,
}

impl RejectReason {
    /// The short name used in reports and the rejects file.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Undecodable => "undecodable",
            RejectReason::Ragged => "ragged",
            RejectReason::BadJson => "bad_json",
            RejectReason::Blank => "blank",
            RejectReason::MissingTicketId => "missing_ticket_id",
            RejectReason::MissingReceivedAt => "missing_received_at",
            RejectReason::BadReceivedAt => "bad_received_at",
            RejectReason::UnterminatedQuote => "unterminated_quote",
        }
    }
}

/// One row as read from the file.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Row number as a spreadsheet shows it (1-based, the header row counts).
    pub row: u64,
    /// The cells, as text. For a row with a problem, a lossy rendering.
    pub cells: Vec<String>,
    /// Set when the row could not be read cleanly.
    pub problem: Option<(RejectReason, String)>,
}

/// An iterator of rows; an `Err` is fatal for the file (I/O, corrupt container).
pub type RowIter = Box<dyn Iterator<Item = Result<RawRow>> + Send>;

/// A readable export: its rows and a counter of bytes consumed for progress.
pub struct Source {
    pub rows: RowIter,
    /// Bytes of the file consumed so far (approximate for containers).
    pub bytes_read: Arc<AtomicU64>,
    /// Total bytes of the file.
    pub total_bytes: u64,
    /// The encoding actually used, for text formats.
    pub encoding: Option<&'static str>,
}

/// The formats hotline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Excel,
    Parquet,
    JsonLines,
}

impl Format {
    /// Chooses the format from the extension, then from the first bytes.
    pub fn detect(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let fmt = match ext.as_str() {
            "csv" | "txt" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Format::Excel),
            "parquet" | "pq" => Some(Format::Parquet),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            _ => None,
        };
        if let Some(f) = fmt {
            return Ok(f);
        }
        let mut head = [0u8; 8];
        let n = {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
            f.read(&mut head).map_err(|e| Error::read(path, e))?
        };
        let head = &head[..n];
        if head.starts_with(b"PAR1") {
            Ok(Format::Parquet)
        } else if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            Ok(Format::Excel)
        } else if head.first() == Some(&b'{') {
            Ok(Format::JsonLines)
        } else {
            Err(Error::UnknownFormat {
                path: path.to_path_buf(),
                reason: format!("unknown extension `.{ext}`"),
            })
        }
    }
}

/// Options a reader needs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub encoding: Encoding,
    pub sheet: Option<String>,
}

/// A reader of one file format: opens a file as a stream of [`RawRow`]s.
/// One implementation per format file (csv, excel, parquet, jsonl); the
/// choice by [`Format`] is `ingest::reader`.
pub trait Reader {
    fn open(&self, path: &Path, opts: &ReadOptions) -> Result<Source>;
}
