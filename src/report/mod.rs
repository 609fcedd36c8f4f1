//! Reports: what the hotline's users receive.
//!
//! - [`warnings`]: department warning notices (类案预警单) from the day's
//!   alerts, under file names made safe by [`filename`];
//! - [`weekly`]: the weekly briefing (周报) for leadership;
//! - [`analyst`]: the analyst report of a period, every standard analysis
//!   as tables and charts.
//!
//! Notices and the briefing are written as Markdown ([`markdown`]),
//! self-contained HTML ([`html`]) and JSON, the briefing also as DOCX
//! ([`docx`]); the analyst report as HTML
//! beside the CSV, Parquet and XLSX of [`crate::analyze`]. Charts are
//! plotters SVG ([`chart`]), also written as PNG when a font with Chinese
//! glyphs is at hand ([`png`]).

pub mod analyst;
pub mod chart;
pub mod docx;
pub mod filename;
pub mod html;
pub mod markdown;
pub mod png;
pub mod warnings;
pub mod weekly;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{Config, PngMode};
use crate::detect::alert::Alert;
use crate::engine::Engine;
use crate::error::{Error, Result};

/// What `write_warnings` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub department: String,
    pub alerts: usize,
    /// The .md, .html and .json files.
    pub files: Vec<PathBuf>,
}

/// Writes one notice per department into `out` (created) as Markdown, HTML
/// and JSON, each surge's series chart as `STEM-N.svg` (and `.png`, see
/// [`write_charts`]), plus `index.json` listing the notices. Returns what
/// was written and the warnings for the user.
pub async fn write_warnings(
    engine: &Engine,
    alerts: &[Alert],
    as_of: NaiveDate,
    cfg: &Config,
    out: &Path,
    workflow: Option<&crate::workflow::Workflow>,
) -> Result<(Vec<Written>, Vec<String>)> {
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let mut notices = warnings::notices(engine, alerts, as_of).await?;
    if let Some(wf) = workflow {
        let by_id: std::collections::HashMap<&str, &Alert> =
            alerts.iter().map(|a| (a.id.as_str(), a)).collect();
        for item in notices.iter_mut().flat_map(|n| n.items.iter_mut()) {
            if let Some(a) = by_id.get(item.alert_id.as_str())
                && let Some(w) = wf.warning_of(a)?
            {
                item.workflow = Some(format!(
                    "{}（承办 {}，时限 {}{}{}）",
                    w.state.label(),
                    w.department.as_deref().unwrap_or("待派单"),
                    w.due,
                    if w.presses > 0 {
                        format!("，督办 {} 次", w.presses)
                    } else {
                        String::new()
                    },
                    if w.recurrences > 0 {
                        format!("，复发 {} 次", w.recurrences)
                    } else {
                        String::new()
                    }
                ));
            }
        }
    }
    let mut warnings_out = Vec::new();
    let mut written = Vec::new();
    let mut index = Vec::new();
    for n in &notices {
        let stem = filename::safe_stem(&n.department);
        let json = serde_json::to_string_pretty(n).expect("notices serialize");
        // Each surge's series as a chart: inline in the HTML, as files
        // beside the notice for the Markdown.
        let svgs = n
            .items
            .iter()
            .map(warnings::series_chart)
            .collect::<Result<Vec<_>>>()?;
        let named: Vec<(String, String)> = svgs
            .iter()
            .enumerate()
            .filter_map(|(i, svg)| {
                svg.as_ref()
                    .map(|s| (format!("{stem}-{}", i + 1), s.clone()))
            })
            .collect();
        let (charts, chart_warnings) = write_charts(&named, out, cfg)?;
        warnings_out.extend(chart_warnings);
        let chart_names: Vec<Option<String>> = svgs
            .iter()
            .enumerate()
            .map(|(i, svg)| svg.as_ref().map(|_| format!("{stem}-{}.svg", i + 1)))
            .collect();
        let mut files = Vec::new();
        for c in charts {
            files.push(c.svg);
            files.extend(c.png);
        }
        for (ext, text) in [
            ("md", markdown::notice(n, &chart_names)),
            ("html", html::notice(n, &svgs)),
            ("json", json),
        ] {
            let path = out.join(format!("{stem}.{ext}"));
            std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
            files.push(path);
        }
        index.push(serde_json::json!({
            "department": n.department,
            "number": n.number,
            "items": n.items.len(),
            "alerts": n.alert_count(),
            "file_stem": stem,
        }));
        written.push(Written {
            department: n.department.clone(),
            alerts: n.alert_count(),
            files,
        });
    }
    let path = out.join("index.json");
    let text =
        serde_json::to_string_pretty(&serde_json::json!({ "as_of": as_of, "notices": index }))
            .expect("index serializes");
    std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
    warnings_out.dedup();
    Ok((written, warnings_out))
}

