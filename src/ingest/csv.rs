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
use crate::ingest::values::Encoding;

const SNIFF_BYTES: usize = 1 << 20;

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
    let mut reader = BufReader::with_capacity(1 << 20, file);
    if bom {
        let mut skip = [0u8; 3];
        reader
            .read_exact(&mut skip)
            .map_err(|e| Error::read(path, e))?;
    }
    let csv = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(reader);
    let rows = CsvRows {
        csv,
        record: ::csv::ByteRecord::new(),
        enc,
        row: 0,
        path: path.to_path_buf(),
        bytes_read: bytes_read.clone(),
        offset: if bom { 3 } else { 0 },
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

struct CsvRows<R: Read> {
    csv: ::csv::Reader<R>,
    record: ::csv::ByteRecord,
    enc: &'static Enc,
    row: u64,
    path: std::path::PathBuf,
    bytes_read: Arc<AtomicU64>,
    offset: u64,
}

impl<R: Read> Iterator for CsvRows<R> {
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
                if let Some(pos) = self.record.position() {
                    self.bytes_read
                        .store(pos.byte() + self.offset, Ordering::Relaxed);
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
