//! Warning notices as self-contained HTML pages: inline styles, no
//! scripts, no network requests, laid out for A4 print.

use std::fmt::Write;

use crate::report::markdown::{severity_label, status_label};
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

/// The HTML page of one notice.
pub fn notice(n: &Notice) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>类案预警单 {num} {dept}</title>\
         <style>@page {{ size: A4; margin: 18mm 16mm; }} body {{ font-family: {fonts}; font-size: 12pt; color: #111; max-width: 180mm; margin: auto; }} \
         h1 {{ text-align: center; font-family: \"FZXiaoBiaoSong-B05S\", \"方正小标宋简体\", \"SimHei\", \"黑体\", {fonts}; font-size: 20pt; }} \
         h2 {{ font-family: \"SimHei\", \"黑体\", {fonts}; font-size: 14pt; border-bottom: 1px solid #999; page-break-after: avoid; }} \
         table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; }} td, th {{ border: 1px solid #888; padding: 3pt 6pt; vertical-align: top; }} \
         th {{ background: #f0f0f0; width: 7em; text-align: left; }} .series td {{ text-align: center; }} section {{ page-break-inside: avoid; }} \
         .red {{ color: #b00; }} .orange {{ color: #c60; }} .yellow {{ color: #990; }} .reply {{ border: 1px dashed #666; padding: 6pt; min-height: 3em; }}</style></head><body>\n",
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
            esc(&it.severity),
            severity_label(&it.severity),
            esc(&it.title),
            esc(&it.kind_label)
        );
        let place = [it.district.as_deref(), it.location.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        for (k, v) in [
            ("预警编号", it.alert_id.clone()),
            ("状态", status_label(&it.status).to_string()),
            ("地点", if place.is_empty() { "-".into() } else { place }),
            (
                "诉求类别",
                it.category.clone().unwrap_or_else(|| "-".into()),
            ),
            ("起始日期", it.since.to_string()),
            ("工单数", it.tickets.to_string()),
            ("来电人数", it.callers.to_string()),
            ("关键词", it.keywords.join("、")),
        ] {
            let _ = writeln!(s, "<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
        }
        let _ = writeln!(s, "</table>");
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
