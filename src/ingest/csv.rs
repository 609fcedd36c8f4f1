//! CSV and TSV exports in UTF-8 (with or without BOM), GBK or GB18030.
//!
//! Records are split on raw bytes by the `csv` crate (GBK and GB18030 never
//! use the bytes of `,` `"` `\t` `\r` `\n` inside a character, so splitting
//! before decoding is safe), then each cell is decoded strictly: a row with
//! bytes that are not valid in the file's encoding is rejected, not mangled.
//! The encoding is detected from a byte-order mark, then UTF-8 validity of the
//! first megabyte, then `chardetng`'s guess; `--encoding` overrides it.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::Encoding as Enc;

use crate::error::{Error, Result};
use crate::ingest::source::{RawRow, RejectReason, Source};
use crate::values::{self, Encoding};

const SNIFF_BYTES: usize = 1 << 20;

/// CSV or TSV (`delimiter` None: detected from the header line).
pub struct CsvReader {
    pub delimiter: Option<u8>,
}

impl crate::ingest::source::Reader for CsvReader {
    fn open(&self, path: &Path, opts: &crate::ingest::source::ReadOptions) -> Result<Source> {
        open(path, self.delimiter, opts.encoding)
    }
}

/// Opens a delimited text file. `delimiter` None means: sniff from the first line.
pub fn open(path: &Path, delimiter: Option<u8>, encoding: Encoding) -> Result<Source> {
    let mut file = File::open(path).map_err(|e| Error::read(path, e))?;
    let total_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = Vec::with_capacity(SNIFF_BYTES.min(total_bytes as usize));
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::read(path, e))?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Error::read(path, e))?;

    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::Format {
            path: path.to_path_buf(),
            message: "the file is UTF-16; save it as UTF-8 or GBK (Excel: Save As → CSV UTF-8)"
                .into(),
        });
    }
    if head.contains(&0u8) && !head.is_empty() {
        return Err(Error::UnknownFormat {
            path: path.to_path_buf(),
            reason: "binary data where text was expected".into(),
        });
    }
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let enc: &'static Enc = match encoding {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::Gbk | Encoding::Gb18030 => encoding_rs::GB18030,
        Encoding::Auto => detect(&head, bom, total_bytes as usize <= SNIFF_BYTES),
    };
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&head));

    let bytes_read = Arc::new(AtomicU64::new(0));
    let offset = if bom { 3 } else { 0 };
    let complete = total_bytes as usize <= SNIFF_BYTES;
    let profile = Profile::learn(&head[offset as usize..], complete, delimiter, enc);
    let rows = CsvRows {
        csv: reader_at(path, offset, delimiter)?,
        record: ::csv::ByteRecord::new(),
        enc,
        row: 0,
        path: path.to_path_buf(),
        bytes_read: bytes_read.clone(),
        offset,
        line_base: 0,
        total_bytes,
        delimiter,
        profile,
    };
    Ok(Source {
        rows: Box::new(rows),
        bytes_read,
        total_bytes,
        encoding: Some(if enc == encoding_rs::GB18030 {
            "GB18030"
        } else {
            enc.name()
        }),
    })
}

/// A CSV reader over `path` from byte `offset` on.
fn reader_at(path: &Path, offset: u64, delimiter: u8) -> Result<::csv::Reader<BufReader<File>>> {
    let mut file = File::open(path).map_err(|e| Error::read(path, e))?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| Error::read(path, e))?;
    Ok(::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(BufReader::with_capacity(1 << 20, file)))
}

/// Detects the encoding of the first bytes of a file.
fn detect(head: &[u8], bom: bool, complete: bool) -> &'static Enc {
    if bom {
        return encoding_rs::UTF_8;
    }
    // Mostly valid UTF-8 with a few bad bytes is a UTF-8 file with a few bad
    // rows (they are rejected as undecodable); GBK read as UTF-8 has hardly
    // any valid multi-byte characters.
    let (mut valid_multibyte, mut errors) = (0usize, 0usize);
    for chunk in head.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            errors += 1;
        }
    }
    // A character cut at the end of the sniffed block is not an error.
    if !complete
        && errors > 0
        && std::str::from_utf8(head)
            .err()
            .is_some_and(|e| e.error_len().is_none())
    {
        errors -= 1;
    }
    if errors == 0 || errors * 20 < valid_multibyte {
        return encoding_rs::UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, complete);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        encoding_rs::GB18030
    } else {
        guess
    }
}

