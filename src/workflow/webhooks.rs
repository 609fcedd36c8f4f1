//! Webhooks: a department's own case system is told of its warnings
//! without anyone polling. A department (or the centre for it) registers a
//! URL; each warning newly routed to that department (raised with it,
//! assigned or reassigned to it) and each that comes back after closing
//! (复发) is POSTed to the URL as JSON.
//!
//! The body is signed as GitHub and Stripe sign theirs, so the receiver can
//! tell it came from this server and was not replayed: the header
//! `X-Hotline-Signature: sha256=HEX` holds HMAC-SHA256 (RFC 2104), keyed by
//! the webhook's secret (shown once, at registration), of
//! `TIMESTAMP.BODY`, where `X-Hotline-Timestamp` holds TIMESTAMP (Unix
//! seconds). `X-Hotline-Event` and `X-Hotline-Delivery` name the event and
//! the delivery.
//!
//! Deliveries are rows of the workflow database, written in the same
//! transaction as the transition that causes them, so none is lost by a
//! crash in between. The server sends what is due every few seconds
//! ([`deliver_due`]); an answer other than 2xx, or none, is retried after
//! 30 s, 1, 2, 4 … minutes, at most 6 hours apart, and given up after
//! [`MAX_ATTEMPTS`]. Every attempt's status or error is kept.
//!
//! The body names the warning (id, kind, severity, title, place, category,
//! department, state, deadline), never its tickets' text or callers.

use chrono::{Duration, NaiveDateTime};
use hmac::{Hmac, KeyInit, Mac};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::Sha256;

use super::Workflow;
use super::db::err;
use super::users::random_hex;
use crate::error::{Error, Result};

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: u32 = 10;

/// A registered webhook, with what became of its deliveries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    pub id: i64,
    pub department: String,
    pub url: String,
    pub created_by: String,
    pub created_at: String,
    pub disabled: bool,
    pub delivered: u32,
    /// Still being retried.
    pub pending: u32,
    pub given_up: u32,
    /// The last attempt's HTTP status and error, if any.
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
}

/// One POST waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub event: String,
    pub body: String,
    pub attempts: u32,
}

/// What [`deliver_due`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    pub delivered: usize,
    pub failed: usize,
    pub given_up: usize,
}

/// The wait after the `attempts`-th failed attempt: 30 s doubling, at most
/// 6 hours.
pub fn backoff(attempts: u32) -> Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.saturating_sub(1).min(20));
    Duration::seconds(secs.min(6 * 3600))
}

/// The `X-Hotline-Signature` value of `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The JSON posted for `event` on warning `id`, as it stands in `tx`.
fn body(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    id: &str,
    event: &str,
    now: NaiveDateTime,
) -> Result<String> {
    let w = super::warnings::read(conn, path, id)?.ok_or_else(|| Error::Input {
        what: format!("warning {id}"),
        message: "no such warning".into(),
    })?;
    Ok(serde_json::json!({
        "event": event,
        "at": stamp(now),
        "warning": {
            "id": w.id,
            "kind": w.kind.as_str(),
            "severity": w.severity.as_str(),
            "title": w.title,
            "district": w.district,
            "location": w.location,
            "category": w.category,
            "department": w.department,
            "state": w.state.as_str(),
            "first_seen": w.first_seen.to_string(),
            "last_seen": w.last_seen.to_string(),
            "due": w.due.to_string(),
            "recurrences": w.recurrences,
            "path": format!("/warnings/{}", w.id),
        }
    })
    .to_string())
}

/// Queues `event` on warning `id` for every live webhook of `department`,
/// inside the transition's own transaction.
pub(super) fn enqueue(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    department: &str,
    id: &str,
    event: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let hooks: Vec<i64> = {
        let mut st = tx
            .prepare("SELECT id FROM webhooks WHERE department = ?1 AND disabled = 0")
            .map_err(|e| err(path, "find webhooks", e))?;
        st.query_map([department], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| err(path, "find webhooks", e))?
    };
    if hooks.is_empty() {
        return Ok(());
    }
    let json = body(tx, path, id, event, now)?;
    for hook in hooks {
        tx.execute(
            "INSERT INTO deliveries (webhook_id, warning_id, event, body, created_at, next_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![hook, id, event, json, stamp(now)],
        )
        .map_err(|e| err(path, "queue a webhook delivery", e))?;
    }
    Ok(())
}

