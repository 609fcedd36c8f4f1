//! The analyst report: every standard analysis of a period as tables and
//! charts, in one HTML page with a table of contents
//! ([`super::html::analyst`]), next to the CSV, Parquet and XLSX files of
//! [`crate::analyze`].
//!
//! Sections, in order: 总体情况 (totals with 环比/同比 and the citywide KPIs,
//! computed as in the weekly briefing), 受理趋势 (tickets per day against the
//! period before, aligned by day), 诉求类别, 区县对比, 热点地点 (the places with most
//! tickets), 渠道与诉求性质, 时段分布
//! (the hour × weekday grid as a heatmap and a 7 × 24 table), 办理情况,
//! 考核指标 by department and by district, 红黑榜, 热词. Every number in a
//! table is the analysis table's own value, formatted; the charts are drawn
//! from the same values.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::analyze::Table;
use crate::analyze::xlsx::is_rate;
use crate::engine::QueryResult;
use crate::engine::period::Period;
use crate::error::Result;
use crate::report::chart;
use crate::report::weekly::{Kpi, change, kpis};

/// The report's content.
#[derive(Debug, Clone, Serialize)]
pub struct Analyst {
    /// Period label (2024-05) and its first and last day.
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub prev_start: NaiveDate,
    pub prev_end: NaiveDate,
    pub total: u64,
    pub prev_total: u64,
    pub yoy_total: u64,
    pub mom: Option<f64>,
    pub yoy: Option<f64>,
    pub kpis: Vec<Kpi>,
    pub sections: Vec<Section>,
}

/// One section: a heading, what it shows, charts and tables.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Anchor in the page (`trend`).
    pub id: String,
    pub title: String,
    pub note: String,
    pub charts: Vec<Chart>,
    pub tables: Vec<TableView>,
}

/// A chart: its file stem and its SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub name: String,
    #[serde(skip)]
    pub svg: String,
}

/// A table as display text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableView {
    pub caption: String,
    pub columns: Vec<String>,
    /// Whether each column is numeric (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

fn get<'a>(tables: &'a [Table], file: &str) -> &'a Table {
    tables
        .iter()
        .find(|t| t.job.file == file)
        .expect("a standard analysis table")
}

/// A finished analysis table as display text: the query's Chinese column
/// labels, rates as percentages, days without their time.
pub fn view(t: &Table) -> TableView {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::datatypes::DataType;
    use datafusion::arrow::util::display::array_value_to_string;
    let schema = &t.result.schema;
    let columns = schema
        .fields()
        .iter()
        .map(|f| {
            t.header
                .output
                .iter()
                .find(|(n, l)| n == f.name() && !l.is_empty())
                .map_or_else(|| f.name().clone(), |(_, l)| l.clone())
        })
        .collect();
    let numeric = schema
        .fields()
        .iter()
        .map(|f| f.data_type().is_numeric())
        .collect();
    let mut rows = Vec::new();
    for b in &t.result.batches {
        let b = crate::engine::render::lists_as_text(b).unwrap_or_else(|_| b.clone());
        for i in 0..b.num_rows() {
            let row = schema
                .fields()
                .iter()
                .zip(b.columns())
                .map(|(f, col)| {
                    if col.is_null(i) {
                        return "-".to_string();
                    }
                    match col.data_type() {
                        DataType::Float64 | DataType::Float32 => {
                            let v = array_value_to_string(col, i)
                                .ok()
                                .and_then(|s| s.parse::<f64>().ok())
                                .unwrap_or(f64::NAN);
                            if is_rate(f.name()) {
                                if f.name().ends_with("_change") {
                                    format!("{:+.1}%", v * 100.0)
                                } else {
                                    format!("{:.1}%", v * 100.0)
                                }
                            } else {
                                trim_float(v)
                            }
                        }
                        DataType::Timestamp(..) => {
                            let s = array_value_to_string(col, i).unwrap_or_default();
                            s.get(..10).unwrap_or(&s).to_string()
                        }
                        _ => array_value_to_string(col, i).unwrap_or_default(),
                    }
                })
                .collect();
            rows.push(row);
        }
    }
    TableView {
        caption: t.job.title.clone(),
        columns,
        numeric,
        rows,
    }
}