/// Tab when the first line has more tabs than commas, else comma (or `;`).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    let (tabs, commas, semis) = (count(b'\t'), count(b','), count(b';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// What the records of a file look like, learned from its first megabyte,
/// to tell a line that begins a record from a line of free text: the
/// columns that hold a date in most records, and the shapes of the first
/// cell (the ticket id or row number) of records that hold one.
#[derive(Debug, Default)]
struct Profile {
    date_columns: Vec<usize>,
    /// (shape, shortest, longest) of the first cells seen.
    first_cells: Vec<(String, usize, usize)>,
}

impl Profile {
    /// Learns the profile from the records of `head` (the whole file when
    /// `complete`); None when no column holds dates in most of them.
    fn learn(head: &[u8], complete: bool, delimiter: u8, enc: &'static Enc) -> Option<Profile> {
        let mut csv = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(head);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut record = ::csv::ByteRecord::new();
        // A record that takes in others still has its own first cells right.
        while rows.len() < 2000 && matches!(csv.read_byte_record(&mut record), Ok(true)) {
            rows.push(
                record
                    .iter()
                    .take(64)
                    .map(|f| enc.decode_without_bom_handling(f).0.into_owned())
                    .collect(),
            );
        }
        // The last record of the head may be cut short.
        if !complete {
            rows.pop();
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let date_columns: Vec<usize> = (0..width)
            .filter(|&c| {
                let wide = rows.iter().filter(|r| r.len() > c);
                let (n, dates) =
                    wide.fold((0, 0), |(n, d), r| (n + 1, d + usize::from(is_date(&r[c]))));
                dates >= 1 && dates * 2 >= n
            })
            .collect();
        if date_columns.is_empty() {
            return None;
        }
        let mut p = Profile {
            date_columns,
            first_cells: Vec::new(),
        };
        for r in &rows {
            if p.has_date(r) {
                let cell = r[0].trim();
                let (shape, n) = (shape(cell), cell.chars().count());
                match p.first_cells.iter_mut().find(|(s, _, _)| *s == shape) {
                    Some(e) => {
                        e.1 = e.1.min(n);
                        e.2 = e.2.max(n);
                    }
                    None => p.first_cells.push((shape, n, n)),
                }
            }
        }
        p.first_cells.retain(|(s, _, _)| !s.is_empty());
        (!p.first_cells.is_empty()).then_some(p)
    }

    fn has_date(&self, cells: &[String]) -> bool {
        self.date_columns
            .iter()
            .any(|&c| cells.get(c).is_some_and(|v| is_date(v)))
    }

    /// Whether `line` begins like a record of the file: a first cell of a
    /// shape the file's records have, and a date where they have one.
    fn begins_record(&self, line: &[u8], delimiter: u8, enc: &'static Enc) -> bool {
        let mut csv = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .quoting(false)
            .delimiter(delimiter)
            .from_reader(line);
        let mut record = ::csv::ByteRecord::new();
        if !matches!(csv.read_byte_record(&mut record), Ok(true)) {
            return false;
        }
        let cells: Vec<String> = record
            .iter()
            .take(64)
            .map(|f| {
                let s = enc.decode_without_bom_handling(f).0;
                s.trim_matches(|c: char| c == '"' || c.is_whitespace())
                    .to_string()
            })
            .collect();
        let Some(first) = cells.first() else {
            return false;
        };
        let (sh, n) = (shape(first), first.chars().count());
        self.first_cells
            .iter()
            .any(|(s, lo, hi)| *s == sh && n + 1 >= *lo && n <= hi + 1)
            && self.has_date(&cells)
    }
}

fn is_date(s: &str) -> bool {
    let s = s.trim();
    s.len() >= 6
        && s.bytes().any(|b| b.is_ascii_digit())
        && values::parse_datetime(s, false).is_some()
}

/// The shape of a cell: runs of digits as `9`, of ASCII letters as `A`, any
/// other character as itself (`GD20240501-0001` → `A9-9`). Empty for a cell
/// of over 40 characters, which is no id.
fn shape(cell: &str) -> String {
    let mut out = String::new();
    if cell.chars().count() > 40 {
        return out;
    }
    for c in cell.chars() {
        let k = if c.is_ascii_digit() {
            '9'
        } else if c.is_ascii_alphabetic() {
            'A'
        } else {
            c
        };
        if !(matches!(k, '9' | 'A') && out.ends_with(k)) {
            out.push(k);
        }
    }
    out
}

struct CsvRows {
    csv: ::csv::Reader<BufReader<File>>,
    record: ::csv::ByteRecord,
    enc: &'static Enc,
    row: u64,
    path: std::path::PathBuf,
    bytes_read: Arc<AtomicU64>,
    /// File offset of the reader's byte 0 (after a BOM, or where reading
    /// restarted after an unterminated quote).
    offset: u64,
    /// Physical lines before the reader's line 1.
    line_base: u64,
    total_bytes: u64,
    delimiter: u8,
    profile: Option<Profile>,
}

/// Where, in a record's raw bytes, a quoted field that is not well formed
/// runs over a line break.
#[derive(Debug, Default)]
struct QuoteScan {
    /// Field (0-based) and byte offset of the quote that is open at each
    /// line break inside such a field, with the offset of the next line.
    breaks: Vec<(usize, usize, usize)>,
    /// The record ends inside a quoted field (at the end of the file).
    open_at_end: bool,
}

/// Follows the quoting of `raw` as the csv crate reads it: a quote opens a
/// field only at its start, `""` inside is a quote, and a quote followed
/// by anything else closes it. A quoted field that closes right before a
/// delimiter or the end of its line is well formed, and the line breaks in
/// it are text; those of a field that never closes, or that closes inside
/// the text of a later line, are noted.
fn scan_quotes(raw: &[u8], delimiter: u8) -> QuoteScan {
    let mut out = QuoteScan::default();
    let (mut field, mut at_start, mut quoted, mut opened) = (0usize, true, false, 0usize);
    let mut inside: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if quoted {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                    let well_formed = match raw.get(i + 1) {
                        None => true,
                        Some(&c) => c == delimiter || c == b'\r' || c == b'\n',
                    };
                    if !well_formed {
                        out.breaks.append(&mut inside);
                    }
                    inside.clear();
                }
            } else if b == b'\n' {
                inside.push((field, opened, i + 1));
            }
        } else if at_start && b == b'"' {
            quoted = true;
            opened = i;
            at_start = false;
        } else if b == delimiter {
            field += 1;
            at_start = true;
        } else if b == b'\n' {
            // The record's own end.
            break;
        } else {
            at_start = false;
        }
        i += 1;
    }
    if quoted {
        out.open_at_end = true;
        out.breaks.append(&mut inside);
    }
    out
}

