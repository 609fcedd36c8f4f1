//! The weekly briefing (周报) for leadership: one page read in two minutes.
//!
//! Built from the standard analyses of the ISO week (queries/*.sql through
//! [`crate::analyze`]) and of the week before, and from the alerts of the
//! week's last day:
//!
//! - total tickets with 环比 (the week before) and 同比 (the same week a
//!   year before), the sums of `category_l1`;
//! - the citywide KPIs with their change: 按期办结率 = closed on time /
//!   (closed + open past due), 满意率, 解决率, 重复投诉率, 回退率, each the
//!   sum of the numerators over the sum of the denominators of
//!   `kpi_department`, so they match the analyses;
//! - the five largest categories with share and 环比;
//! - the five hot issues of the week ([`crate::detect::hotspots`]: its
//!   problems ranked by heat, with place, span and department);
//! - open warnings by severity, new and ongoing;
//! - the top and bottom of the 红黑榜.
//!
//! - a chart of tickets per day against the week before ([`daily_chart`]).
//!
//! Rendered by [`super::markdown::briefing`] and [`super::html::briefing`].
//! Numbered as bulletins are: 2024年第21期 is ISO week 21.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::config::Config;
use crate::detect::alert::{Alert, Severity, Status};
use crate::engine::period::Period;
use crate::engine::{Engine, QueryResult};
use crate::error::Result;

/// The briefing's numbers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Briefing {
    /// 2024年第21期.
    pub issue: String,
    pub week: String,
    pub start: NaiveDate,
    /// Last day of the week.
    pub end: NaiveDate,
    pub total: u64,
    pub prev_total: u64,
    pub yoy_total: u64,
    /// Relative changes; None when the base is 0.
    pub mom: Option<f64>,
    pub yoy: Option<f64>,
    /// Tickets per day, Monday first, this week and the week before.
    pub daily: Vec<u64>,
    pub prev_daily: Vec<u64>,
    pub kpis: Vec<Kpi>,
    pub categories: Vec<Category>,
    pub hot_issues: Vec<HotIssue>,
    /// (severity, new, ongoing) for red, orange, yellow.
    pub warnings: Vec<(Severity, u64, u64)>,
    /// Departments at the top (红榜 first) and the bottom of the ranking.
    pub top: Vec<Ranked>,
    pub bottom: Vec<Ranked>,
    /// The whole ranking, for [`add_loop`] to weigh the effect in.
    #[serde(skip)]
    pub ranked: Vec<Ranked>,
    /// The loop of the week's warnings, when a workflow database is kept
    /// (see [`add_workflow`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<WorkflowSection>,
}

/// 五、预警办理: the loop's figures of the week and the effect of the
/// warnings closed before it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkflowSection {
    pub figures: crate::workflow::figures::Figures,
    /// Warnings closed at least 14 days before the week's end, reviewed.
    pub judged: u64,
    pub effective: u64,
    /// 治理成效 = effective / judged.
    pub effect_rate: Option<f64>,
    /// (department, judged, effective) of those reviews.
    pub effect_by_department: Vec<(String, u64, u64)>,
}

/// Adds the week's loop from `workflow` to `b`: the figures of
/// [`crate::workflow::figures`], and 治理成效 from the review
/// ([`crate::workflow::review`]) of every warning closed 14 to 90 days
/// before the week's end.
pub async fn add_workflow(
    b: &mut Briefing,
    engine: &Engine,
    workflow: &crate::workflow::Workflow,
) -> Result<()> {
    let end = b.end + chrono::Duration::days(1);
    let figures = workflow.figures(b.start, end)?;
    let closed = workflow.closed_between(
        end - chrono::Duration::days(90),
        end - chrono::Duration::days(14),
    )?;
    add_loop(b, engine, figures, &closed).await
}

/// [`add_workflow`] from figures and closed warnings already read (a
/// server reads them under its lock, then reviews without it).
pub async fn add_loop(
    b: &mut Briefing,
    engine: &Engine,
    figures: crate::workflow::figures::Figures,
    closed: &[crate::workflow::Warning],
) -> Result<()> {
    let judged = verdicts(engine, closed, b.end).await?;
    add_verdicts(b, figures, &judged);
    Ok(())
}

/// The 复盘 verdict of each closed warning as of `day`, with its
/// department; warnings too recent to judge are left out.
pub async fn verdicts(
    engine: &Engine,
    closed: &[crate::workflow::Warning],
    day: NaiveDate,
) -> Result<Vec<(String, crate::workflow::review::Verdict)>> {
    use crate::workflow::review::{Verdict, review};
    let mut out = Vec::new();
    for w in closed {
        if let Some(r) = review(engine, w, day).await?
            && r.verdict != Verdict::TooEarly
        {
            out.push((w.department.clone().unwrap_or_default(), r.verdict));
        }
    }
    Ok(out)
}

