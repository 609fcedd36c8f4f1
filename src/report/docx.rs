//! The weekly briefing as a Word document (DOCX), written with docx-rs.
//!
//! A4 with the margins of the national standard for official documents
//! (GB/T 9704-2012: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right), the
//! title in 方正小标宋简体 (二号, red), headings in 黑体 (三号), body text in
//! 仿宋_GB2312 and tables in 仿宋_GB2312 五号; Latin text and digits in Times
//! New Roman.
//!
//! Fallbacks: Word has no font list per run, so the document's font table
//! names a substitute for each (`w:altName`) and its Chinese character set
//! and PANOSE family, which Word and LibreOffice use when the font is not
//! installed: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 黑体 → SimHei.
//! docx-rs writes a fixed font table, so [`FONT_TABLE`] replaces it.

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, ShdType, Table,
    TableCell, TableRow, WidthType,
};

use crate::error::{Error, Result};
use crate::report::weekly::{Briefing, blocks, summary};

/// Title font (方正小标宋简体).
pub const TITLE_FONT: &str = "方正小标宋简体";
/// Heading font (黑体).
pub const HEADING_FONT: &str = "黑体";
/// Body font (仿宋_GB2312).
pub const BODY_FONT: &str = "仿宋_GB2312";
const LATIN_FONT: &str = "Times New Roman";

/// The font table: each Chinese font with its substitute (`w:altName`),
/// the GB2312 character set (86) and its PANOSE family.
pub const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:panose1 w:val="02000000000000000000"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font></w:fonts>"#;

/// mm to twentieths of a point.
fn twips(mm: f64) -> i32 {
    (mm / 25.4 * 1440.0).round() as i32
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
}

/// A run of `text` in `font` at `pt` points.
fn run(text: &str, font: &str, pt: f64) -> Run {
    Run::new()
        .add_text(text)
        .fonts(fonts(font))
        .size((pt * 2.0).round() as usize)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, HEADING_FONT, 16.0))
}

fn body(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, BODY_FONT, 14.0))
}

fn table(columns: &[&str], rows: &[Vec<String>]) -> Table {
    let cell = |text: &str, head: bool| {
        let mut r = run(text, BODY_FONT, 10.5);
        if head {
            r = r.bold();
        }
        let c = TableCell::new().add_paragraph(Paragraph::new().add_run(r));
        if head {
            c.shading(Shading::new().shd_type(ShdType::Clear).fill("F2F2F2"))
        } else {
            c
        }
    };
    let mut out = vec![TableRow::new(
        columns.iter().map(|c| cell(c, true)).collect(),
    )];
    out.extend(
        rows.iter()
            .map(|r| TableRow::new(r.iter().map(|v| cell(v, false)).collect())),
    );
    // Column widths in proportion to their longest text (a Chinese
    // character counts two), within the text width of the page.
    let width = |s: &str| -> usize { s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let wants: Vec<usize> = (0..columns.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|v| width(v))
                .chain([width(columns[c])])
                .max()
                .unwrap_or(4)
                .clamp(8, 40)
        })
        .collect();
    let total: usize = wants.iter().sum();
    let text_width = twips(TEXT_WIDTH_MM) as usize;
    let grid: Vec<usize> = wants.iter().map(|w| w * text_width / total).collect();
    Table::new(out)
        .set_grid(grid)
        .width(text_width, WidthType::Dxa)
}

/// A4's 210 mm less the left and right margins.
const TEXT_WIDTH_MM: f64 = 210.0 - 28.0 - 26.0;

/// The DOCX bytes of the briefing; `chart_png` (the daily chart) is placed
/// under the summary when given.
pub fn briefing(b: &Briefing, chart_png: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(twips(37.0))
                .bottom(twips(35.0))
                .left(twips(28.0))
                .right(twips(26.0))
                .header(twips(15.0))
                .footer(twips(15.0)),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(28)
        .created_at(&format!("{}T00:00:00Z", b.end))
        .updated_at(&format!("{}T00:00:00Z", b.end));
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run("12345热线运行周报", TITLE_FONT, 22.0).color("C00000")),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &format!("{}　（{} 至 {}）", b.issue, b.start, b.end),
            BODY_FONT,
            14.0,
        )))
        .add_paragraph(heading("一、总体情况"))
        .add_paragraph(body(&summary(b)));
    if let Some(png) = chart_png {
        let (w, h) = png_size(png).ok_or_else(|| Error::Report {
            what: "DOCX briefing".into(),
            message: "the chart is not a PNG image".into(),
        })?;
        // 130 mm wide, in EMU (914400 per inch).
        let width_emu = (130.0 / 25.4 * 914_400.0) as u32;
        let height_emu = (width_emu as f64 * h as f64 / w as f64) as u32;
        let pic = Pic::new_with_dimensions(png.to_vec(), w, h).size(width_emu, height_emu);
        doc = doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(pic)),
        );
    }
    for block in blocks(b) {
        if let Some(h) = block.heading {
            doc = doc.add_paragraph(heading(h));
        }
        if block.rows.is_empty() && !block.empty.is_empty() {
            doc = doc.add_paragraph(body(block.empty));
        } else {
            doc = doc.add_table(table(block.columns, &block.rows));
        }
    }
    let mut xml = doc.build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(|e| Error::Report {
        what: "DOCX briefing".into(),
        message: e.to_string(),
    })?;
    Ok(bytes.into_inner())
}

/// Width and height of a PNG image, from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((be(16), be(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_the_header_and_refuses_other_bytes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(240u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((640, 240)));
        assert_eq!(png_size(b"GIF89a................."), None);
    }

    #[test]
    fn the_margins_of_gb_t_9704() {
        assert_eq!(twips(37.0), 2098);
        assert_eq!(twips(25.4), 1440);
    }
}
