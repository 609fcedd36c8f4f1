//! The reports as self-contained HTML pages (warning notices, the weekly
//! briefing, the analyst report): inline styles and SVG charts, no
//! scripts, no network requests, laid out for A4 print.

use std::fmt::Write;

use crate::report::warnings::Notice;

/// Fonts for Chinese text, official ones first, then common system fonts.
pub const CJK_FONTS: &str = "\"FangSong\", \"仿宋\", \"STFangsong\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", \"PingFang SC\", serif";

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The HTML page of one notice; `charts[i]` is the SVG of item i's series
/// chart, when it has one, drawn inline.
pub fn notice(n: &Notice, charts: &[Option<String>]) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>类案预警单 {num} {dept}</title>\
         <style>@page {{ size: A4; margin: 18mm 16mm; }} body {{ font-family: {fonts}; font-size: 12pt; color: #111; max-width: 180mm; margin: auto; }} \
         h1 {{ text-align: center; font-family: \"FZXiaoBiaoSong-B05S\", \"方正小标宋简体\", \"SimHei\", \"黑体\", {fonts}; font-size: 20pt; }} \
         h2 {{ font-family: \"SimHei\", \"黑体\", {fonts}; font-size: 14pt; border-bottom: 1px solid #999; page-break-after: avoid; }} \
         table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; }} td, th {{ border: 1px solid #888; padding: 3pt 6pt; vertical-align: top; }} \
         th {{ background: #f0f0f0; width: 7em; text-align: left; }} .series td {{ text-align: center; }} section {{ page-break-inside: avoid; }} \
         .chart svg {{ width: 100%; height: auto; }} .red {{ color: #b00; }} .orange {{ color: #c60; }} .yellow {{ color: #990; }} .reply {{ border: 1px dashed #666; padding: 6pt; min-height: 3em; }}</style></head><body>\n",
        num = esc(&n.number),
        dept = esc(&n.department),
        fonts = CJK_FONTS
    );
    let _ = writeln!(s, "<h1>类案预警单</h1>");
    let _ = writeln!(
        s,
        "<p>编号：{}　接收单位：<strong>{}</strong>　预警日期：{}　预警事项：{} 项</p>",
        esc(&n.number),
        esc(&n.department),
        n.as_of,
        n.items.len()
    );
    for (i, it) in n.items.iter().enumerate() {
        let _ = writeln!(
            s,
            "<section><h2>{}. <span class=\"{}\">[{}]</span> {}（{}）</h2><table>",
            i + 1,
            it.severity,
            it.severity.label(),
            esc(&it.title),
            esc(&it.kind_label)
        );
        for (k, v) in it.fields() {
            let _ = writeln!(s, "<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
        }
        let _ = writeln!(s, "</table>");
        if let Some(Some(svg)) = charts.get(i) {
            let _ = writeln!(s, "<div class=\"chart\">{svg}</div>");
        }
        if !it.series.is_empty() {
            let _ = writeln!(
                s,
                "<p>近 {} 日工单数：</p><table class=\"series\"><tr>",
                it.series.len()
            );
            for (d, _) in &it.series {
                let _ = write!(s, "<td>{}</td>", d.format("%m-%d"));
            }
            let _ = write!(s, "</tr><tr>");
            for (_, c) in &it.series {
                let _ = write!(s, "<td>{c}</td>");
            }
            let _ = writeln!(s, "</tr></table>");
        }
        if !it.examples.is_empty() {
            let _ = writeln!(s, "<p>代表性工单（已脱敏）：</p><ul>");
            for e in &it.examples {
                let _ = writeln!(
                    s,
                    "<li>{} {}{}：{}</li>",
                    e.day,
                    esc(&e.ticket_id),
                    e.place
                        .as_deref()
                        .map(|p| format!("（{}）", esc(p)))
                        .unwrap_or_default(),
                    esc(&e.text)
                );
            }
            let _ = writeln!(s, "</ul>");
        }
        let _ = writeln!(
            s,
            "<p><strong>处置建议：</strong>{}</p><p><strong>反馈时限：</strong>请于 {} 前反馈办理情况。</p><div class=\"reply\">反馈内容：</div></section>",
            esc(&it.suggested_action),
            it.reply_by
        );
    }
    s.push_str("</body></html>\n");
    s
}

/// The weekly briefing as one self-contained HTML page (A4, one page).
pub fn briefing(b: &crate::report::weekly::Briefing, chart: &str) -> String {
    use crate::report::weekly::signed_pct;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>12345热线运行周报 {issue}</title>\
         <style>@page {{ size: A4; margin: 12mm 15mm; }} * {{ box-sizing: border-box; }} body {{ font-family: {fonts}; font-size: 10.5pt; color: #111; max-width: 180mm; margin: 0 auto; }} \
         h1 {{ text-align: center; color: #b00; font-family: \"FZXiaoBiaoSong-B05S\", \"方正小标宋简体\", \"SimHei\", \"黑体\", {fonts}; font-size: 22pt; margin: 0 0 2pt; }} \
         .issue {{ text-align: center; border-bottom: 2px solid #b00; padding-bottom: 4pt; margin-top: 0; }} h2 {{ font-family: \"SimHei\", \"黑体\", {fonts}; font-size: 12.5pt; margin: 7pt 0 3pt; }} p {{ margin: 3pt 0; }} \
         .chart svg {{ width: 100%; max-height: 58mm; height: auto; }} \
         table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }} td, th {{ border: 1px solid #999; padding: 1pt 5pt; }} th {{ background: #f2f2f2; }} \
         .up {{ color: #080; }} .down {{ color: #b00; }} .big {{ font-size: 15pt; font-weight: bold; }}</style></head><body>\n",
        issue = esc(&b.issue),
        fonts = CJK_FONTS
    );
    let _ = writeln!(
        s,
        "<h1>12345热线运行周报</h1><p class=\"issue\">{}　（{} 至 {}）</p>",
        esc(&b.issue),
        b.start,
        b.end
    );
    let _ = writeln!(
        s,
        "<h2>一、总体情况</h2><p>本周受理工单 <span class=\"big\">{}</span> 件，环比 {}（上周 {} 件），同比 {}（去年同期 {} 件）。</p>",
        b.total,
        signed_pct(b.mom),
        b.prev_total,
        signed_pct(b.yoy),
        b.yoy_total
    );
    let _ = writeln!(s, "<div class=\"chart\">{chart}</div>");
    for (n, block) in crate::report::weekly::blocks(b).into_iter().enumerate() {
        if let Some(h) = block.heading {
            let _ = writeln!(s, "<h2>{h}</h2>");
        }
        if block.rows.is_empty() && !block.empty.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", block.empty);
            continue;
        }
        let kpi_class = |r: usize, c: usize, v: &str| -> &'static str {
            // The KPI table's arrow: green when the change is good.
            match (n, c, b.kpis.get(r)) {
                (0, 3, Some(k)) => {
                    let good = match v {
                        "↑" => k.higher_is_better,
                        "↓" => !k.higher_is_better,
                        _ => true,
                    };
                    if good { "up" } else { "down" }
                }
                _ => "",
            }
        };
        table(&mut s, block.columns, &block.rows, kpi_class);
    }
    s.push_str("</body></html>\n");
    s
}

/// Appends a table of `rows` under `columns`; `class(row, column, text)`
/// names a CSS class for a cell, or "" for none.
fn table<C: AsRef<str>>(
    s: &mut String,
    columns: &[C],
    rows: &[Vec<String>],
    class: impl Fn(usize, usize, &str) -> &'static str,
) {
    let _ = write!(s, "<table><tr>");
    for c in columns {
        let _ = write!(s, "<th>{}</th>", esc(c.as_ref()));
    }
    let _ = writeln!(s, "</tr>");
    for (r, row) in rows.iter().enumerate() {
        let _ = write!(s, "<tr>");
        for (c, v) in row.iter().enumerate() {
            match class(r, c, v) {
                "" => {
                    let _ = write!(s, "<td>{}</td>", esc(v));
                }
                k => {
                    let _ = write!(s, "<td class=\"{k}\">{}</td>", esc(v));
                }
            }
        }
        let _ = writeln!(s, "</tr>");
    }
    let _ = writeln!(s, "</table>");
}

/// The analyst report as one self-contained HTML page: a table of
/// contents, then each section with its charts (inline SVG) and tables.
pub fn analyst(a: &crate::report::analyst::Analyst) -> String {
    use crate::report::weekly::{pct, signed_pct};
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>12345热线分析报告 {period}</title>\
         <style>@page {{ size: A4; margin: 14mm; }} body {{ font-family: {fonts}; font-size: 10.5pt; color: #111; max-width: 190mm; margin: auto; }} \
         h1 {{ text-align: center; font-family: \"FZXiaoBiaoSong-B05S\", \"方正小标宋简体\", \"SimHei\", \"黑体\", {fonts}; font-size: 20pt; margin-bottom: 2pt; }} \
         .sub {{ text-align: center; color: #444; }} h2 {{ font-family: \"SimHei\", \"黑体\", {fonts}; font-size: 14pt; border-bottom: 1px solid #999; page-break-after: avoid; margin-top: 16pt; }} \
         h3 {{ font-size: 11pt; margin: 8pt 0 3pt; }} nav ol {{ columns: 2; }} nav a {{ color: #035; text-decoration: none; }} \
         table {{ border-collapse: collapse; margin: 4pt 0 8pt; font-size: 9pt; }} td, th {{ border: 1px solid #aaa; padding: 1pt 4pt; }} \
         th {{ background: #eef2f7; }} td.n {{ text-align: right; font-variant-numeric: tabular-nums; }} tr {{ page-break-inside: avoid; }} \
         .wide {{ overflow-x: auto; }} .chart svg {{ max-width: 100%; height: auto; }} .note {{ color: #333; }} .big {{ font-size: 14pt; font-weight: bold; }}</style></head><body>\n",
        period = esc(&a.period),
        fonts = CJK_FONTS
    );
    let _ = writeln!(
        s,
        "<h1>12345热线分析报告</h1><p class=\"sub\">{}（{} 至 {}），对比上期 {} 至 {}</p>",
        esc(&a.period),
        a.start,
        a.end,
        a.prev_start,
        a.prev_end
    );
    let _ = writeln!(
        s,
        "<nav><h2>目录</h2><ol><li><a href=\"#summary\">总体情况</a></li>"
    );
    for sec in &a.sections {
        let _ = writeln!(
            s,
            "<li><a href=\"#{}\">{}</a></li>",
            esc(&sec.id),
            esc(&sec.title)
        );
    }
    let _ = writeln!(s, "</ol></nav>");
    let _ = writeln!(
        s,
        "<section id=\"summary\"><h2>总体情况</h2><p>本期受理工单 <span class=\"big\">{}</span> 件，环比 {}（上期 {} 件），同比 {}（去年同期 {} 件）。</p>",
        a.total,
        signed_pct(a.mom),
        a.prev_total,
        signed_pct(a.yoy),
        a.yoy_total
    );
    if a.kpis.is_empty() {
        // No KPI has data: a table of headers alone would say nothing.
        let _ = writeln!(s, "<p>本期工单无计算考核指标所需的数据。</p>");
    } else {
        let _ = writeln!(s, "<table><tr><th>指标</th><th>本期</th></tr>");
        for k in &a.kpis {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&k.name),
                pct(k.value)
            );
        }
        let _ = writeln!(s, "</table>");
    }
    let _ = writeln!(s, "</section>");
    for sec in &a.sections {
        let _ = writeln!(
            s,
            "<section id=\"{}\"><h2>{}</h2><p class=\"note\">{}</p>",
            esc(&sec.id),
            esc(&sec.title),
            esc(&sec.note)
        );
        for c in &sec.charts {
            let _ = writeln!(s, "<div class=\"chart\">{}</div>", c.svg);
        }
        for t in &sec.tables {
            let _ = writeln!(s, "<h3>{}</h3>", esc(&t.caption));
            if t.rows.is_empty() {
                let _ = writeln!(s, "<p>本期无数据。</p>");
                continue;
            }
            let _ = write!(s, "<div class=\"wide\">");
            table(&mut s, &t.columns, &t.rows, |_, c, _| {
                if t.numeric.get(c) == Some(&true) {
                    "n"
                } else {
                    ""
                }
            });
            let _ = writeln!(s, "</div>");
        }
        let _ = writeln!(s, "</section>");
    }
    s.push_str("</body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>a&b</script>\"'"),
            "&lt;script&gt;a&amp;b&lt;/script&gt;&quot;&#39;"
        );
    }
}
