//! Warning notices as Markdown, for people who read them in a chat or a
//! mail client.

use std::fmt::Write;

use crate::report::warnings::Notice;

/// The Markdown text of one notice.
pub fn notice(n: &Notice) -> String {
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
            severity_label(&it.severity),
            it.title,
            it.kind_label
        );
        let _ = writeln!(s, "| 项目 | 内容 |\n|---|---|");
        for (k, v) in it.fields() {
            let _ = writeln!(s, "| {k} | {} |", cell(&v));
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

/// 红色 / 橙色 / 黄色.
pub fn severity_label(s: &str) -> &'static str {
    match s {
        "red" => "红色",
        "orange" => "橙色",
        _ => "黄色",
    }
}

/// 新增 / 持续 / 已关闭.
pub fn status_label(s: &str) -> &'static str {
    match s {
        "new" => "新增",
        "ongoing" => "持续",
        _ => "已关闭",
    }
}

/// A table cell: pipes and newlines would break the table.
fn cell(v: &str) -> String {
    v.replace('|', "｜").replace('\n', " ")
}

/// The Markdown text of the weekly briefing.
pub fn briefing(b: &crate::report::weekly::Briefing, chart_file: &str) -> String {
    use crate::report::weekly::{arrow, pct, signed_pct};
    let mut s = String::new();
    let _ = writeln!(s, "# 12345热线运行周报\n");
    let _ = writeln!(s, "**{}**（{} 至 {}）\n", b.issue, b.start, b.end);
    let _ = writeln!(
        s,
        "## 一、总体情况\n\n本周受理工单 **{}** 件，环比 {}（上周 {} 件），同比 {}（去年同期 {} 件）。\n",
        b.total,
        signed_pct(b.mom),
        b.prev_total,
        signed_pct(b.yoy),
        b.yoy_total
    );
    let _ = writeln!(s, "![每日受理工单]({chart_file})\n");
    let _ = writeln!(s, "| 指标 | 本周 | 上周 | 变化 |\n|---|---|---|---|");
    for k in &b.kpis {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            k.name,
            pct(k.value),
            pct(k.prev),
            arrow(k.value, k.prev)
        );
    }
    let _ = writeln!(
        s,
        "\n## 二、诉求类别前五\n\n| 类别 | 工单 | 占比 | 环比 |\n|---|---|---|---|"
    );
    for c in &b.categories {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&c.name),
            c.tickets,
            pct(Some(c.share)),
            signed_pct(c.mom)
        );
    }
    let _ = writeln!(s, "\n## 三、热点问题（类案）\n");
    if b.hot_issues.is_empty() {
        let _ = writeln!(s, "本周无类案预警。");
    } else {
        let _ = writeln!(
            s,
            "| 问题 | 地点 | 热度 | 工单 | 时间 | 责任单位 |\n|---|---|---|---|---|---|"
        );
        for h in &b.hot_issues {
            let _ = writeln!(
                s,
                "| {} | {} | {:.1} | {} | {} 至 {} | {} |",
                cell(&h.title),
                cell(&h.place),
                h.heat,
                h.tickets,
                h.first,
                h.last,
                cell(&h.department)
            );
        }
    }
    let _ = writeln!(
        s,
        "\n## 四、预警情况\n\n| 等级 | 新增 | 持续 |\n|---|---|---|"
    );
    for (sev, new, ongoing) in &b.warnings {
        let _ = writeln!(s, "| {} | {new} | {ongoing} |", severity_label(sev));
    }
    let _ = writeln!(
        s,
        "\n## 五、红黑榜\n\n| 名次 | 单位 | 综合得分 | 榜单 |\n|---|---|---|---|"
    );
    for r in b.top.iter().chain(&b.bottom) {
        let _ = writeln!(
            s,
            "| {} | {} | {:.3} | {} |",
            r.rank,
            cell(&r.department),
            r.score,
            r.board
        );
    }
    s
}