impl CsvRows {
    /// Bytes `[from, to)` of the file.
    fn raw(&self, from: u64, to: u64) -> Result<Vec<u8>> {
        let mut f = File::open(&self.path).map_err(|e| Error::read(&self.path, e))?;
        f.seek(SeekFrom::Start(from))
            .map_err(|e| Error::read(&self.path, e))?;
        let mut buf = Vec::with_capacity((to - from) as usize);
        f.take(to - from)
            .read_to_end(&mut buf)
            .map_err(|e| Error::read(&self.path, e))?;
        Ok(buf)
    }

    /// Checks a record that holds a line break inside a quoted field, or
    /// that ends the file: a quote that runs over lines beginning like
    /// records of this file, or that never closes, makes the record a
    /// reject; reading goes on at the first such line.
    fn check_quotes(&mut self, start: u64, line: u64) -> Result<Option<RawRow>> {
        let end = self.csv.position().byte() + self.offset;
        let raw = self.raw(start, end)?;
        let scan = scan_quotes(&raw, self.delimiter);
        if scan.breaks.is_empty() && !scan.open_at_end {
            return Ok(None);
        }
        let restart = self.profile.as_ref().and_then(|p| {
            scan.breaks.iter().find(|(_, _, next)| {
                let rest = &raw[*next..];
                let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
                p.begins_record(line, self.delimiter, self.enc)
            })
        });
        let (field, opened, cut) = match (restart, scan.open_at_end) {
            (Some(&(f, o, next)), _) => (f, o, next),
            (None, true) => {
                let (f, o) = scan
                    .breaks
                    .first()
                    .map_or_else(|| (0, 0), |&(f, o, _)| (f, o));
                (f, o, raw.len())
            }
            (None, false) => return Ok(None),
        };
        let newlines = |r: &[u8]| r.iter().filter(|&&b| b == b'\n').count() as u64;
        let open_line = line + newlines(&raw[..opened]);
        let span = newlines(&raw[opened..]) + u64::from(!raw.ends_with(b"\n"));
        let last_line = open_line + span.max(1) - 1;
        let how = if cut < raw.len() {
            let next = open_line + newlines(&raw[opened..cut]);
            self.line_base = next - 1;
            self.offset = start + cut as u64;
            self.csv = reader_at(&self.path, self.offset, self.delimiter)?;
            format!(
                "line {next} begins like a record of this file, so reading goes on there as the next row"
            )
        } else {
            "it runs to the end of the file".to_string()
        };
        let mut row = decode_record(&self.record, self.enc, self.row);
        if cut < raw.len() {
            // The cells as they stand before the line that begins a record.
            let mut csv = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(self.delimiter)
                .from_reader(raw[..cut].trim_ascii_end());
            let mut rec = ::csv::ByteRecord::new();
            if matches!(csv.read_byte_record(&mut rec), Ok(true)) {
                row = decode_record(&rec, self.enc, self.row);
            }
        }
        row.problem = Some((
            RejectReason::UnterminatedQuote,
            format!(
                "the quote that opens column {} on line {open_line} is not closed: it runs over {span} physical lines ({open_line}–{last_line}) and {how}; close the quote (or double the quotes inside the text) in the export and ingest it again",
                field + 1
            ),
        ));
        Ok(Some(row))
    }
}

