//! The weekly job in one call: detection committed for a day, the alerts
//! file, the departments' warning notices, the leadership briefing of a week
//! and the analyst report of a period. `hotline run`, `hotline demo` and a
//! server all call [`week`]; they differ only in the [`WeekPlan`].
//!
//! ```text
//! OUT/alerts.jsonl              the day's alerts (lifecycle applied and saved)
//! OUT/warnings/                 one notice per department (.md .html .json, charts)
//! OUT/周报-WEEK.{md,html,json,svg,png,docx}
//! OUT/analyses/                 the analyst report, its charts, CSV, Parquet, XLSX
//! ```

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};

use crate::config::Config;
use crate::detect::Run;
use crate::engine::Engine;
use crate::engine::period::Period;
use crate::error::{Error, Result};
use crate::report::{AnalystWritten, WeeklyWritten, Written};
use crate::workflow::{SyncReport, Workflow};

/// What the weekly job covers.
#[derive(Debug, Clone)]
pub struct WeekPlan {
    /// The day detection runs for; its findings are committed to the
    /// store's alert lifecycle and go to the notices.
    pub day: NaiveDate,
    /// The ISO week of the briefing. When it ends before `day`, the
    /// briefing shows the alerts as of the week's last day (a look back
    /// that leaves the stored state alone).
    pub briefing: Period,
    /// The period of the analyst report.
    pub analyses: Period,
}

impl WeekPlan {
    /// `hotline run`: everything about the ISO week that holds `day`.
    pub fn of_day(day: NaiveDate) -> WeekPlan {
        let week = iso_week(day);
        WeekPlan {
            day,
            briefing: week.clone(),
            analyses: week,
        }
    }

    /// Detection for `day`, the briefing of the last full ISO week that
    /// ends on or before it, the analyses of `analyses` (`hotline demo`).
    pub fn last_full_week(day: NaiveDate, analyses: Period) -> WeekPlan {
        let sunday = day - Duration::days((day.weekday().num_days_from_monday() as i64 + 1) % 7);
        WeekPlan {
            day,
            briefing: iso_week(sunday),
            analyses,
        }
    }
}

/// The ISO week that holds `day`.
pub fn iso_week(day: NaiveDate) -> Period {
    let w = day.iso_week();
    Period::parse(&format!("{}-W{:02}", w.year(), w.week()), day).expect("an ISO week label parses")
}

/// What [`week`] wrote.
pub struct WeekOutputs {
    /// Detection of the plan's day, after the lifecycle.
    pub run: Run,
    /// What the alerts did to the workflow's warnings.
    pub sync: SyncReport,
    /// `OUT/alerts.jsonl`.
    pub alerts: PathBuf,
    /// `OUT/warnings/` and the notices in it.
    pub notices_dir: PathBuf,
    pub notices: Vec<Written>,
    pub briefing: WeeklyWritten,
    /// `OUT/analyses/` and what the analyst report wrote there.
    pub analyses_dir: PathBuf,
    pub analyst: AnalystWritten,
    /// Warnings for the user (a chart skipped, an empty period), each once.
    pub warnings: Vec<String>,
}

/// Runs the weekly job of `plan` over the store of `engine` into `out`
/// (created): commits detection for the plan's day and brings `workflow`'s
/// warnings up to date with it, then writes the alerts, the notices, the
/// briefing and the analyst report.
pub async fn week(
    engine: &Engine,
    plan: &WeekPlan,
    cfg: &Config,
    out: &Path,
    workflow: &mut Workflow,
) -> Result<WeekOutputs> {
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let run = crate::detect::detect(engine, plan.day, cfg).await?;
    let sync = workflow.sync(&run.alerts, plan.day, chrono::Local::now().naive_local())?;
    let alerts = out.join("alerts.jsonl");
    std::fs::write(&alerts, crate::detect::alert::to_jsonl(&run.alerts))
        .map_err(|e| Error::write(&alerts, e))?;

    let analyses_dir = out.join("analyses");
    let analyst = crate::report::write_analyst(engine, &plan.analyses, cfg, &analyses_dir).await?;

    let notices_dir = out.join("warnings");
    let (notices, notice_warnings) = crate::report::write_warnings(
        engine,
        &run.alerts,
        plan.day,
        cfg,
        &notices_dir,
        Some(workflow),
    )
    .await?;

    let week_end = plan.briefing.end - Duration::days(1);
    let briefing = if week_end < plan.day {
        let looked_back = crate::detect::view(engine, week_end, cfg).await?;
        crate::report::write_weekly(
            engine,
            &plan.briefing,
            cfg,
            &looked_back.alerts,
            out,
            Some(workflow),
        )
        .await?
    } else {
        crate::report::write_weekly(
            engine,
            &plan.briefing,
            cfg,
            &run.alerts,
            out,
            Some(workflow),
        )
        .await?
    };

    let mut warnings: Vec<String> = Vec::new();
    for w in analyst
        .warnings
        .iter()
        .chain(&briefing.warnings)
        .chain(&notice_warnings)
    {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    Ok(WeekOutputs {
        run,
        sync,
        alerts,
        notices_dir,
        notices,
        briefing,
        analyses_dir,
        analyst,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_day_plans_its_own_iso_week() {
        let p = WeekPlan::of_day(d("2024-05-31"));
        assert_eq!(p.briefing.label, "2024-W22");
        assert_eq!(p.analyses.label, "2024-W22");
    }

    #[test]
    fn the_last_full_week_ends_on_the_sunday_before() {
        let month = Period::parse("2024-05", d("2024-05-31")).unwrap();
        // 2024-05-31 is a Friday: the last full week is W21 (May 20–26).
        let p = WeekPlan::last_full_week(d("2024-05-31"), month.clone());
        assert_eq!(p.briefing.label, "2024-W21");
        assert_eq!(p.analyses.label, "2024-05");
        // A Sunday ends its own week.
        let p = WeekPlan::last_full_week(d("2024-05-26"), month);
        assert_eq!(p.briefing.label, "2024-W21");
    }
}
