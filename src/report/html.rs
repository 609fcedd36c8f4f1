//! The reports as self-contained HTML pages (warning notices, the weekly
//! briefing, the analyst report): inline styles and SVG charts, no
//! scripts, no network requests, laid out for A4 print. The pages are
//! minijinja templates in `reports/templates/`, compiled in; this module
//! turns a report's data into each template's context. minijinja was
//! chosen over format strings so that the markup can be read and changed as
//! HTML, and over askama because its templates need no macro per page and
//! a server can render the same ones.

use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, context};
use serde::Serialize;

use crate::report::warnings::Notice;

/// Fonts for Chinese text, official ones first, then common system fonts.
pub const CJK_FONTS: &str = "\"FangSong\", \"仿宋\", \"STFangsong\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", \"PingFang SC\", serif";

/// The templates, compiled in (see reports/README.md): HTML ones escape
/// every value, `page.css` is included raw.
fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        for (name, text) in [
            ("page.css", include_str!("../../reports/templates/page.css")),
            (
                "table.html",
                include_str!("../../reports/templates/table.html"),
            ),
            (
                "notice.html",
                include_str!("../../reports/templates/notice.html"),
            ),
            (
                "briefing.html",
                include_str!("../../reports/templates/briefing.html"),
            ),
            (
                "analyst.html",
                include_str!("../../reports/templates/analyst.html"),
            ),
        ] {
            env.add_template(name, text)
                .expect("the report templates compile (a test renders each)");
        }
        env.add_global("fonts", CJK_FONTS);
        env
    })
}

/// Renders template `name` with `ctx`.
fn render(name: &str, ctx: minijinja::Value) -> String {
    templates()
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|e| panic!("report template {name} renders: {e:#}"))
}

/// One table cell: its text and a CSS class ("" for none).
#[derive(Serialize)]
struct Cell<'a> {
    text: &'a str,
    class: &'static str,
}

/// Rows as cells, `class(row, column, text)` naming each cell's class.
fn cells<'a>(
    rows: &'a [Vec<String>],
    class: impl Fn(usize, usize, &str) -> &'static str,
) -> Vec<Vec<Cell<'a>>> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, v)| Cell {
                    text: v,
                    class: class(r, c, v),
                })
                .collect()
        })
        .collect()
}

/// The HTML page of one notice; `charts[i]` is the SVG of item i's series
/// chart, when it has one, drawn inline.
pub fn notice(n: &Notice, charts: &[Option<String>]) -> String {
    let items: Vec<minijinja::Value> = n
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let series: Vec<(String, u64)> = it
                .series
                .iter()
                .map(|(d, c)| (d.format("%m-%d").to_string(), *c))
                .collect();
            context! {
                severity => it.severity.as_str(),
                severity_label => it.severity.label(),
                title => it.title,
                kind_label => it.kind_label,
                fields => it.fields(),
                chart => charts.get(i).cloned().flatten(),
                series => series,
                examples => it.examples,
                suggested_action => it.suggested_action,
                reply_by => it.reply_by.to_string(),
            }
        })
        .collect();
    render(
        "notice.html",
        context! {
            number => n.number,
            department => n.department,
            as_of => n.as_of.to_string(),
            items => items,
        },
    )
}

/// The weekly briefing as one self-contained HTML page (A4, one page).
pub fn briefing(b: &crate::report::weekly::Briefing, chart: &str) -> String {
    use crate::report::weekly::{blocks, signed_pct};
    let blocks: Vec<minijinja::Value> = blocks(b)
        .into_iter()
        .enumerate()
        .map(|(n, block)| {
            // The KPI table's arrow: green when the change is good.
            let class = |r: usize, c: usize, v: &str| -> &'static str {
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
            let empty = (block.rows.is_empty() && !block.empty.is_empty()).then_some(block.empty);
            context! {
                heading => block.heading,
                empty => empty,
                columns => block.columns,
                rows => cells(&block.rows, class),
            }
        })
        .collect();
    render(
        "briefing.html",
        context! {
            issue => b.issue,
            start => b.start.to_string(),
            end => b.end.to_string(),
            total => b.total,
            mom => signed_pct(b.mom),
            prev_total => b.prev_total,
            yoy => signed_pct(b.yoy),
            yoy_total => b.yoy_total,
            chart => chart,
            blocks => blocks,
        },
    )
}

/// The analyst report as one self-contained HTML page: a table of
/// contents, then each section with its charts (inline SVG) and tables.
pub fn analyst(a: &crate::report::analyst::Analyst) -> String {
    use crate::report::weekly::{pct, signed_pct};
    let kpis: Vec<Vec<String>> = a
        .kpis
        .iter()
        .map(|k| vec![k.name.clone(), pct(k.value)])
        .collect();
    let sections: Vec<minijinja::Value> = a
        .sections
        .iter()
        .map(|sec| {
            let tables: Vec<minijinja::Value> = sec
                .tables
                .iter()
                .map(|t| {
                    let numeric = |_: usize, c: usize, _: &str| {
                        if t.numeric.get(c) == Some(&true) {
                            "n"
                        } else {
                            ""
                        }
                    };
                    context! {
                        caption => t.caption,
                        columns => t.columns,
                        rows => cells(&t.rows, numeric),
                    }
                })
                .collect();
            context! {
                id => sec.id,
                title => sec.title,
                note => sec.note,
                charts => sec.charts.iter().map(|c| c.svg.as_str()).collect::<Vec<_>>(),
                tables => tables,
            }
        })
        .collect();
    render(
        "analyst.html",
        context! {
            period => a.period,
            start => a.start.to_string(),
            end => a.end.to_string(),
            prev_start => a.prev_start.to_string(),
            prev_end => a.prev_end.to_string(),
            total => a.total,
            mom => signed_pct(a.mom),
            prev_total => a.prev_total,
            yoy => signed_pct(a.yoy),
            yoy_total => a.yoy_total,
            kpis => cells(&kpis, |_, c, _| if c == 1 { "n" } else { "" }),
            sections => sections,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analyst_page_draws_its_charts_and_escapes_its_text() {
        use crate::report::analyst::{Analyst, Chart, Section, TableView};
        let day = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let a = Analyst {
            period: "2024-05".into(),
            start: day,
            end: day,
            prev_start: day,
            prev_end: day,
            total: 12,
            prev_total: 10,
            yoy_total: 0,
            mom: Some(0.2),
            yoy: None,
            kpis: vec![],
            sections: vec![Section {
                id: "trend".into(),
                title: "受理趋势".into(),
                note: "a <note>".into(),
                charts: vec![Chart {
                    name: "trend".into(),
                    svg: "<svg id=\"c1\"></svg>".into(),
                }],
                tables: vec![TableView {
                    caption: "工单 & 占比".into(),
                    columns: vec!["区县".into(), "工单".into()],
                    numeric: vec![false, true],
                    rows: vec![vec!["<城东区>".into(), "12".into()]],
                }],
            }],
        };
        let page = analyst(&a);
        assert!(
            page.contains("<div class=\"chart\"><svg id=\"c1\"></svg></div>"),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"note\">a &lt;note&gt;</p>"),
            "{page}"
        );
        assert!(page.contains("<h3>工单 &amp; 占比</h3>"), "{page}");
        assert!(
            page.contains("<td>&lt;城东区&gt;</td><td class=\"n\">12</td>"),
            "{page}"
        );
        assert!(page.contains("环比 +20.0%"), "{page}");
        assert!(page.contains("本期工单无计算考核指标所需的数据"), "{page}");
        assert!(
            page.contains("font-family: \"FangSong\""),
            "the fonts are not escaped"
        );
    }
}
