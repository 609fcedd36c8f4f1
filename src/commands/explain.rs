//! `hotline explain ID`: the evidence behind one alert.

use std::io::Write;

use hotline::detect::explain;
use hotline::engine::Engine;
use hotline::error::Result;

use super::{io, load_config};
use crate::cli::ExplainArgs;

pub(super) async fn run(a: ExplainArgs, out: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let calendar = hotline::detect::calendar(&cfg)?;
    let alert = match &a.alerts {
        Some(file) => explain::find_alert(file, &a.alert_id)?,
        None => explain::find_stored(&a.store.store, &a.alert_id)?,
    };
    let engine = Engine::open(&a.store.store).await?;
    let ex = explain::explain(&engine, alert, &calendar).await?;
    let a = &ex.alert;
    writeln!(
        out,
        "{} [{}] {} ({})\n{}\nfirst seen {}, last seen {}; department: {}; keywords: {}\n",
        a.id,
        a.severity,
        a.kind,
        a.status,
        a.title,
        a.first_seen,
        a.last_seen,
        a.department.as_deref().unwrap_or("-"),
        a.keywords.join(" ")
    )
    .map_err(io)?;
    for l in &ex.lines {
        writeln!(out, "{l}").map_err(io)?;
    }
    Ok(())
}