/// What `write_weekly` wrote.
pub struct WeeklyWritten {
    pub briefing: weekly::Briefing,
    pub files: Vec<PathBuf>,
    /// Warnings for the user (PNG chart skipped).
    pub warnings: Vec<String>,
}

/// Writes the weekly briefing of `week` into `out` (created) as
/// `周报-WEEK.md`, `.html` (the chart inline), `.json`, the chart as
/// `.svg` and `.png` (see [`write_charts`]) and `.docx` for Word (with the
/// PNG chart when there is one).
pub async fn write_weekly(
    engine: &Engine,
    week: &crate::engine::period::Period,
    cfg: &Config,
    alerts: &[Alert],
    out: &Path,
    workflow: Option<&crate::workflow::Workflow>,
) -> Result<WeeklyWritten> {
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let mut b = weekly::briefing(engine, week, cfg, alerts).await?;
    if let Some(wf) = workflow {
        weekly::add_workflow(&mut b, engine, wf).await?;
    }
    let stem = format!("周报-{}", plain_label(&b.week));
    let chart = weekly::daily_chart(&b)?;
    let mut files = Vec::new();
    for (ext, text) in [
        ("md", markdown::briefing(&b, &format!("{stem}.svg"))),
        ("html", html::briefing(&b, &chart)),
        (
            "json",
            serde_json::to_string_pretty(&b).expect("briefing serializes"),
        ),
    ] {
        let path = out.join(format!("{stem}.{ext}"));
        std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        files.push(path);
    }
    let (charts, mut warnings) = write_charts(&[(stem.clone(), chart)], out, cfg)?;
    if b.total == 0 {
        warnings.extend(crate::analyze::empty_period(engine, week).await?);
    }
    let mut png = None;
    for c in charts {
        files.push(c.svg);
        if let Some(p) = c.png {
            png = Some(std::fs::read(&p).map_err(|e| Error::read(&p, e))?);
            files.push(p);
        }
    }
    let path = out.join(format!("{stem}.docx"));
    std::fs::write(&path, docx::briefing(&b, png.as_deref())?)
        .map_err(|e| Error::write(&path, e))?;
    files.push(path);
    Ok(WeeklyWritten {
        briefing: b,
        files,
        warnings,
    })
}

/// A chart written to disk: its SVG, and its PNG when one was made.
#[derive(Debug, Clone)]
pub struct ChartFile {
    pub svg: PathBuf,
    pub png: Option<PathBuf>,
}

/// Writes each `(stem, svg)` chart into `dir` as `stem.svg`, and as
/// `stem.png` (twice the size, for print and Word) as `[report] png` says.
/// Returns the files and the warnings for the user (no Chinese font with
/// `png = "auto"`).
pub fn write_charts(
    charts: &[(String, String)],
    dir: &Path,
    cfg: &Config,
) -> Result<(Vec<ChartFile>, Vec<String>)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut warnings = Vec::new();
    let fonts = match cfg.report.png {
        PngMode::Never => None,
        mode => match png::Fonts::find(cfg.report.font.as_deref()) {
            Ok(f) => Some(f),
            Err(e) if mode == PngMode::Auto && cfg.report.font.is_none() => {
                warnings.push(format!("{e}; wrote the SVG charts only"));
                None
            }
            Err(e) => return Err(e),
        },
    };
    let mut files = Vec::new();
    for (stem, svg) in charts {
        let svg_path = dir.join(format!("{stem}.svg"));
        std::fs::write(&svg_path, svg).map_err(|e| Error::write(&svg_path, e))?;
        let png = match &fonts {
            Some(f) => {
                let path = dir.join(format!("{stem}.png"));
                std::fs::write(&path, f.png(svg, 2.0)?).map_err(|e| Error::write(&path, e))?;
                Some(path)
            }
            None => None,
        };
        files.push(ChartFile { svg: svg_path, png });
    }
    Ok((files, warnings))
}