/// [`add_loop`] with the verdicts already judged ([`verdicts`]).
pub fn add_verdicts(
    b: &mut Briefing,
    figures: crate::workflow::figures::Figures,
    verdicts: &[(String, crate::workflow::review::Verdict)],
) {
    use crate::workflow::review::Verdict;
    let mut by: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for (department, verdict) in verdicts {
        let e = by.entry(department.clone()).or_default();
        e.0 += 1;
        e.1 += u64::from(*verdict == Verdict::Effective);
    }
    let effect: std::collections::BTreeMap<String, f64> = by
        .iter()
        .filter(|(_, (j, _))| *j > 0)
        .map(|(d, (j, e))| (d.clone(), *e as f64 / *j as f64))
        .collect();
    if !effect.is_empty() {
        rerank(&mut b.ranked, &effect);
        (b.top, b.bottom) = ends(&b.ranked);
    }
    let judged = by.values().map(|v| v.0).sum::<u64>();
    let effective = by.values().map(|v| v.1).sum::<u64>();
    b.workflow = Some(WorkflowSection {
        figures,
        judged,
        effective,
        effect_rate: (judged > 0).then(|| effective as f64 / judged as f64),
        effect_by_department: by.into_iter().map(|(d, (j, e))| (d, j, e)).collect(),
    });
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Kpi {
    pub name: String,
    pub value: Option<f64>,
    pub prev: Option<f64>,
    /// Whether a rise is good news (false for 重复投诉率 and 回退率).
    pub higher_is_better: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Category {
    pub name: String,
    pub tickets: u64,
    pub share: f64,
    pub mom: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HotIssue {
    pub title: String,
    pub place: String,
    pub heat: f64,
    pub tickets: u64,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub department: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ranked {
    pub rank: u64,
    pub department: String,
    pub score: f64,
    pub board: String,
    /// The rates the score is made of (a missing one counts as 1).
    #[serde(skip)]
    pub on_time: Option<f64>,
    #[serde(skip)]
    pub satisfaction: Option<f64>,
}

/// The 红黑榜 with the loop's effect weighed in: for a department with
/// reviewed warnings, score = 0.4 × 满意率 + 0.4 × 治理成效 + 0.2 × 按期办结率
/// (effect and satisfaction above closure); the others keep
/// (按期办结率 + 满意率) / 2. Ranks follow the new scores; the boards (红榜,
/// 黑榜) stay those of the rates' thresholds.
pub fn rerank(ranked: &mut [Ranked], effect: &std::collections::BTreeMap<String, f64>) {
    for r in ranked.iter_mut() {
        if let Some(e) = effect.get(&r.department) {
            let (t, s) = (r.on_time.unwrap_or(1.0), r.satisfaction.unwrap_or(1.0));
            r.score = ((0.4 * s + 0.4 * e + 0.2 * t) * 10_000.0).round() / 10_000.0;
        }
    }
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.department.cmp(&b.department))
    });
    let mut rank = 0;
    let mut last = f64::NAN;
    for (i, r) in ranked.iter_mut().enumerate() {
        if r.score != last {
            rank = i as u64 + 1;
            last = r.score;
        }
        r.rank = rank;
    }
}

/// The first and last three of a ranking.
fn ends(ranked: &[Ranked]) -> (Vec<Ranked>, Vec<Ranked>) {
    let n = ranked.len();
    (
        ranked.iter().take(3).cloned().collect(),
        ranked
            .iter()
            .skip(n.saturating_sub(3).max(3))
            .cloned()
            .collect(),
    )
}

pub(crate) fn change(now: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| (now - before) / before)
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// The citywide KPIs of a `kpi_department` table.
pub(crate) fn kpis(r: &QueryResult) -> Vec<(String, Option<f64>, bool)> {
    let s = |n: &str| r.sum(n);
    vec![
        (
            "按期办结率".into(),
            ratio(s("closed_on_time"), s("closed") + s("open_overdue")),
            true,
        ),
        ("满意率".into(), ratio(s("satisfied"), s("rated")), true),
        (
            "解决率".into(),
            ratio(s("resolved"), s("resolved_known")),
            true,
        ),
        (
            "重复投诉率".into(),
            ratio(s("repeats"), s("caller_known")),
            false,
        ),
        (
            "回退率".into(),
            ratio(s("redispatched"), s("redispatch_known")),
            false,
        ),
    ]
}

/// The new and ongoing warnings of `alerts` by severity, gravest first:
/// the briefing's count of warnings.
pub fn warning_counts(alerts: &[Alert]) -> Vec<(Severity, u64, u64)> {
    [Severity::Red, Severity::Orange, Severity::Yellow]
        .into_iter()
        .map(|sev| {
            let n = |st: Status| {
                alerts
                    .iter()
                    .filter(|a| a.severity == sev && a.status == st)
                    .count() as u64
            };
            (sev, n(Status::New), n(Status::Ongoing))
        })
        .collect()
}

/// The briefing of the ISO week `week` (a period such as 2024-W21).
pub async fn briefing(
    engine: &Engine,
    week: &Period,
    cfg: &Config,
    alerts: &[Alert],
) -> Result<Briefing> {
    // Only the analyses the briefing shows, this week and the week before.
    let only = |period: &Period, files: &[&str]| crate::analyze::jobs_giving(period, cfg, files);
    let tables = crate::analyze::run_all(
        engine,
        only(
            week,
            &["category_l1", "kpi_department", "ranking", "volume_day"],
        ),
    )
    .await?;
    let prev_tables = crate::analyze::run_all(
        engine,
        only(&week.previous(), &["kpi_department", "volume_day"]),
    )
    .await?;
    fn get<'a>(ts: &'a [crate::analyze::Table], f: &str) -> &'a QueryResult {
        ts.iter()
            .find(|t| t.job.file == f)
            .map(|t| &t.result)
            .expect("a standard table")
    }
    let cat = get(&tables, "category_l1");
    let (total, prev_total, yoy_total) = (
        cat.sum("tickets"),
        cat.sum("prev_tickets"),
        cat.sum("yoy_tickets"),
    );
    let now_k = kpis(get(&tables, "kpi_department"));
    let prev_k = kpis(get(&prev_tables, "kpi_department"));
    // A KPI the export has no data for in either week (no deadlines, no
    // return visits …) is left out rather than shown as two dashes.
    let kpis = now_k
        .into_iter()
        .zip(prev_k)
        .filter(|((_, value, _), (_, prev, _))| value.is_some() || prev.is_some())
        .map(|((name, value, good), (_, prev, _))| Kpi {
            name,
            value,
            prev,
            higher_is_better: good,
        })
        .collect();
    let names = cat.texts("category_l1");
    let counts = cat.numbers("tickets");
    let shares = cat.numbers("share");
    let moms = cat.numbers("mom_change");
    // The five largest of this week (a category seen only the week before
    // is not one of this week's).
    let categories = (0..names.len())
        .filter(|&i| counts[i].unwrap_or(0.0) > 0.0)
        .take(5)
        .map(|i| Category {
            name: names[i].clone(),
            tickets: counts[i].unwrap_or(0.0) as u64,
            share: shares[i].unwrap_or(0.0),
            mom: moms[i],
        })
        .collect();
    let hot_issues = crate::detect::hotspots::hotspots(engine, week, 5)
        .await?
        .into_iter()
        .map(|h| HotIssue {
            title: h.title,
            place: h.place.unwrap_or_else(|| "-".into()),
            heat: h.heat,
            tickets: h.tickets as u64,
            first: h.start,
            last: h.end,
            department: h.department.unwrap_or_else(|| "-".into()),
        })
        .collect();
    let warnings = warning_counts(alerts);
    let rank = get(&tables, "ranking");
    let ranked: Vec<Ranked> = {
        let (r, d, s, b) = (
            rank.numbers("rank"),
            rank.texts("department"),
            rank.numbers("score"),
            rank.texts("board"),
        );
        let (t, sat) = (
            rank.numbers("on_time_rate"),
            rank.numbers("satisfaction_rate"),
        );
        (0..d.len())
            .map(|i| Ranked {
                rank: r[i].unwrap_or(0.0) as u64,
                department: d[i].clone(),
                score: s[i].unwrap_or(0.0),
                on_time: t.get(i).copied().flatten(),
                satisfaction: sat.get(i).copied().flatten(),
                board: if b[i] == "-" {
                    String::new()
                } else {
                    b[i].clone()
                },
            })
            .collect()
    };
    let (top, bottom) = ends(&ranked);
    let end = week.end - Duration::days(1);
    let iso = week.start.iso_week();
    let per_day = |ts: &[crate::analyze::Table], start: NaiveDate| -> Vec<u64> {
        let t = get(ts, "volume_day");
        let mut v = vec![0u64; 7];
        for (bucket, n) in t.texts("bucket").iter().zip(t.numbers("tickets")) {
            let day = bucket
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            if let Some(d) = day {
                let i = (d - start).num_days();
                if (0..7).contains(&i) {
                    v[i as usize] = n.unwrap_or(0.0) as u64;
                }
            }
        }
        v
    };
    let daily = per_day(&tables, week.start);
    let prev_daily = per_day(&prev_tables, week.previous().start);
    Ok(Briefing {
        issue: format!("{}年第{}期", iso.year(), iso.week()),
        week: week.label.clone(),
        start: week.start,
        end,
        total: total as u64,
        prev_total: prev_total as u64,
        yoy_total: yoy_total as u64,
        mom: change(total, prev_total),
        yoy: change(total, yoy_total),
        daily,
        prev_daily,
        kpis,
        categories,
        hot_issues,
        warnings,
        top,
        bottom,
        ranked,
        workflow: None,
    })
}