/// [`view`] without the result columns named in `drop`.
fn view_without(t: &Table, drop: &[&str]) -> TableView {
    let mut v = view(t);
    let keep: Vec<bool> = t
        .result
        .schema
        .fields()
        .iter()
        .map(|f| !drop.contains(&f.name().as_str()))
        .collect();
    fn kept<T>(xs: Vec<T>, keep: &[bool]) -> Vec<T> {
        xs.into_iter()
            .zip(keep)
            .filter_map(|(x, k)| k.then_some(x))
            .collect()
    }
    v.columns = kept(v.columns, &keep);
    v.numeric = kept(v.numeric, &keep);
    v.rows = v.rows.into_iter().map(|r| kept(r, &keep)).collect();
    v
}

/// A float with at most three decimals and no trailing zeros.
fn trim_float(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Tickets per day of `period` from a `volume_day` table, zeros filled in.
fn per_day(r: &QueryResult, period: &Period) -> Vec<f64> {
    let mut v = vec![0.0; period.days().max(0) as usize];
    for (bucket, n) in r.texts("bucket").iter().zip(r.numbers("tickets")) {
        let day = bucket
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let Some(d) = day {
            let i = (d - period.start).num_days();
            if (0..v.len() as i64).contains(&i) {
                v[i as usize] = n.unwrap_or(0.0);
            }
        }
    }
    v
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// Builds the report of `period` from its finished analyses (`tables`, the
/// jobs of [`crate::analyze::jobs`]), the `volume_day` table of the
/// period before (`prev_daily`) and the period's hot issues.
pub fn build(
    tables: &[Table],
    prev_daily: &QueryResult,
    period: &Period,
    hot: &[crate::detect::hotspots::Hotspot],
) -> Result<Analyst> {
    let prev = period.previous();
    let cat = &get(tables, "category_l1").result;
    let (total, prev_total, yoy_total) = (
        cat.sum("tickets"),
        cat.sum("prev_tickets"),
        cat.sum("yoy_tickets"),
    );
    // Only the KPIs the export gives data for (see the 考核指标 section).
    let kpi_rows = kpis(&get(tables, "kpi_department").result)
        .into_iter()
        .filter(|(_, value, _)| value.is_some())
        .map(|(name, value, good)| Kpi {
            name,
            value,
            prev: None,
            higher_is_better: good,
        })
        .collect();
    let sections = [
        vec![trend(tables, prev_daily, period, total)?],
        breakdowns(tables)?,
        vec![
            places(tables)?,
            channel(tables),
            hours(tables)?,
            handling(tables),
            kpi(tables)?,
            ranking(tables),
            hotspots(hot),
            terms(tables),
        ],
    ]
    .concat();
    Ok(Analyst {
        period: period.label.clone(),
        start: period.start,
        end: period.end - Duration::days(1),
        prev_start: prev.start,
        prev_end: prev.end - Duration::days(1),
        total: total as u64,
        prev_total: prev_total as u64,
        yoy_total: yoy_total as u64,
        mom: change(total, prev_total),
        yoy: change(total, yoy_total),
        kpis: kpi_rows,
        sections,
    })
}

/// An empty section: its anchor, heading and note.
fn section(id: &str, title: &str, note: String) -> Section {
    Section {
        id: id.into(),
        title: title.into(),
        note,
        charts: Vec::new(),
        tables: Vec::new(),
    }
}

/// 受理趋势: this period against the one before, day by day.
fn trend(
    tables: &[Table],
    prev_daily: &QueryResult,
    period: &Period,
    total: f64,
) -> Result<Section> {
    let prev = period.previous();
    let now_days = per_day(&get(tables, "volume_day").result, period);
    let prev_days = per_day(prev_daily, &prev);
    // Day by day up to a quarter; longer periods by 7-day steps from the
    // first day, or the chart is noise.
    let step = if now_days.len() > 92 { 7 } else { 1 };
    let labels: Vec<String> = (0..now_days.len())
        .step_by(step)
        .map(|i| {
            (period.start + Duration::days(i as i64))
                .format("%m-%d")
                .to_string()
        })
        .collect();
    let by_step = |v: &[f64]| -> Vec<f64> { v.chunks(step).map(|c| c.iter().sum()).collect() };
    let peak = now_days
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(i, v)| (period.start + Duration::days(i as i64), *v));
    let mut s = section(
        "trend",
        "受理趋势",
        format!(
            "本期日均受理 {:.1} 件{}；灰线为上期（{} 至 {}）同序日{}。",
            total / now_days.len().max(1) as f64,
            peak.map(|(d, v)| format!("，峰值 {d}（{v:.0} 件）"))
                .unwrap_or_default(),
            prev.start,
            prev.end - Duration::days(1),
            if step > 1 {
                "；图中每点为 7 日合计（末点可能不足 7 日）"
            } else {
                ""
            }
        ),
    );
    s.charts.push(Chart {
        name: "trend".into(),
        svg: chart::lines_svg(
            if step == 1 {
                "每日受理工单：本期与上期"
            } else {
                "每 7 日受理工单：本期与上期"
            },
            &labels,
            &[
                ("本期".into(), by_step(&now_days)),
                ("上期".into(), by_step(&prev_days)),
            ],
            (720, 280),
        )?,
    });
    s.tables.push(view(get(tables, "volume_week")));
    s.tables.push(view(get(tables, "volume_month")));
    Ok(s)
}

/// 诉求类别 and 区县对比: bars of this period against the one before.
fn breakdowns(tables: &[Table]) -> Result<Vec<Section>> {
    let mut sections = Vec::new();
    for (id, title, file, sub, key, unknown, lacks) in [
        (
            "category",
            "诉求类别",
            "category_l1",
            "category_l2",
            "category_l1",
            "(未分类)",
            "本期工单都没有诉求分类（导出无分类列），无法按类别统计。",
        ),
        (
            "district",
            "区县对比",
            "district",
            "street",
            "district",
            "(未知区县)",
            "本期工单都没有区县（导出无区县列），无法按区县统计；工单所在地点见热点地点。",
        ),
    ] {
        let r = &get(tables, file).result;
        let names = r.texts(key);
        // Every ticket without one (Fuzhou, the mailbox letters): a table
        // and a chart of one "unknown" bar say less than a sentence.
        if !names.is_empty() && names.iter().all(|n| n == unknown) {
            sections.push(section(id, title, lacks.into()));
            continue;
        }
        let f = |col: &str| -> Vec<f64> {
            r.numbers(col)
                .into_iter()
                .map(|v| v.unwrap_or(0.0))
                .collect()
        };
        let n = names.len().min(12);
        let mut s = section(
            id,
            title,
            format!(
                "按工单量排序{}；环比 = (本期 − 上期) / 上期，同比对去年同期。",
                if names.len() > n {
                    format!("，图中为前 {n} 项")
                } else {
                    String::new()
                }
            ),
        );
        s.charts.push(Chart {
            name: id.into(),
            svg: chart::bars_svg(
                &format!("{title}：本期与上期"),
                &names[..n],
                &[
                    ("本期".into(), f("tickets")[..n].to_vec()),
                    ("上期".into(), f("prev_tickets")[..n].to_vec()),
                ],
                (720, (70 + 34 * n as u32).max(160)),
            )?,
        });
        s.tables.push(view(get(tables, file)));
        s.tables.push(view(get(tables, sub)));
        sections.push(s);
    }
    Ok(sections)
}

/// 热点地点: where tickets concentrate (the place column).
fn places(tables: &[Table]) -> Result<Section> {
    let pl = &get(tables, "place").result;
    let names = pl.texts("place");
    if names.is_empty() {
        return Ok(section(
            "places",
            "热点地点",
            "本期工单未能识别出具体地点（导出无地址、地点列，正文也未提及小区、道路、市场等）。"
                .into(),
        ));
    }
    {
        let f = |col: &str| -> Vec<f64> {
            pl.numbers(col)
                .into_iter()
                .map(|v| v.unwrap_or(0.0))
                .collect()
        };
        let n = names.len().min(12);
        let mut s = section(
            "places",
            "热点地点",
            format!(
                "工单最多的 {} 个地点（小区、道路、市场、学校、河道、村等，取自导出的地点列、地址或正文），\
                 占比为占本期有地点工单的比例；主要类别、区县为该地点多数工单所属。{}",
                names.len(),
                if names.len() > n {
                    format!("图中为前 {n} 个。")
                } else {
                    String::new()
                }
            ),
        );
        s.charts.push(Chart {
            name: "places".into(),
            svg: chart::bars_svg(
                "热点地点：本期与上期",
                &names[..n],
                &[
                    ("本期".into(), f("tickets")[..n].to_vec()),
                    ("上期".into(), f("prev_tickets")[..n].to_vec()),
                ],
                (720, (70 + 34 * n as u32).max(160)),
            )?,
        });
        s.tables.push(view(get(tables, "place")));
        Ok(s)
    }
}

/// 渠道与诉求性质.
fn channel(tables: &[Table]) -> Section {
    let mut s = section(
        "channel",
        "渠道与诉求性质",
        "工单来源渠道与诉求性质的构成。".into(),
    );
    s.tables.push(view(get(tables, "channel")));
    s.tables.push(view(get(tables, "kind")));
    s
}

/// 时段分布: the 7 × 24 grid.
fn hours(tables: &[Table]) -> Result<Section> {
    let hw = &get(tables, "hour_weekday").result;
    let mut grid = vec![vec![0.0; 24]; 7];
    for ((w, h), n) in hw
        .numbers("weekday")
        .into_iter()
        .zip(hw.numbers("hour"))
        .zip(hw.numbers("tickets"))
    {
        if let (Some(w), Some(h)) = (w, h)
            && (1.0..=7.0).contains(&w)
            && (0.0..24.0).contains(&h)
        {
            grid[w as usize - 1][h as usize] = n.unwrap_or(0.0);
        }
    }
    let max = grid.iter().flatten().copied().fold(0.0f64, f64::max);
    // An export that gives the day but not the time (Fuzhou's 时间 column)
    // puts every ticket at midnight: its hours say nothing, so the section
    // counts weekdays only instead of naming 0时 the busiest hour.
    let date_only = max > 0.0 && grid.iter().all(|r| r[1..].iter().all(|&n| n == 0.0));
    let rows: Vec<String> = WEEKDAYS.iter().map(|d| d.to_string()).collect();
    let s = if date_only {
        let days: Vec<f64> = grid.iter().map(|r| r[0]).collect();
        let busiest = (0..7).rev().max_by(|&a, &b| days[a].total_cmp(&days[b]));
        let mut s = section(
            "hours",
            "时段分布",
            format!(
                "本期工单只有受理日期、没有受理时刻（导出未给时间），只按星期统计；最忙为{}（{max:.0} 件）。",
                WEEKDAYS[busiest.unwrap_or(0)]
            ),
        );
        s.charts.push(Chart {
            name: "hours".into(),
            svg: chart::bars_svg(
                "各星期受理工单",
                &rows,
                &[("工单量".into(), days.clone())],
                (720, 70 + 34 * 7),
            )?,
        });
        s.tables.push(TableView {
            caption: "星期分布".into(),
            columns: vec!["星期".into(), "工单量".into()],
            numeric: vec![false, true],
            rows: rows
                .iter()
                .zip(&days)
                .map(|(d, n)| vec![d.clone(), format!("{n:.0}")])
                .collect(),
        });
        s
    } else {
        let busiest = (0..7)
            .flat_map(|w| (0..24).map(move |h| (w, h)))
            .max_by(|a, b| grid[a.0][a.1].total_cmp(&grid[b.0][b.1]).then(b.cmp(a)));
        let mut s = section(
            "hours",
            "时段分布",
            match busiest {
                Some((w, h)) if max > 0.0 => format!(
                    "按受理时间的星期与小时统计；最忙时段为{} {h}时（{max:.0} 件），颜色越深工单越多。",
                    WEEKDAYS[w]
                ),
                _ => "按受理时间的星期与小时统计。".into(),
            },
        );
        let cols: Vec<String> = (0..24).map(|h| format!("{h}时")).collect();
        s.charts.push(Chart {
            name: "hours".into(),
            svg: chart::heatmap_svg(
                &format!("受理时段分布（最深 = {max:.0} 件）"),
                &rows,
                &cols,
                &grid,
                (720, 260),
            )?,
        });
        s.tables.push(TableView {
            caption: "时段分布（星期 × 小时）".into(),
            columns: std::iter::once("星期".to_string())
                .chain((0..24).map(|h| h.to_string()))
                .collect(),
            numeric: std::iter::once(false)
                .chain(std::iter::repeat_n(true, 24))
                .collect(),
            rows: grid
                .iter()
                .zip(&rows)
                .map(|(r, d)| {
                    std::iter::once(d.clone())
                        .chain(r.iter().map(|v| format!("{v:.0}")))
                        .collect()
                })
                .collect(),
        });
        s
    };
    Ok(s)
}

/// 办理情况.
fn handling(tables: &[Table]) -> Section {
    let mut s = section(
        "handling",
        "办理情况",
        "各承办单位的办结数与办理时长（受理到办结，小时），未办结与超期未办结。".into(),
    );
    s.tables.push(view(get(tables, "handling")));
    s
}

/// 考核指标: department KPIs with a chart of 按期办结率. A KPI the export
/// gives no data for (Fuzhou and the mailbox letters have no deadlines,
/// return visits or caller phones) is left out of the tables, and the
/// page says so, instead of a column of dashes for every department.
fn kpi(tables: &[Table]) -> Result<Section> {
    let kd = &get(tables, "kpi_department").result;
    let has = |den: &[&str]| den.iter().map(|c| kd.sum(c)).sum::<f64>() > 0.0;
    let kpi_columns: [(&str, &[&str], &[&str]); 5] = [
        (
            "办理时限",
            &["closed", "open_overdue"],
            &["closed_on_time", "closed", "open_overdue", "on_time_rate"],
        ),
        (
            "回访满意度",
            &["rated"],
            &["rated", "satisfied", "satisfaction_rate"],
        ),
        (
            "解决情况",
            &["resolved_known"],
            &["resolved", "resolved_known", "resolved_rate"],
        ),
        (
            "来电号码",
            &["caller_known"],
            &["repeats", "caller_known", "repeat_rate"],
        ),
        (
            "转派次数",
            &["redispatch_known"],
            &["redispatched", "redispatch_known", "redispatch_rate"],
        ),
    ];
    let (missing, dropped): (Vec<&str>, Vec<&str>) = kpi_columns
        .iter()
        .filter(|(_, den, _)| !has(den))
        .map(|(what, _, cols)| (*what, *cols))
        .fold((vec![], vec![]), |(mut m, mut d), (what, cols)| {
            m.push(what);
            d.extend_from_slice(cols);
            (m, d)
        });
    let mut note = "按期办结率 = 按期办结 / (已办结 + 超期未办结)；满意率 = (满意 + 基本满意) / 已回访；\
         解决率 = 已解决 / 有解决结果；重复投诉率 = 30 日内同一来电人同类再次来电 / 来电人已知的工单；\
         回退率 = 有回退重办 / 有回退记录。分子分母均列出，可逐项核对。"
        .to_string();
    if !missing.is_empty() {
        note.push_str(&format!(
            "本期工单无{}，相应指标无法计算，表中从略。",
            missing.join("、")
        ));
    }
    let mut s = section("kpi", "考核指标", note);
    if has(&["closed", "open_overdue"]) {
        let depts = kd.texts("grp");
        let on_time: Vec<f64> = kd
            .numbers("on_time_rate")
            .into_iter()
            .map(|v| v.unwrap_or(0.0) * 100.0)
            .collect();
        let n = depts.len().min(15);
        s.charts.push(Chart {
            name: "kpi".into(),
            svg: chart::bars_svg(
                "各承办单位按期办结率（%）",
                &depts[..n],
                &[("按期办结率".into(), on_time[..n].to_vec())],
                (720, (70 + 26 * n as u32).max(160)),
            )?,
        });
    }
    if missing.len() < kpi_columns.len() {
        s.tables
            .push(view_without(get(tables, "kpi_department"), &dropped));
        s.tables
            .push(view_without(get(tables, "kpi_district"), &dropped));
    }
    Ok(s)
}

/// 红黑榜.
fn ranking(tables: &[Table]) -> Section {
    let mut s = section(
        "ranking",
        "红黑榜",
        "综合得分 = (按期办结率 + 满意率) / 2，工单量达到门槛的单位参与排名；红榜两率均达阈值，黑榜任一率低于阈值（阈值见配置 [ranking]）。".into(),
    );
    s.tables.push(view(get(tables, "ranking")));
    s
}

/// 热点问题: the period's problems by heat.
fn hotspots(hot: &[crate::detect::hotspots::Hotspot]) -> Section {
    let mut s = section(
        "hotspots",
        "热点问题",
        "本期工单按问题聚类（内容词、地点、时间），热度 = (来电人 + 重复来电/4) × (1 + ln 持续天数/4) × (1 + 增长) × (1 + ln(1 + 点赞与反对)/10)，计算方法见 docs。".into(),
    );
    s.tables.push(TableView {
        caption: "热点问题（按热度）".into(),
        columns: [
            "排名",
            "热度",
            "问题",
            "地点",
            "工单",
            "来电人",
            "时间",
            "关键词",
            "责任单位",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![true, true, false, false, true, true, false, false, false],
        rows: hot
            .iter()
            .map(|h| {
                vec![
                    h.rank.to_string(),
                    format!("{:.1}", h.heat),
                    h.title.clone(),
                    h.place.clone().unwrap_or_else(|| "-".into()),
                    h.tickets.to_string(),
                    h.callers.to_string(),
                    format!("{} 至 {}", h.start, h.end),
                    h.keywords.join("、"),
                    h.department.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect(),
    });
    s
}

/// 热词: the top terms of each category and district.
fn terms(tables: &[Table]) -> Section {
    let mut s = section(
        "terms",
        "热词",
        "各组工单文本中得分最高的词：得分 = 组内出现率 × 逆文档频率（IDF 由全库学得）。".into(),
    );
    for file in ["top_terms_category", "top_terms_district"] {
        s.tables.push(terms_view(get(tables, file)));
    }
    s
}

/// A top-terms table folded to one row per group: `词(工单数)` in rank order.
fn terms_view(t: &Table) -> TableView {
    let r = &t.result;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for ((g, term), n) in r
        .texts("grp")
        .into_iter()
        .zip(r.texts("term"))
        .zip(r.numbers("tickets"))
    {
        let item = format!("{term}({:.0})", n.unwrap_or(0.0));
        match rows.last_mut() {
            Some(row) if row[0] == g => {
                row[1].push('、');
                row[1].push_str(&item);
            }
            _ => rows.push(vec![g, item]),
        }
    }
    TableView {
        caption: t.job.title.clone(),
        columns: vec!["分组".into(), "热词(工单数)".into()],
        numeric: vec![false, false],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_lose_trailing_zeros() {
        assert_eq!(trim_float(71.1), "71.1");
        assert_eq!(trim_float(217.0), "217");
        assert_eq!(trim_float(3.60274), "3.603");
        assert_eq!(trim_float(-0.0001), "0");
    }
}
