//! `hotline evaluate`: detection day by day, scored against a truth file.

use std::io::Write;

use hotline::detect::evaluate::{self, Scores};
use hotline::detect::truth::Truth;
use hotline::engine::Engine;
use hotline::error::{Error, Result};

use super::{io, load_config};
use crate::cli::EvaluateArgs;

pub(super) async fn run(a: EvaluateArgs, out: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let truth = match &a.truth {
        Some(t) => evaluate::read_truth(t)?,
        None => Truth::default(),
    };
    let engine = Engine::open(&a.store.store).await?;
    let scores = evaluate::evaluate(&engine, &truth, &cfg, a.from, a.to, a.every).await?;
    if let Some(path) = &a.out {
        let text = serde_json::to_string_pretty(&scores).expect("scores serialize");
        std::fs::write(path, text).map_err(|e| Error::write(path, e))?;
    }
    if a.truth.is_some() {
        return write_scores(&scores, out);
    }
    writeln!(
        out,
        "{} days, {} to {}: {} alerts raised (no truth file, so not scored)",
        scores.days,
        scores.from,
        scores.to,
        scores.raised.len()
    )
    .map_err(io)?;
    for r in &scores.raised {
        writeln!(out, "  {r}").map_err(io)?;
    }
    Ok(())
}

fn write_scores(s: &Scores, out: &mut dyn Write) -> Result<()> {
    let pct = |v: f64| format!("{:.1}%", v * 100.0);
    let g = &s.surges;
    let c = &s.class_cases;
    let r = &s.repeat_callers;
    let text = format!(
        "evaluated {} days, {} to {}: {:.1} alerts a week in all\n\
         surges:         {}/{} planted found (recall {}), median days to detection {}, delays {:?}\n\
         \x20               {} alerts, {} true (precision {}), {} false = {:.2} per week citywide\n\
         class cases:    {}/{} planted found (recall {}), purity {}, {} alerts, {} true (precision {})\n\
         repeat callers: {}/{} planted found (recall {}), {} alerts, {} true (precision {})\n\
         emerging terms: {} alerts, {} true (precision {})\n",
        s.days,
        s.from,
        s.to,
        s.alerts_per_week,
        g.found,
        g.planted,
        pct(g.recall),
        g.median_delay.map_or("-".into(), |d| format!("{d}")),
        g.delays,
        g.alerts,
        g.true_alerts,
        pct(g.precision),
        g.false_alerts,
        g.false_per_week,
        c.found,
        c.planted,
        pct(c.recall),
        pct(c.purity),
        c.alerts,
        c.true_alerts,
        pct(c.precision),
        r.found,
        r.planted,
        pct(r.recall),
        r.alerts,
        r.true_alerts,
        pct(r.precision),
        s.emerging_alerts,
        s.emerging_true,
        pct(s.emerging_precision),
    );
    out.write_all(text.as_bytes()).map_err(io)?;
    for m in &g.missed {
        writeln!(out, "  missed surge: {m}").map_err(io)?;
    }
    for m in &c.missed {
        writeln!(out, "  missed class case: {m}").map_err(io)?;
    }
    for m in &r.missed {
        writeln!(out, "  missed repeat caller: {m}").map_err(io)?;
    }
    for m in c.false_list.iter().take(20) {
        writeln!(out, "  false class case: {m}").map_err(io)?;
    }
    for m in r.false_list.iter().take(20) {
        writeln!(out, "  false repeat caller: {m}").map_err(io)?;
    }
    for t in &s.emerging_terms {
        writeln!(
            out,
            "emerging term {}: planted from {}, first alert {}",
            t.term,
            t.first_day,
            t.first_alert.map_or("never".into(), |d| d.to_string())
        )
        .map_err(io)?;
    }
    Ok(())
}