/// The chart of the briefing: tickets per day, this week against the week
/// before, as SVG.
pub fn daily_chart(b: &Briefing) -> Result<String> {
    let days: Vec<String> = ["一", "二", "三", "四", "五", "六", "日"]
        .iter()
        .map(|d| format!("周{d}"))
        .collect();
    let f = |v: &[u64]| v.iter().map(|x| *x as f64).collect::<Vec<f64>>();
    crate::report::chart::lines_svg(
        "每日受理工单",
        &days,
        &[
            ("本周".into(), f(&b.daily)),
            ("上周".into(), f(&b.prev_daily)),
        ],
        (640, 240),
    )
}

/// One table of the briefing: the section it opens (none for the KPI
/// table, which sits under 一、总体情况), its columns and its rows as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub heading: Option<&'static str>,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    /// Said instead of an empty table.
    pub empty: &'static str,
}

/// The briefing's tables in reading order, shared by the Markdown and DOCX
/// renderers so both say the same.
pub fn blocks(b: &Briefing) -> Vec<Block> {
    let mut blocks = vec![
        Block {
            heading: None,
            columns: &["指标", "本周", "上周", "变化"],
            rows: b
                .kpis
                .iter()
                .map(|k| {
                    vec![
                        k.name.clone(),
                        pct(k.value),
                        pct(k.prev),
                        arrow(k.value, k.prev).into(),
                    ]
                })
                .collect(),
            empty: "本周工单无计算考核指标所需的数据（办理时限、回访、解决情况、来电号码、转派次数）。",
        },
        Block {
            heading: Some("二、诉求类别前五"),
            columns: &["类别", "工单", "占比", "环比"],
            rows: b
                .categories
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.tickets.to_string(),
                        pct(Some(c.share)),
                        signed_pct(c.mom),
                    ]
                })
                .collect(),
            empty: "本周无工单。",
        },
        Block {
            heading: Some("三、热点问题"),
            columns: &["问题", "地点", "热度", "工单", "时间", "责任单位"],
            rows: b
                .hot_issues
                .iter()
                .map(|h| {
                    vec![
                        h.title.clone(),
                        h.place.clone(),
                        format!("{:.1}", h.heat),
                        h.tickets.to_string(),
                        format!("{} 至 {}", h.first, h.last),
                        h.department.clone(),
                    ]
                })
                .collect(),
            empty: "本周无热点问题。",
        },
        Block {
            heading: Some("四、预警情况"),
            columns: &["等级", "新增", "持续"],
            rows: b
                .warnings
                .iter()
                .map(|(sev, new, ongoing)| {
                    vec![
                        sev.label().to_string(),
                        new.to_string(),
                        ongoing.to_string(),
                    ]
                })
                .collect(),
            empty: "",
        },
        Block {
            heading: Some("五、红黑榜"),
            columns: &["名次", "单位", "综合得分", "榜单"],
            rows: b
                .top
                .iter()
                .chain(&b.bottom)
                .map(|r| {
                    vec![
                        r.rank.to_string(),
                        r.department.clone(),
                        format!("{:.3}", r.score),
                        r.board.clone(),
                    ]
                })
                .collect(),
            empty: "本周无单位达到排名门槛。",
        },
    ];
    if let Some(w) = &b.workflow {
        let f = &w.figures;
        // One row: the briefing stays on one A4 page.
        blocks.push(Block {
            heading: Some("六、预警办理"),
            columns: &[
                "派单",
                "预警签收率",
                "按期办结率",
                "督办（次/件）",
                "退回",
                "复发",
                "治理成效",
            ],
            rows: vec![vec![
                f.dispatched.to_string(),
                pct(f.sign_rate),
                pct(f.on_time_rate),
                format!("{}/{}", f.presses, f.pressed_warnings),
                f.returned.to_string(),
                f.reopened.to_string(),
                match w.effect_rate {
                    Some(_) => format!("{}（{}/{}）", pct(w.effect_rate), w.effective, w.judged),
                    None => "-".into(),
                },
            ]],
            empty: "",
        });
    }
    blocks
}

