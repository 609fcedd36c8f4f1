//! The analyses as one XLSX workbook: a sheet per table, Chinese column
//! headers from each query's header comment, the header row frozen and
//! bold, rates as percentages, counts with thousands separators, dates as
//! dates, and column widths set from the content.

use std::path::Path;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{
    DataType, Float64Type, Int32Type, Int64Type, TimeUnit, UInt64Type,
};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::analyze::Table;
use crate::engine::period::Period;
use crate::error::{Error, Result};

/// Whether a column holds a rate shown as a percentage.
pub fn is_rate(name: &str) -> bool {
    name.ends_with("_rate") || name.starts_with("share") || name.ends_with("_change")
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let mut name = cleaned.clone();
    let mut n = 2;
    while used.contains(&name) {
        let suffix = format!("~{n}");
        name = cleaned
            .chars()
            .take(31 - suffix.chars().count())
            .chain(suffix.chars())
            .collect();
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Writes every table to `path`.
pub fn write_workbook(tables: &[Table], period: &Period, path: &Path) -> Result<()> {
    let err = |e: rust_xlsxwriter::XlsxError| Error::write(path, std::io::Error::other(e));
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("DDEBF7");
    let pct = Format::new().set_num_format("0.0%");
    let int = Format::new().set_num_format("#,##0");
    let float = Format::new().set_num_format("#,##0.0###");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let title_fmt = Format::new().set_bold().set_font_size(13);
    let mut used = Vec::new();

    // A contents sheet first: what each sheet is, for the period.
    let contents = wb.add_worksheet();
    contents
        .set_name(sheet_name("目录", &mut used))
        .map_err(err)?;
    contents
        .write_string_with_format(
            0,
            0,
            format!(
                "hotline 分析 {} ({} 至 {})",
                period.label,
                period.start,
                period.end - chrono::Duration::days(1)
            ),
            &title_fmt,
        )
        .map_err(err)?;
    for (c, h) in ["工作表", "内容", "行数"].iter().enumerate() {
        contents
            .write_string_with_format(2, c as u16, *h, &head)
            .map_err(err)?;
    }
    let names: Vec<String> = tables
        .iter()
        .map(|t| sheet_name(&t.job.title, &mut used))
        .collect();
    for (i, (t, name)) in tables.iter().zip(&names).enumerate() {
        let r = 3 + i as u32;
        contents.write_string(r, 0, name).map_err(err)?;
        contents
            .write_string(r, 1, &t.header.purpose)
            .map_err(err)?;
        contents
            .write_number_with_format(r, 2, t.result.num_rows() as f64, &int)
            .map_err(err)?;
    }
    contents.set_column_width(0, 18).map_err(err)?;
    contents.set_column_width(1, 100).map_err(err)?;

    for (t, name) in tables.iter().zip(names) {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        write_table(ws, t, &head, &pct, &int, &float, &date).map_err(err)?;
    }
    wb.save(path).map_err(err)
}

#[allow(clippy::too_many_arguments)]
fn write_table(
    ws: &mut Worksheet,
    t: &Table,
    head: &Format,
    pct: &Format,
    int: &Format,
    float: &Format,
    date: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let schema = &t.result.schema;
    let mut widths: Vec<usize> = Vec::new();
    for (c, f) in schema.fields().iter().enumerate() {
        let label = t
            .header
            .output
            .iter()
            .find(|(n, _)| n == f.name())
            .map(|(_, l)| l.clone())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| f.name().clone());
        widths.push(display_width(&label) + 2);
        ws.write_string_with_format(0, c as u16, label, head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    for b in &t.result.batches {
        for (c, (f, col)) in schema.fields().iter().zip(b.columns()).enumerate() {
            let c16 = c as u16;
            for i in 0..col.len() {
                let r = row + i as u32;
                if col.is_null(i) {
                    continue;
                }
                let text_width = match col.data_type() {
                    DataType::Float64 => {
                        let v = col.as_primitive::<Float64Type>().value(i);
                        let fmt = if is_rate(f.name()) { pct } else { float };
                        ws.write_number_with_format(r, c16, v, fmt)?;
                        8
                    }
                    DataType::Int64 => {
                        let v = col.as_primitive::<Int64Type>().value(i) as f64;
                        ws.write_number_with_format(r, c16, v, int)?;
                        format!("{v}").len() + 2
                    }
                    DataType::Int32 => {
                        let v = col.as_primitive::<Int32Type>().value(i) as f64;
                        ws.write_number_with_format(r, c16, v, int)?;
                        format!("{v}").len() + 2
                    }
                    DataType::UInt64 => {
                        let v = col.as_primitive::<UInt64Type>().value(i) as f64;
                        ws.write_number_with_format(r, c16, v, int)?;
                        format!("{v}").len() + 2
                    }
                    DataType::Timestamp(TimeUnit::Microsecond, _) => {
                        let us = col
                            .as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>(
                            )
                            .value(i);
                        match chrono::DateTime::from_timestamp_micros(us) {
                            Some(dt) => {
                                use chrono::Datelike;
                                let day = dt.date_naive();
                                let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                                    day.year() as u16,
                                    day.month() as u8,
                                    day.day() as u8,
                                )?;
                                ws.write_datetime_with_format(r, c16, &d, date)?;
                            }
                            None => {
                                ws.write_string(r, c16, us.to_string())?;
                            }
                        }
                        12
                    }
                    _ => {
                        let s = datafusion::arrow::util::display::array_value_to_string(col, i)
                            .unwrap_or_default();
                        let w = display_width(&s);
                        ws.write_string(r, c16, s)?;
                        w
                    }
                };
                if widths[c] < text_width + 1 {
                    widths[c] = text_width + 1;
                }
            }
        }
        row += b.num_rows() as u32;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).min(60) as f64)?;
    }
    Ok(())
}

/// Width in Excel character units: CJK characters count double.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("考核指标(部门)", &mut used), "考核指标(部门)");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        let long = "x".repeat(40);
        let a = sheet_name(&long, &mut used);
        let b = sheet_name(&long, &mut used);
        assert_eq!(a.chars().count(), 31);
        assert_eq!(b.chars().count(), 31);
        assert_ne!(a, b);
    }
}
