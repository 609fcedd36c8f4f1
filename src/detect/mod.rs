//! Early warning: what is going wrong now, early, with few false alarms,
//! and who must act.
//!
//! - [`surge`]: surges per cell (category × district, category, district),
//!   a negative-binomial regression baseline ([`stats::glm`], the
//!   Farrington family) with the rest of the city as exposure, day of week
//!   and holidays from a [`stats::calendar`], windows of 1–7 days and
//!   CUSUM, EARS ([`stats::ears`]) for short history, FDR control across
//!   cells ([`stats::fdr`]), tails from [`stats::negbin`];
//! - [`problems`], [`hotspots`], [`class_case`]: problems found by
//!   single-pass clustering over content words, the place entity
//!   ([`places`]) and time; hot issues of a period ranked by heat; class
//!   cases, the problems that are new or growing against their own past;
//! - [`repeat`]: repeat callers (same caller or address, same problem, three
//!   tickets or more in 30 days);
//! - [`emerging`]: words whose weekly ticket count bursts against their
//!   8-week share (binomial test, FDR);
//! - [`alert`]: alerts in the docs/design.md format, routed by `[routing]` rules,
//!   else to the department that handled most of their tickets;
//! - [`lifecycle`]: one alert per problem across runs (new, ongoing,
//!   closed), kept in the store;
//! - [`explain`]: the evidence behind one alert;
//! - [`evaluate`]: detection run day by day and scored against planted
//!   events;
//! - [`stats`]: the statistics beneath them all, which know nothing of
//!   tickets.
//!
//! Not done: merging alerts of different detectors about one problem (a
//! class case large enough to lift its cell also raises a surge).

pub mod alert;
pub mod class_case;
pub mod columns;
pub mod emerging;
pub mod evaluate;
pub mod explain;
pub mod hotspots;
pub mod lifecycle;
pub mod places;
pub mod problems;
pub mod repeat;
pub mod stats;
pub mod surge;
pub mod tickets;
pub mod truth;

use chrono::NaiveDate;

use crate::config::Config;
use crate::engine::Engine;
use crate::error::Result;

pub use lifecycle::{Lifecycle, Run};

/// Runs every detector for `as_of` and commits the findings to the store's
/// alert lifecycle (see [`lifecycle`]): what `hotline detect` does.
pub async fn detect(engine: &Engine, as_of: NaiveDate, cfg: &Config) -> Result<Run> {
    let found = find(engine, as_of, cfg).await?;
    Lifecycle::of(engine.store().root(), &cfg.detect).commit(found, as_of)
}

/// The alerts of `as_of` as the stored lifecycle would make them, leaving
/// the state as it is: what a report shows.
pub async fn view(engine: &Engine, as_of: NaiveDate, cfg: &Config) -> Result<Run> {
    let found = find(engine, as_of, cfg).await?;
    Lifecycle::of(engine.store().root(), &cfg.detect).view(found, as_of)
}

/// The calendar of `cfg`, as an error that names the config section.
pub fn calendar(cfg: &Config) -> Result<stats::calendar::Calendar> {
    cfg.calendar
        .calendar()
        .map_err(|message| crate::error::Error::Input {
            what: "[calendar]".into(),
            message,
        })
}

/// Today's class cases, repeat callers and emerging terms (those about a
/// class case's tickets folded into it), unrouted.
pub async fn problem_alerts(
    engine: &Engine,
    as_of: NaiveDate,
    cfg: &Config,
) -> Result<Vec<alert::Alert>> {
    let gaz = places::gazetteer(engine, as_of).await?;
    let mut alerts = class_case::alerts(
        engine,
        &gaz,
        as_of,
        cfg.detect.cluster_window_days,
        cfg.detect.cluster_min_size,
        cfg.detect.cluster_max_alerts,
        cfg.detect.fdr_q,
    )
    .await?;
    alerts.extend(repeat::alerts(engine, as_of, cfg.detect.repeat_window_days).await?);
    alerts.extend(
        emerging::alerts(
            engine,
            &gaz,
            as_of,
            cfg.detect.term_min_count,
            cfg.detect.fdr_q,
            cfg.detect.term_max_alerts,
        )
        .await?,
    );
    emerging::fold_into_class_cases(&mut alerts);
    Ok(alerts)
}

/// Today's findings of every detector, routed, before the lifecycle.
pub async fn find(engine: &Engine, as_of: NaiveDate, cfg: &Config) -> Result<Vec<alert::Alert>> {
    let calendar = calendar(cfg)?;
    let series = surge::daily_counts(engine, as_of).await?;
    let mut surges = surge::detect(
        &series,
        &calendar,
        &surge::SurgeOptions {
            as_of,
            min_count: cfg.detect.min_count,
            fdr_q: cfg.detect.fdr_q,
        },
    );
    surges.truncate(cfg.detect.surge_max_alerts);
    let mut alerts = alert::surge_alerts(engine, &surges, as_of).await?;
    alerts.extend(problem_alerts(engine, as_of, cfg).await?);
    for a in &mut alerts {
        if let Some(d) = cfg
            .routing
            .route(a.category.as_deref(), a.district.as_deref())
        {
            a.department = Some(d.to_string());
        }
    }
    Ok(alerts)
}