impl Workflow {
    /// Registers `url` for `department`'s warnings; returns the webhook's
    /// id and its secret (the HMAC key, shown only now).
    pub fn add_webhook(
        &mut self,
        department: &str,
        url: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<(i64, String)> {
        let url = url.trim();
        let refuse = |message: String| Error::Input {
            what: format!("webhook URL `{url}`"),
            message,
        };
        let parsed: axum::http::Uri = url
            .parse()
            .map_err(|e| refuse(format!("not a URL ({e})")))?;
        if !matches!(parsed.scheme_str(), Some("http" | "https")) || parsed.host().is_none() {
            return Err(refuse(
                "give an http:// or https:// URL with a host, e.g. https://cg.example.gov.cn/hotline".into(),
            ));
        }
        if department.trim().is_empty() {
            return Err(refuse("name the department it is for".into()));
        }
        let secret = random_hex()?;
        self.conn
            .execute(
                "INSERT INTO webhooks (department, url, secret, created_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (department, url) DO UPDATE SET secret = ?3, disabled = 0, \
                 created_by = ?4, created_at = ?5",
                params![department.trim(), url, secret, by, stamp(now)],
            )
            .map_err(|e| err(&self.path, "register a webhook", e))?;
        let id = self
            .conn
            .query_row(
                "SELECT id FROM webhooks WHERE department = ?1 AND url = ?2",
                params![department.trim(), url],
                |r| r.get(0),
            )
            .map_err(|e| err(&self.path, "register a webhook", e))?;
        Ok((id, secret))
    }

    /// The webhooks of `department`, or all when `None`.
    pub fn webhooks(&self, department: Option<&str>) -> Result<Vec<Webhook>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT h.id, h.department, h.url, h.created_by, h.created_at, h.disabled, \
                 (SELECT count(*) FROM deliveries d WHERE d.webhook_id = h.id AND d.delivered_at IS NOT NULL), \
                 (SELECT count(*) FROM deliveries d WHERE d.webhook_id = h.id AND d.next_at IS NOT NULL), \
                 (SELECT count(*) FROM deliveries d WHERE d.webhook_id = h.id AND d.next_at IS NULL AND d.delivered_at IS NULL), \
                 (SELECT last_status FROM deliveries d WHERE d.webhook_id = h.id AND d.attempts > 0 ORDER BY id DESC LIMIT 1), \
                 (SELECT last_error FROM deliveries d WHERE d.webhook_id = h.id AND d.attempts > 0 ORDER BY id DESC LIMIT 1) \
                 FROM webhooks h WHERE ?1 IS NULL OR h.department = ?1 ORDER BY h.id",
            )
            .map_err(|e| err(&self.path, "list webhooks", e))?;
        st.query_map([department], |r| {
            Ok(Webhook {
                id: r.get(0)?,
                department: r.get(1)?,
                url: r.get(2)?,
                created_by: r.get(3)?,
                created_at: r.get(4)?,
                disabled: r.get(5)?,
                delivered: r.get(6)?,
                pending: r.get(7)?,
                given_up: r.get(8)?,
                last_status: r.get(9)?,
                last_error: r.get(10)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| err(&self.path, "list webhooks", e))
    }

    /// Stops webhook `id` (of `department`, when given): nothing more is
    /// queued or sent to it. Whether there was such a webhook.
    pub fn disable_webhook(&mut self, id: i64, department: Option<&str>) -> Result<bool> {
        let n = self
            .conn
            .execute(
                "UPDATE webhooks SET disabled = 1 WHERE id = ?1 AND (?2 IS NULL OR department = ?2)",
                params![id, department],
            )
            .map_err(|e| err(&self.path, "disable a webhook", e))?;
        if n == 0 {
            // Not there, or another department's: its deliveries stay.
            return Ok(false);
        }
        self.conn
            .execute(
                "UPDATE deliveries SET next_at = NULL, last_error = 'webhook disabled' \
                 WHERE webhook_id = ?1 AND next_at IS NOT NULL",
                [id],
            )
            .map_err(|e| err(&self.path, "disable a webhook", e))?;
        Ok(true)
    }

    /// The deliveries due at `now`, oldest first, at most `limit`.
    pub fn due_deliveries(&self, now: NaiveDateTime, limit: usize) -> Result<Vec<Delivery>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT d.id, h.url, h.secret, d.event, d.body, d.attempts \
                 FROM deliveries d JOIN webhooks h ON h.id = d.webhook_id \
                 WHERE d.next_at IS NOT NULL AND d.next_at <= ?1 AND h.disabled = 0 \
                 ORDER BY d.next_at, d.id LIMIT ?2",
            )
            .map_err(|e| err(&self.path, "find due deliveries", e))?;
        st.query_map(params![stamp(now), limit as i64], |r| {
            Ok(Delivery {
                id: r.get(0)?,
                url: r.get(1)?,
                secret: r.get(2)?,
                event: r.get(3)?,
                body: r.get(4)?,
                attempts: r.get(5)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| err(&self.path, "find due deliveries", e))
    }

    /// Records an attempt of delivery `id` at `now`: the HTTP status it
    /// was answered with, or the error when none came. A 2xx ends it;
    /// anything else schedules the next attempt, or gives up after
    /// [`MAX_ATTEMPTS`]. Returns whether it is now delivered, still
    /// pending or given up.
    pub fn record_attempt(
        &mut self,
        id: i64,
        now: NaiveDateTime,
        outcome: std::result::Result<u16, String>,
    ) -> Result<Attempt> {
        let attempts: Option<u32> = self
            .conn
            .query_row("SELECT attempts FROM deliveries WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| err(&self.path, "read a delivery", e))?;
        let attempts = attempts.unwrap_or(0) + 1;
        let (status, error) = match &outcome {
            Ok(s) => (
                Some(*s),
                (!(200..300).contains(s)).then(|| format!("HTTP {s}")),
            ),
            Err(e) => (None, Some(e.clone())),
        };
        let result = if error.is_none() {
            Attempt::Delivered
        } else if attempts >= MAX_ATTEMPTS {
            Attempt::GivenUp
        } else {
            Attempt::Retry(now + backoff(attempts))
        };
        let (next_at, delivered_at) = match result {
            Attempt::Delivered => (None, Some(stamp(now))),
            Attempt::GivenUp => (None, None),
            Attempt::Retry(at) => (Some(stamp(at)), None),
        };
        self.conn
            .execute(
                "UPDATE deliveries SET attempts = ?2, next_at = ?3, delivered_at = ?4, \
                 last_status = ?5, last_error = ?6 WHERE id = ?1",
                params![id, attempts, next_at, delivered_at, status, error],
            )
            .map_err(|e| err(&self.path, "record a delivery", e))?;
        Ok(result)
    }
}

/// What became of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Delivered,
    /// Failed; tried again at this time.
    Retry(NaiveDateTime),
    GivenUp,
}

/// Sends one delivery: the HTTP status of the answer, or why none came.
pub type Sender<'a> = dyn Fn(&Delivery, i64) -> std::result::Result<u16, String> + 'a;

/// Sends every delivery due at `now` through `send` (given the delivery
/// and the Unix timestamp to sign), recording each outcome. The workflow
/// is locked only to read and record, never while a request is out.
pub fn deliver_due(
    workflow: &std::sync::Mutex<Workflow>,
    now: NaiveDateTime,
    send: &Sender<'_>,
) -> Result<DeliveryReport> {
    let lock = || workflow.lock().unwrap_or_else(|p| p.into_inner());
    let due = lock().due_deliveries(now, 100)?;
    let mut report = DeliveryReport::default();
    for d in due {
        let outcome = send(&d, now.and_utc().timestamp());
        match lock().record_attempt(d.id, now, outcome)? {
            Attempt::Delivered => report.delivered += 1,
            Attempt::Retry(_) => report.failed += 1,
            Attempt::GivenUp => report.given_up += 1,
        }
    }
    Ok(report)
}

/// Sends deliveries over HTTP(S) with ureq, each within `timeout`.
/// Certificates are checked against the operating system's roots, so a
/// government intranet's own CA works once it is installed there.
pub fn http_sender(
    timeout: std::time::Duration,
) -> impl Fn(&Delivery, i64) -> std::result::Result<u16, String> + Send + Sync + 'static {
    use ureq::tls::{RootCerts, TlsConfig};
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::PlatformVerifier)
                .build(),
        )
        .build()
        .new_agent();
    move |d: &Delivery, timestamp: i64| {
        agent
            .post(&d.url)
            .header("Content-Type", "application/json")
            .header("User-Agent", "hotline-webhook")
            .header("X-Hotline-Event", &d.event)
            .header("X-Hotline-Delivery", d.id.to_string())
            .header("X-Hotline-Timestamp", timestamp.to_string())
            .header(
                "X-Hotline-Signature",
                signature(&d.secret, timestamp, &d.body),
            )
            .send(d.body.as_bytes())
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_half_a_minute_to_six_hours() {
        let secs: Vec<i64> = (1..=12).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(&secs[..5], &[30, 60, 120, 240, 480]);
        assert_eq!(*secs.last().unwrap(), 6 * 3600);
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // As `printf '1700000000.{}' | openssl dgst -sha256 -hmac key` gives it.
        assert_eq!(
            signature("key", 1700000000, "{}"),
            "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
        );
    }
}