impl Iterator for CsvRows {
    type Item = Result<RawRow>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => {
                // Only I/O errors reach here: `flexible` accepts ragged rows and
                // byte records accept any bytes.
                Some(Err(Error::Format {
                    path: self.path.clone(),
                    message: format!("row {}: {e}", self.row + 1),
                }))
            }
            Ok(true) => {
                self.row += 1;
                let pos = self
                    .record
                    .position()
                    .cloned()
                    .unwrap_or_else(::csv::Position::new);
                let start = pos.byte() + self.offset;
                let end = self.csv.position().byte() + self.offset;
                self.bytes_read.store(end, Ordering::Relaxed);
                if memchr::memchr(b'\n', self.record.as_slice()).is_some()
                    || end >= self.total_bytes
                {
                    match self.check_quotes(start, pos.line() + self.line_base) {
                        Err(e) => return Some(Err(e)),
                        Ok(Some(row)) => return Some(Ok(row)),
                        Ok(None) => {}
                    }
                }
                Some(Ok(decode_record(&self.record, self.enc, self.row)))
            }
        }
    }
}

fn decode_record(record: &::csv::ByteRecord, enc: &'static Enc, row: u64) -> RawRow {
    let mut cells = Vec::with_capacity(record.len());
    let mut bad: Option<usize> = None;
    for (i, field) in record.iter().enumerate() {
        let strict = if enc == encoding_rs::UTF_8 {
            std::str::from_utf8(field).ok().map(str::to_owned)
        } else {
            enc.decode_without_bom_handling_and_without_replacement(field)
                .map(|c| c.into_owned())
        };
        match strict {
            Some(s) => cells.push(s),
            None => {
                bad.get_or_insert(i);
                cells.push(enc.decode_without_bom_handling(field).0.into_owned());
            }
        }
    }
    let problem = bad.map(|col| {
        (
            RejectReason::Undecodable,
            format!(
                "bytes in column {} are not valid {}; re-export the file or pass --encoding",
                col + 1,
                enc.name()
            ),
        )
    });
    RawRow {
        row,
        cells,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_gbk_and_utf8() {
        let text = "工单编号,受理时间,诉求内容\n1,2024-05-01,小区门口占道经营严重\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(detect(&gbk, false, true), encoding_rs::GB18030);
        assert_eq!(detect(text.as_bytes(), false, true), encoding_rs::UTF_8);
    }

    #[test]
    fn sniffs_tabs() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n1\t2\t3"), b'\t');
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
    }
}
