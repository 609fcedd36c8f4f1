//! Reports: what the hotline's users receive.
//!
//! - [`warnings`]: department warning notices (类案预警单) from the day's
//!   alerts, under file names made safe by [`filename`];
//! - [`weekly`]: the weekly briefing (周报) for leadership.
//!
//! Each is written as Markdown ([`markdown`]), self-contained HTML
//! ([`html`]) and JSON. The analyst report, charts and DOCX are still to
//! come (issue #6).

pub mod chart;
pub mod filename;
pub mod html;
pub mod markdown;
pub mod warnings;
pub mod weekly;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

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
/// and JSON, plus `index.json` listing them.
pub async fn write_warnings(
    engine: &Engine,
    alerts: &[Alert],
    as_of: NaiveDate,
    out: &Path,
) -> Result<Vec<Written>> {
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let notices = warnings::notices(engine, alerts, as_of).await?;
    let mut written = Vec::new();
    let mut index = Vec::new();
    for n in &notices {
        let stem = filename::safe_stem(&n.department);
        let json = serde_json::to_string_pretty(n).expect("notices serialize");
        let mut files = Vec::new();
        for (ext, text) in [
            ("md", markdown::notice(n)),
            ("html", html::notice(n)),
            ("json", json),
        ] {
            let path = out.join(format!("{stem}.{ext}"));
            std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
            files.push(path);
        }
        index.push(serde_json::json!({
            "department": n.department,
            "number": n.number,
            "alerts": n.items.len(),
            "file_stem": stem,
        }));
        written.push(Written {
            department: n.department.clone(),
            alerts: n.items.len(),
            files,
        });
    }
    let path = out.join("index.json");
    let text =
        serde_json::to_string_pretty(&serde_json::json!({ "as_of": as_of, "notices": index }))
            .expect("index serializes");
    std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
    Ok(written)
}

/// Writes the weekly briefing of `week` into `out` (created) as
/// `周报-WEEK.md`, `.html` (the chart inline), `.svg` (the chart) and
/// `.json`; returns the paths.
pub async fn write_weekly(
    engine: &Engine,
    week: &crate::engine::period::Period,
    cfg: &crate::config::Config,
    alerts: &[Alert],
    out: &Path,
) -> Result<(weekly::Briefing, Vec<PathBuf>)> {
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let b = weekly::briefing(engine, week, cfg, alerts).await?;
    // The week's label (2024-W21) comes from Period::parse; keep it plain.
    let label: String = b
        .week
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let stem = format!("周报-{label}");
    let chart = weekly::daily_chart(&b)?;
    let mut files = Vec::new();
    for (ext, text) in [
        ("md", markdown::briefing(&b, &format!("{stem}.svg"))),
        ("html", html::briefing(&b, &chart)),
        ("svg", chart.clone()),
        (
            "json",
            serde_json::to_string_pretty(&b).expect("briefing serializes"),
        ),
    ] {
        let path = out.join(format!("{stem}.{ext}"));
        std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        files.push(path);
    }
    Ok((b, files))
}
