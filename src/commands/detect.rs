//! `hotline detect`: every detector for a day, committed to the store's
//! alert lifecycle; the alerts printed or written as JSON Lines.

use std::io::Write;

use hotline::engine::Engine;
use hotline::error::{Error, Result};

use hotline::workflow::Workflow;

use super::{db_path, io, load_config, write_sync};
use crate::cli::DetectArgs;

pub(super) async fn run(a: DetectArgs, out: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let day = a.as_of.day();
    let engine = Engine::open(&a.store.store).await?;
    let run = hotline::detect::detect(&engine, day, &cfg).await?;
    let mut workflow = Workflow::open(&db_path(&a.store.store, a.db.as_deref()))?;
    let sync = workflow.sync(&run.alerts, day, chrono::Local::now().naive_local())?;
    let lines = hotline::detect::alert::to_jsonl(&run.alerts);
    let Some(path) = a.out else {
        return out.write_all(lines.as_bytes()).map_err(io);
    };
    std::fs::write(&path, &lines).map_err(|e| Error::write(&path, e))?;
    writeln!(
        out,
        "{} alerts on {day} written to {}",
        run.alerts.len(),
        path.display()
    )
    .map_err(io)?;
    if !run.state_updated {
        writeln!(
            out,
            "note: {day} is before the store's last detection run, so the stored alert state was left as it was"
        )
        .map_err(io)?;
    }
    if run.held_back > 0 {
        writeln!(
            out,
            "note: {} more new findings held back by the alert budget ([detect] alert_budget_per_week = {}); they are raised on a later day if they hold",
            run.held_back, cfg.detect.alert_budget_per_week
        )
        .map_err(io)?;
    }
    for a in &run.alerts {
        writeln!(
            out,
            "  [{}] {:<7} {} {}",
            a.severity, a.status, a.id, a.title
        )
        .map_err(io)?;
    }
    write_sync(&sync, workflow.path(), out)
}
