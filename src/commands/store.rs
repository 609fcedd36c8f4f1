//! `hotline store verify [--repair]`.

use std::io::Write;

use hotline::error::{Error, Result};
use hotline::store::verify;

use super::{io, write_json};
use crate::cli::VerifyArgs;

/// `hotline store verify`: the findings, the recovery steps, and with
/// `repair` what was dropped; a fault left is an error (exit code 1).
pub(super) fn verify(a: VerifyArgs, out: &mut dyn Write) -> Result<()> {
    let (store, repair, json) = (a.store.store.as_path(), a.repair, a.json);
    let v = verify::verify(store, true)?;
    let fixed = if repair && !v.faults.is_empty() {
        Some(verify::repair(store)?)
    } else {
        None
    };
    if json {
        write_json(
            &serde_json::json!({ "verification": v, "repair": fixed }),
            out,
        )?;
    } else {
        writeln!(
            out,
            "store {}: commit {}, {} data files ({} tickets), {} rejects files, {}",
            v.store,
            v.commit,
            v.data_files,
            v.tickets,
            v.rejects_files,
            match v.alerts {
                Some(n) => format!("alert state of {n} alerts"),
                None => "no alert state".into(),
            }
        )
        .map_err(io)?;
        if v.recorded > 0 {
            writeln!(
                out,
                "recorded the size and checksum of {} files that had none",
                v.recorded
            )
            .map_err(io)?;
        }
        for f in &v.faults {
            writeln!(out, "FAULT {}: {}", f.path, f.what).map_err(io)?;
        }
        match &fixed {
            Some(r) => {
                writeln!(
                    out,
                    "repaired (commit {}): dropped {} files holding {} tickets (kept in {}/damaged/)",
                    r.commit,
                    r.dropped.len(),
                    r.tickets_dropped,
                    v.store
                )
                .map_err(io)?;
                if !r.reingest.is_empty() {
                    writeln!(
                        out,
                        "now ingest again, in this order: hotline ingest {} --store {}",
                        r.reingest.join(" "),
                        v.store
                    )
                    .map_err(io)?;
                }
            }
            None if !v.faults.is_empty() => {
                writeln!(out, "to recover:").map_err(io)?;
                for (i, step) in v.recovery.iter().enumerate() {
                    writeln!(out, "  {}. {step}", i + 1).map_err(io)?;
                }
            }
            None => writeln!(out, "no faults").map_err(io)?,
        }
    }
    let dropped = fixed
        .as_ref()
        .map(|r| r.dropped.as_slice())
        .unwrap_or_default();
    let left = v
        .faults
        .iter()
        .filter(|f| !dropped.contains(&f.path))
        .count();
    if left > 0 {
        return Err(Error::store(
            store,
            format!("{left} fault(s) found; see the recovery steps above"),
        ));
    }
    Ok(())
}
