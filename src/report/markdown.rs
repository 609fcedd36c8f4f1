//! Warning notices as Markdown, for people who read them in a chat or a
//! mail client.

use std::fmt::Write;

use crate::report::warnings::Notice;

/// The Markdown text of one notice; `charts[i]` is the file name of item
/// i's series chart, when it has one.
pub fn notice(n: &Notice, charts: &[Option<String>]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# 类案预警单（{}）\n", n.number);
    let _ = writeln!(
        s,
        "**接收单位：** {}　　**预警日期：** {}　　**预警事项：** {} 项\n",
        n.department,
        n.as_of,
        n.items.len()
    );
    for (i, it) in n.items.iter().enumerate() {
        let _ = writeln!(
            s,
            "## {}. [{}] {}（{}）\n",
            i + 1,
            it.severity.label(),
            it.title,
            it.kind_label
        );
        let _ = writeln!(s, "| 项目 | 内容 |\n|---|---|");
        for (k, v) in it.fields() {
            let _ = writeln!(s, "| {k} | {} |", cell(&v));
        }
        if let Some(Some(file)) = charts.get(i) {
            let _ = writeln!(s, "\n![近 {} 日工单数]({file})", it.series.len());
        }
        if !it.series.is_empty() {
            let _ = writeln!(s, "\n近 {} 日工单数：\n", it.series.len());
            let _ = writeln!(
                s,
                "| {} |\n|{}|\n| {} |",
                it.series
                    .iter()
                    .map(|(d, _)| d.format("%m-%d").to_string())
                    .collect::<Vec<_>>()
                    .join(" | "),
                "---|".repeat(it.series.len()),
                it.series
                    .iter()
                    .map(|(_, c)| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        if !it.examples.is_empty() {
            let _ = writeln!(s, "\n代表性工单（已脱敏）：\n");
            for e in &it.examples {
                let _ = writeln!(
                    s,
                    "- {} {}{}：{}",
                    e.day,
                    e.ticket_id,
                    e.place
                        .as_deref()
                        .map(|p| format!("（{p}）"))
                        .unwrap_or_default(),
                    e.text
                );
            }
        }
        let _ = writeln!(s, "\n**处置建议：** {}\n", it.suggested_action);
        let _ = writeln!(
            s,
            "**反馈时限：** 请于 {} 前反馈办理情况。　反馈内容：________________\n",
            it.reply_by
        );
    }
    s
}

/// A table cell: pipes and newlines would break the table.
fn cell(v: &str) -> String {
    v.replace('|', "｜").replace('\n', " ")
}

/// The Markdown text of the weekly briefing.
pub fn briefing(b: &crate::report::weekly::Briefing, chart_file: &str) -> String {
    use crate::report::weekly::{blocks, summary};
    let mut s = String::new();
    let _ = writeln!(s, "# 12345热线运行周报\n");
    let _ = writeln!(s, "**{}**（{} 至 {}）\n", b.issue, b.start, b.end);
    let _ = writeln!(s, "## 一、总体情况\n\n{}\n", summary(b));
    let _ = writeln!(s, "![每日受理工单]({chart_file})\n");
    for block in blocks(b) {
        if let Some(h) = block.heading {
            let _ = writeln!(s, "## {h}\n");
        }
        if block.rows.is_empty() && !block.empty.is_empty() {
            let _ = writeln!(s, "{}\n", block.empty);
            continue;
        }
        let _ = writeln!(s, "| {} |", block.columns.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(block.columns.len()));
        for r in &block.rows {
            let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        let _ = writeln!(s);
    }
    s
}