/// The loop per department (承办单位, 派单, 签收, 按期办结, 超期未办结, 退回,
/// 督办, 派单准确率, 治理成效): the dashboard's table; the one-page briefing
/// keeps the week's totals, its JSON every department.
pub const DEPARTMENT_LOOP_COLUMNS: [&str; 9] = [
    "承办单位",
    "派单",
    "签收",
    "按期办结",
    "超期未办结",
    "退回",
    "督办",
    "派单准确率",
    "治理成效",
];

/// The rows of [`DEPARTMENT_LOOP_COLUMNS`].
pub fn department_loop_rows(w: &WorkflowSection) -> Vec<Vec<String>> {
    let f = &w.figures;
    let effect: std::collections::BTreeMap<&str, (u64, u64)> = w
        .effect_by_department
        .iter()
        .map(|(d, j, e)| (d.as_str(), (*j, *e)))
        .collect();
    f.departments
        .iter()
        .map(|d| {
            let (j, e) = effect.get(d.department.as_str()).copied().unwrap_or((0, 0));
            vec![
                d.department.clone(),
                d.dispatched.to_string(),
                d.signed.to_string(),
                format!("{}/{}", d.closed_on_time, d.closed),
                d.overdue_open.to_string(),
                d.returned.to_string(),
                d.presses.to_string(),
                pct(d.dispatch_accuracy),
                if j > 0 {
                    format!("{e}/{j}")
                } else {
                    "-".into()
                },
            ]
        })
        .collect()
}

