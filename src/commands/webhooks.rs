//! `hotline webhooks add|list|disable|deliver`: departments' webhooks
//! ([`hotline::workflow::webhooks`]).

use std::io::Write;

use hotline::error::Result;
use hotline::workflow::webhooks;

use super::{io, open_workflow as open};
use crate::cli::WebhooksCommand;

pub(super) fn run(c: WebhooksCommand, out: &mut dyn Write) -> Result<()> {
    let now = || chrono::Local::now().naive_local();
    match c {
        WebhooksCommand::Add(a) => {
            let mut w = open(&a.workflow)?;
            let (id, secret) = w.add_webhook(&a.department, &a.url, "cli", now())?;
            writeln!(
                out,
                "webhook {id}: {}'s new and reopened warnings are POSTed to {}\nsecret (shown only now; the receiver checks X-Hotline-Signature = sha256=HMAC-SHA256(secret, \"TIMESTAMP.BODY\")):\n{secret}",
                a.department.trim(),
                a.url.trim()
            )
            .map_err(io)
        }
        WebhooksCommand::List(a) => {
            writeln!(
                out,
                "id\tdepartment\turl\tstate\tdelivered\tpending\tgiven up\tlast"
            )
            .map_err(io)?;
            for h in open(&a)?.webhooks(None)? {
                let last = match (h.last_status, &h.last_error) {
                    (_, Some(e)) => e.clone(),
                    (Some(s), None) => format!("HTTP {s}"),
                    (None, None) => "-".into(),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{last}",
                    h.id,
                    h.department,
                    h.url,
                    if h.disabled { "disabled" } else { "enabled" },
                    h.delivered,
                    h.pending,
                    h.given_up
                )
                .map_err(io)?;
            }
            Ok(())
        }
        WebhooksCommand::Disable(a) => {
            if open(&a.workflow)?.disable_webhook(a.id, None)? {
                writeln!(out, "disabled webhook {}", a.id).map_err(io)
            } else {
                Err(hotline::Error::Input {
                    what: format!("webhook {}", a.id),
                    message: "no such webhook; `hotline webhooks list` shows them".into(),
                })
            }
        }
        WebhooksCommand::Deliver(a) => {
            let w = std::sync::Mutex::new(open(&a)?);
            let send = webhooks::http_sender(hotline::server::DELIVERY_TIMEOUT);
            let r = webhooks::deliver_due(&w, now(), &send)?;
            writeln!(
                out,
                "{} delivered, {} failed (retried later), {} given up",
                r.delivered, r.failed, r.given_up
            )
            .map_err(io)
        }
    }
}