/// What `write_analyst` wrote.
pub struct AnalystWritten {
    pub analyst: analyst::Analyst,
    /// The analyses' tables (for callers that show some of them).
    pub tables: Vec<crate::analyze::Table>,
    /// The CSV, Parquet and XLSX files.
    pub analyses: crate::analyze::AnalyzeReport,
    /// The HTML page.
    pub html: PathBuf,
    pub charts: Vec<ChartFile>,
    /// Warnings for the user (PNG charts skipped).
    pub warnings: Vec<String>,
}

/// The analyst report of `period` and the analyses it was built from,
/// written nowhere (a server renders it as a page).
pub async fn analyst_of(
    engine: &Engine,
    period: &crate::engine::period::Period,
    cfg: &Config,
) -> Result<(analyst::Analyst, Vec<crate::analyze::Table>)> {
    let tables = crate::analyze::run_all(engine, crate::analyze::jobs(period, cfg)).await?;
    let prev = period.previous();
    let prev_daily = crate::analyze::run_all(
        engine,
        crate::analyze::jobs_giving(&prev, cfg, &["volume_day"]),
    )
    .await?
    .pop()
    .expect("a volume_day job")
    .result;
    let hot = crate::detect::hotspots::hotspots(engine, period, 10).await?;
    let a = analyst::build(&tables, &prev_daily, period, &hot)?;
    Ok((a, tables))
}

/// Runs every standard analysis of `period` and writes, into `out`, the
/// analyst report `分析报告-PERIOD.html`, its charts under `charts/`, and
/// the tables as CSV, Parquet and `analyses.xlsx` (as `hotline analyze`).
pub async fn write_analyst(
    engine: &Engine,
    period: &crate::engine::period::Period,
    cfg: &Config,
    out: &Path,
) -> Result<AnalystWritten> {
    let (a, tables) = analyst_of(engine, period, cfg).await?;
    let analyses = crate::analyze::write_all(&tables, period, out)?;
    let html_path = out.join(format!("分析报告-{}.html", plain_label(&a.period)));
    std::fs::write(&html_path, html::analyst(&a)).map_err(|e| Error::write(&html_path, e))?;
    let charts: Vec<(String, String)> = a
        .sections
        .iter()
        .flat_map(|s| s.charts.iter().map(|c| (c.name.clone(), c.svg.clone())))
        .collect();
    let (charts, mut warnings) = write_charts(&charts, &out.join("charts"), cfg)?;
    if a.total == 0 {
        warnings.extend(crate::analyze::empty_period(engine, period).await?);
    }
    Ok(AnalystWritten {
        analyst: a,
        tables,
        analyses,
        html: html_path,
        charts,
        warnings,
    })
}

/// A period label (2024-05, 2024-W21) reduced to letters, digits and `-`
/// for a file name.
fn plain_label(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Vec<(String, String)> {
        let svg = chart::lines_svg(
            "每日工单",
            &["一".into(), "二".into()],
            &[("本周".into(), vec![1.0, 2.0])],
            (300, 200),
        )
        .unwrap();
        vec![("daily".into(), svg)]
    }

    #[test]
    fn png_never_writes_the_svg_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = Config::default();
        cfg.report.png = PngMode::Never;
        let (files, warnings) = write_charts(&chart(), dir.path(), &cfg).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(files.len(), 1);
        assert!(files[0].svg.is_file() && files[0].png.is_none());
        assert!(!dir.path().join("daily.png").exists());
    }

    #[test]
    fn a_configured_font_that_is_missing_is_an_error_even_in_auto() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = Config::default();
        cfg.report.font = Some(PathBuf::from("/nonexistent/cjk.ttf"));
        let e = write_charts(&chart(), dir.path(), &cfg).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/cjk.ttf"), "{e}");
    }

    #[test]
    fn auto_writes_a_png_when_a_chinese_font_is_installed_and_warns_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let (files, warnings) = write_charts(&chart(), dir.path(), &Config::default()).unwrap();
        match png::Fonts::find(None) {
            Ok(_) => {
                assert!(warnings.is_empty());
                let png = std::fs::read(files[0].png.as_ref().unwrap()).unwrap();
                assert!(png.starts_with(b"\x89PNG"));
            }
            Err(_) => {
                assert!(files[0].png.is_none());
                assert!(warnings[0].contains("fonts-noto-cjk"), "{warnings:?}");
            }
        }
    }
}