/// The opening sentence of 一、总体情况.
pub fn summary(b: &Briefing) -> String {
    format!(
        "本周受理工单 {} 件，环比 {}（上周 {} 件），同比 {}（去年同期 {} 件）。",
        b.total,
        signed_pct(b.mom),
        b.prev_total,
        signed_pct(b.yoy),
        b.yoy_total
    )
}

/// ↑, ↓ or → for a change from `prev` to `now`.
pub fn arrow(now: Option<f64>, prev: Option<f64>) -> &'static str {
    match (now, prev) {
        (Some(a), Some(b)) if a > b + 1e-9 => "↑",
        (Some(a), Some(b)) if a < b - 1e-9 => "↓",
        (Some(_), Some(_)) => "→",
        _ => "",
    }
}

/// A rate as a percentage, `-` when unknown.
pub fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

/// A change as a signed percentage, `-` when the base is 0.
pub fn signed_pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:+.1}%", v * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effect_and_satisfaction_weigh_above_closure_in_the_ranking() {
        let r = |d: &str, t: f64, s: f64| Ranked {
            rank: 0,
            department: d.into(),
            score: (t + s) / 2.0,
            board: String::new(),
            on_time: Some(t),
            satisfaction: Some(s),
        };
        // A closes everything on time but its problems come back; B is
        // slower but its problems go away.
        let mut v = vec![r("A", 1.0, 0.8), r("B", 0.7, 0.9)];
        let effect = [("A".to_string(), 0.2), ("B".to_string(), 1.0)]
            .into_iter()
            .collect();
        rerank(&mut v, &effect);
        assert_eq!((v[0].department.as_str(), v[0].rank), ("B", 1));
        assert_eq!(v[0].score, 0.9); // 0.4 × 0.9 + 0.4 × 1.0 + 0.2 × 0.7
        assert_eq!((v[1].department.as_str(), v[1].score), ("A", 0.6));
    }

    #[test]
    fn arrows_and_percentages() {
        assert_eq!(arrow(Some(0.9), Some(0.8)), "↑");
        assert_eq!(arrow(Some(0.8), Some(0.9)), "↓");
        assert_eq!(arrow(Some(0.8), Some(0.8)), "→");
        assert_eq!(arrow(None, Some(0.8)), "");
        assert_eq!(pct(Some(0.9474)), "94.7%");
        assert_eq!(signed_pct(Some(-0.3049)), "-30.5%");
        assert_eq!(signed_pct(None), "-");
        assert_eq!(change(110.0, 100.0), Some(0.1));
        assert_eq!(change(5.0, 0.0), None);
    }
}
