//! Warnings and their transitions.
//!
//! ```text
//!            sync (detect, run)           sign            close (reply)
//!  new ──assign──► assigned ───────────────► signed ───────────────► closed
//!   ▲                │  ▲ reassign             │                       │
//!   │ return         │  └────────────────────  │                       │ the problem is
//!   └── returned ◄───┴──── return (reason) ◄───┘                       │ found again
//!                                                                      ▼
//!                                     reopened (复发) ──sign──► signed …
//! ```
//!
//! The centre assigns (派单) and reassigns (改派, with a reason) and
//! presses (督办) on open warnings; a department signs (签收), replies
//! (what is being done, the warning staying open), closes (办结, with its
//! reply) or returns (退回: not ours, with a reason) what is routed to it; an analyst reads. Every transition is a row of `events`, which
//! triggers keep append-only. A warning's deadline follows its severity
//! (3, 5, 7 days, as the notices say) from the day it was raised or
//! reassigned.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Workflow;
use super::db::err;
use super::users::{Role, User};
use crate::detect::alert::{Alert, AlertKind, Severity};
use crate::error::{Error, Result};

/// Where a warning stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Raised, routed to no department yet (待派单).
    New,
    /// Sent to a department, not signed for (待签收).
    Assigned,
    /// The department has it in hand (已签收).
    Signed,
    /// Answered and closed (已办结).
    Closed,
    /// Sent back by the department as not its own (已退回): the centre
    /// reassigns it.
    Returned,
    /// Closed, then found again (复发).
    Reopened,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Assigned => "assigned",
            State::Signed => "signed",
            State::Closed => "closed",
            State::Returned => "returned",
            State::Reopened => "reopened",
        }
    }

    /// 待派单 / 待签收 / 已签收 / 已办结 / 已退回 / 复发.
    pub fn label(self) -> &'static str {
        match self {
            State::New => "待派单",
            State::Assigned => "待签收",
            State::Signed => "已签收",
            State::Closed => "已办结",
            State::Returned => "已退回",
            State::Reopened => "复发",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        [
            State::New,
            State::Assigned,
            State::Signed,
            State::Closed,
            State::Returned,
            State::Reopened,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// Still waiting on someone.
    pub fn is_open(self) -> bool {
        self != State::Closed
    }
}

/// A transition a user asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Centre: send to a department (派单, or 改派 with a reason).
    Assign { department: String, reason: String },
    /// Department: sign for it (签收).
    Sign,
    /// Department: what is being done, without closing (办理情况).
    Reply { text: String },
    /// Department: what was done, and close it (办结).
    Close { reply: String },
    /// Department: not ours (退回), and why.
    Return { reason: String },
    /// Centre: press on it (督办), with a note.
    Press { note: String },
}

impl Act {
    fn name(&self) -> &'static str {
        match self {
            Act::Assign { .. } => "assign",
            Act::Sign => "sign",
            Act::Reply { .. } => "reply",
            Act::Close { .. } => "close",
            Act::Return { .. } => "return",
            Act::Press { .. } => "press",
        }
    }
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub id: String,
    pub kind: AlertKind,
    pub severity: Severity,
    pub title: String,
    pub category: Option<String>,
    pub district: Option<String>,
    pub location: Option<String>,
    pub department: Option<String>,
    pub state: State,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
    pub due: NaiveDate,
    pub presses: u32,
    pub recurrences: u32,
    pub closed_on: Option<NaiveDate>,
    pub reply: Option<String>,
    /// The latest alert behind it.
    pub alert: Alert,
    /// The number of its latest audit row: a form or API call that says
    /// which version it saw is refused as a conflict when another
    /// transition came in between ([`Workflow::act_seen`]).
    pub version: i64,
}

impl Warning {
    /// Open and past its deadline on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.state.is_open() && self.state != State::New && today > self.due
    }
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub department: Option<String>,
    pub note: Option<String>,
}

/// What [`Workflow::sync`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub raised: usize,
    pub updated: usize,
    pub reopened: usize,
}

/// Which warnings a list shows (all when empty).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<State>,
    pub kind: Option<AlertKind>,
    pub severity: Option<Severity>,
    pub department: Option<String>,
    pub district: Option<String>,
    /// Words the title must hold.
    pub search: Option<String>,
    /// Raised on or after / on or before.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What a warning is about, to know it again when a closed problem comes
/// back under another alert id: the cell of a surge, the word of an
/// emerging term, the place and problem of a class case or repeat caller.
pub fn subject(a: &Alert) -> String {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    match a.kind {
        AlertKind::Surge => format!(
            "{}|{}|{}",
            o(&a.category),
            o(&a.category_l2),
            o(&a.district)
        ),
        AlertKind::EmergingTerm => a.keywords.first().cloned().unwrap_or_default(),
        AlertKind::ClassCase | AlertKind::RepeatCaller => format!(
            "{}|{}|{}",
            o(&a.district),
            o(&a.location),
            o(&a.category_l2.clone().or_else(|| a.category.clone()))
        ),
    }
}

const COLUMNS: &str = "id, state, department, due, presses, recurrences, closed_on, reply, alert, \
                       first_seen, last_seen, severity, title, \
                       (SELECT coalesce(max(seq), 0) FROM events WHERE events.warning_id = warnings.id)";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn warning_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Warning> {
    let alert: String = r.get(8)?;
    let alert: Alert = serde_json::from_str(&alert).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let state: String = r.get(1)?;
    let severity: String = r.get(11)?;
    Ok(Warning {
        id: r.get(0)?,
        kind: alert.kind,
        severity: severity.parse().unwrap_or(alert.severity),
        title: r.get(12)?,
        category: alert.category.clone(),
        district: alert.district.clone(),
        location: alert.location.clone(),
        department: r.get(2)?,
        state: State::parse(&state).unwrap_or(State::New),
        first_seen: day(&r.get::<_, String>(9)?),
        last_seen: day(&r.get::<_, String>(10)?),
        due: day(&r.get::<_, String>(3)?),
        presses: r.get(4)?,
        recurrences: r.get(5)?,
        closed_on: r.get::<_, Option<String>>(6)?.map(|d| day(&d)),
        reply: r.get(7)?,
        version: r.get(13)?,
        alert,
    })
}

impl Workflow {
    /// Brings the warnings up to date with the alerts of a detection run on
    /// `day`: a new problem becomes a warning (assigned to the department
    /// its alert is routed to, else waiting for the centre); a known one
    /// takes the alert's latest figures; a closed one found again after it
    /// was closed is reopened (复发), never raised twice.
    pub fn sync(
        &mut self,
        alerts: &[Alert],
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<SyncReport> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| err(&path, "begin a sync", e))?;
        let mut report = SyncReport::default();
        for a in alerts
            .iter()
            .filter(|a| a.status != crate::detect::alert::Status::Closed)
        {
            let subj = subject(a);
            let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
            let by_id: Option<(String, String, Option<String>)> = tx
                .query_row(
                    "SELECT id, state, closed_on FROM warnings WHERE id = ?1",
                    [&a.id],
                    row,
                )
                .optional()
                .map_err(|e| err(&path, "find a warning", e))?;
            let known = match by_id {
                Some(k) => Some(k),
                // The same problem under another alert id: the latest one.
                None => tx
                    .query_row(
                        "SELECT id, state, closed_on FROM warnings WHERE kind = ?1 AND subject = ?2 \
                         ORDER BY last_seen DESC, id LIMIT 1",
                        params![a.kind.as_str(), subj],
                        row,
                    )
                    .optional()
                    .map_err(|e| err(&path, "find a warning", e))?,
            };
            let json = serde_json::to_string(a).expect("alerts serialize");
            match known {
                None => {
                    let (state, dept) = match &a.department {
                        Some(d) => (State::Assigned, Some(d.as_str())),
                        None => (State::New, None),
                    };
                    tx.execute(
                        "INSERT INTO warnings (id, kind, subject, severity, title, category, district, location, \
                         department, state, first_seen, last_seen, due, alert) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                        params![
                            a.id,
                            a.kind.as_str(),
                            subj,
                            a.severity.as_str(),
                            a.title,
                            a.category,
                            a.district,
                            a.location,
                            dept,
                            state.as_str(),
                            a.first_seen.to_string(),
                            a.last_seen.to_string(),
                            (day + Duration::days(a.severity.reply_days())).to_string(),
                            json
                        ],
                    )
                    .map_err(|e| err(&path, "add a warning", e))?;
                    record(
                        &tx, &path, &a.id, now, "detect", "raise", None, state, dept, None,
                    )?;
                    report.raised += 1;
                }
                Some((id, state, closed_on)) => {
                    let state = State::parse(&state).unwrap_or(State::New);
                    let closed_before = closed_on.is_some_and(|c| a.last_seen > self::day(&c));
                    if state == State::Closed && closed_before {
                        // The problem is back after it was closed: 复发.
                        let dept: Option<String> = tx
                            .query_row(
                                "SELECT department FROM warnings WHERE id = ?1",
                                [&id],
                                |r| r.get(0),
                            )
                            .map_err(|e| err(&path, "read a warning", e))?;
                        tx.execute(
                            "UPDATE warnings SET state = 'reopened', recurrences = recurrences + 1, \
                             severity = ?2, title = ?3, last_seen = ?4, due = ?5, alert = ?6, closed_on = NULL \
                             WHERE id = ?1",
                            params![
                                id,
                                a.severity.as_str(),
                                a.title,
                                a.last_seen.to_string(),
                                (day + Duration::days(a.severity.reply_days())).to_string(),
                                json
                            ],
                        )
                        .map_err(|e| err(&path, "reopen a warning", e))?;
                        record(
                            &tx,
                            &path,
                            &id,
                            now,
                            "detect",
                            "recur",
                            Some(State::Closed),
                            State::Reopened,
                            dept.as_deref(),
                            Some(&format!("{}（{}）", a.title, a.id)),
                        )?;
                        report.reopened += 1;
                    } else if state != State::Closed {
                        tx.execute(
                            "UPDATE warnings SET severity = ?2, title = ?3, last_seen = max(last_seen, ?4), alert = ?5 \
                             WHERE id = ?1",
                            params![id, a.severity.as_str(), a.title, a.last_seen.to_string(), json],
                        )
                        .map_err(|e| err(&path, "update a warning", e))?;
                        report.updated += 1;
                    }
                }
            }
        }
        crate::store::failpoint("sync");
        tx.commit().map_err(|e| err(&path, "commit a sync", e))?;
        Ok(report)
    }

    /// The warnings `viewer` may see that pass `filter`, the gravest and
    /// most overdue first. A department sees only its own.
    pub fn warnings(&self, viewer: &User, filter: &Filter) -> Result<Vec<Warning>> {
        let mut sql = format!("SELECT {COLUMNS} FROM warnings WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        let mut add = |cond: &str, v: String| {
            args.push(v);
            sql.push_str(&format!(" AND {cond} ?{}", args.len()));
        };
        if viewer.role == Role::Department {
            add(
                "department =",
                viewer.department.clone().unwrap_or_default(),
            );
        }
        if let Some(s) = filter.state {
            add("state =", s.as_str().into());
        }
        if let Some(k) = filter.kind {
            add("kind =", k.as_str().into());
        }
        if let Some(s) = filter.severity {
            add("severity =", s.as_str().into());
        }
        if let Some(d) = &filter.department {
            add("department =", d.clone());
        }
        if let Some(d) = &filter.district {
            add("district =", d.clone());
        }
        if let Some(q) = filter.search.as_deref().filter(|q| !q.trim().is_empty()) {
            // title LIKE '%' || 'words%': the words anywhere in the title.
            add(
                "title LIKE '%' ||",
                format!("{}%", q.trim().replace(['%', '_'], "")),
            );
        }
        if let Some(d) = filter.from {
            add("first_seen >=", d.to_string());
        }
        if let Some(d) = filter.to {
            add("first_seen <=", d.to_string());
        }
        sql.push_str(
            " ORDER BY state = 'closed', CASE severity WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, due, id",
        );
        let mut st = self
            .conn
            .prepare(&sql)
            .map_err(|e| err(&self.path, "list warnings", e))?;
        st.query_map(rusqlite::params_from_iter(args.iter()), warning_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| err(&self.path, "list warnings", e))
    }

    /// One warning and its history, if `viewer` may see it.
    pub fn warning(&self, viewer: &User, id: &str) -> Result<Option<(Warning, Vec<Event>)>> {
        let Some(w) = read(&self.conn, &self.path, id)?.filter(|w| may_see(viewer, w)) else {
            return Ok(None);
        };
        let mut st = self
            .conn
            .prepare(
                "SELECT seq, at, actor, action, from_state, to_state, department, note \
                 FROM events WHERE warning_id = ?1 ORDER BY seq",
            )
            .map_err(|e| err(&self.path, "read the history", e))?;
        let events = st
            .query_map([id], |r| {
                Ok(Event {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    from_state: r.get(4)?,
                    to_state: r.get(5)?,
                    department: r.get(6)?,
                    note: r.get(7)?,
                })
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| err(&self.path, "read the history", e))?;
        Ok(Some((w, events)))
    }

    /// The warnings closed on days in [from, to), for review.
    pub fn closed_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Warning>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM warnings WHERE state = 'closed' AND closed_on >= ?1 AND closed_on < ?2 ORDER BY closed_on, id"
            ))
            .map_err(|e| err(&self.path, "list closed warnings", e))?;
        st.query_map(params![from.to_string(), to.to_string()], warning_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| err(&self.path, "list closed warnings", e))
    }

    /// The warning an alert belongs to (by its id, else the same problem),
    /// whoever asks: what a notice shows of its workflow state.
    pub fn warning_of(&self, a: &Alert) -> Result<Option<Warning>> {
        let by_id = read(&self.conn, &self.path, &a.id)?;
        if by_id.is_some() {
            return Ok(by_id);
        }
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM warnings WHERE kind = ?1 AND subject = ?2 ORDER BY last_seen DESC, id LIMIT 1"
                ),
                params![a.kind.as_str(), subject(a)],
                warning_row,
            )
            .optional()
            .map_err(|e| err(&self.path, "read a warning", e))
    }

    /// The transitions `viewer` may make on `w` now.
    pub fn allowed(viewer: &User, w: &Warning) -> Vec<&'static str> {
        use State::*;
        match viewer.role {
            Role::Analyst => vec![],
            Role::Centre => {
                let mut v = vec![];
                if w.state != Closed {
                    v.push("assign");
                }
                if matches!(w.state, Assigned | Signed | Reopened) {
                    v.push("press");
                }
                v
            }
            Role::Department if may_see(viewer, w) => match w.state {
                Assigned | Reopened => vec!["sign", "return"],
                Signed => vec!["reply", "close", "return"],
                _ => vec![],
            },
            Role::Department => vec![],
        }
    }

    /// Makes `act` on warning `id` as `viewer`, if the role and the state
    /// allow it, and records it; returns the warning as it now stands.
    pub fn act(
        &mut self,
        viewer: &User,
        id: &str,
        act: &Act,
        now: NaiveDateTime,
    ) -> Result<Warning> {
        self.act_seen(viewer, id, act, None, now)
    }

    /// [`Workflow::act`] by someone who saw the warning at `seen` (its
    /// [`Warning::version`]): when another transition came in between, the
    /// act is refused with [`Error::Conflict`] saying what it was, instead
    /// of being made on a warning its author has not seen. The read and the
    /// write are one immediate transaction, so two processes acting at once
    /// cannot both pass the check.
    pub fn act_seen(
        &mut self,
        viewer: &User,
        id: &str,
        act: &Act,
        seen: Option<i64>,
        now: NaiveDateTime,
    ) -> Result<Warning> {
        let refuse = |message: String| Error::Input {
            what: format!("warning {id}"),
            message,
        };
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| err(&path, "begin a transition", e))?;
        let Some(w) = read(&tx, &path, id)?.filter(|w| may_see(viewer, w)) else {
            return Err(refuse("no such warning, or not routed to you".into()));
        };
        if let Some(seen) = seen
            && seen != w.version
        {
            let (actor, action): (String, String) = tx
                .query_row(
                    "SELECT actor, action FROM events WHERE seq = ?1",
                    [w.version],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|e| err(&path, "read the history", e))?;
            return Err(Error::Conflict {
                what: format!("warning {id}"),
                message: format!(
                    "{actor} made it `{action}` in the meantime, and it is now {}",
                    w.state.label()
                ),
            });
        }
        if !Self::allowed(viewer, &w).contains(&act.name()) {
            return Err(refuse(format!(
                "{} ({}) cannot {} a warning that is {}",
                viewer.name,
                viewer.role.label(),
                act.name(),
                w.state.label()
            )));
        }
        let need = |text: &str, what: &str| -> Result<String> {
            let t = text.trim();
            if t.is_empty() {
                Err(refuse(format!("{what} is required")))
            } else {
                Ok(t.to_string())
            }
        };
        let today = now.date();
        let (to, dept, note): (State, Option<String>, Option<String>) = match act {
            Act::Assign { department, reason } => {
                let department = need(department, "the department")?;
                // A first assignment needs no reason; a reassignment does.
                let reassign = w.department.is_some() || w.state == State::Returned;
                let note = if reassign {
                    Some(need(reason, "the reason for reassigning (改派原因)")?)
                } else {
                    Some(reason.trim().to_string()).filter(|r| !r.is_empty())
                };
                (State::Assigned, Some(department), note)
            }
            Act::Sign => (State::Signed, w.department.clone(), None),
            Act::Reply { text } => (
                State::Signed,
                w.department.clone(),
                Some(need(text, "the reply (办理情况)")?),
            ),
            Act::Close { reply } => (
                State::Closed,
                w.department.clone(),
                Some(need(reply, "the reply (办理情况)")?),
            ),
            Act::Return { reason } => (
                State::Returned,
                None,
                Some(need(reason, "the reason for returning it (退回原因)")?),
            ),
            // Each press raises the level (第 N 次督办), shown in the trail.
            Act::Press { note } => (
                w.state,
                w.department.clone(),
                Some(format!(
                    "第{}次督办：{}",
                    w.presses + 1,
                    need(note, "a note (督办意见)")?
                )),
            ),
        };
        match act {
            Act::Assign { .. } => tx.execute(
                "UPDATE warnings SET state = 'assigned', department = ?2, due = ?3 WHERE id = ?1",
                params![
                    id,
                    dept,
                    (today + Duration::days(w.severity.reply_days())).to_string()
                ],
            ),
            Act::Sign => tx.execute("UPDATE warnings SET state = 'signed' WHERE id = ?1", [id]),
            Act::Close { .. } => tx.execute(
                "UPDATE warnings SET state = 'closed', closed_on = ?2, reply = ?3 WHERE id = ?1",
                params![id, today.to_string(), note],
            ),
            Act::Return { .. } => tx.execute(
                "UPDATE warnings SET state = 'returned', department = NULL WHERE id = ?1",
                [id],
            ),
            Act::Press { .. } => tx.execute(
                "UPDATE warnings SET presses = presses + 1 WHERE id = ?1",
                [id],
            ),
            Act::Reply { .. } => tx.execute(
                "UPDATE warnings SET reply = ?2 WHERE id = ?1",
                params![id, note],
            ),
        }
        .map_err(|e| err(&path, "change a warning", e))?;
        // A return keeps, in its event, the department that sent it back.
        let event_dept = if matches!(act, Act::Return { .. }) {
            w.department.clone()
        } else {
            dept.clone()
        };
        record(
            &tx,
            &path,
            id,
            now,
            &viewer.name,
            act.name(),
            Some(w.state),
            to,
            event_dept.as_deref(),
            note.as_deref(),
        )?;
        // As it now stands, even when the act took it out of the viewer's sight.
        let done = read(&tx, &path, id)?;
        tx.commit()
            .map_err(|e| err(&path, "commit a transition", e))?;
        done.ok_or_else(|| refuse("it vanished during the transition".into()))
    }
}

/// Warning `id` as the database holds it, whoever asks.
pub(super) fn read(conn: &Connection, path: &std::path::Path, id: &str) -> Result<Option<Warning>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM warnings WHERE id = ?1"),
        [id],
        warning_row,
    )
    .optional()
    .map_err(|e| err(path, "read a warning", e))
}

/// Whether `viewer` may see `w`: a department only what is routed to it.
pub fn may_see(viewer: &User, w: &Warning) -> bool {
    match viewer.role {
        Role::Centre | Role::Analyst => true,
        Role::Department => w.department.is_some() && w.department == viewer.department,
    }
}

#[allow(clippy::too_many_arguments)]
fn record(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    id: &str,
    now: NaiveDateTime,
    actor: &str,
    action: &str,
    from: Option<State>,
    to: State,
    department: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO events (warning_id, at, actor, action, from_state, to_state, department, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            now.format("%Y-%m-%d %H:%M:%S").to_string(),
            actor,
            action,
            from.map(State::as_str),
            to.as_str(),
            department,
            note
        ],
    )
    .map_err(|e| err(path, "record a transition", e))?;
    // A warning newly routed to a department, or back after closing, is
    // sent to the department's webhooks.
    let event = match action {
        "raise" | "assign" => Some("assigned"),
        "recur" => Some("reopened"),
        _ => None,
    };
    if let (Some(event), Some(dept)) = (event, department) {
        super::webhooks::enqueue(tx, path, dept, id, event, now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::alert::Status;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        d(s).and_hms_opt(10, 0, 0).unwrap()
    }

    fn alert(id: &str, day: &str, dept: Option<&str>) -> Alert {
        Alert {
            id: id.into(),
            kind: AlertKind::ClassCase,
            status: Status::New,
            severity: Severity::Orange,
            first_seen: d(day),
            last_seen: d(day),
            window_start: d(day),
            window_end: d(day),
            category: Some("城市管理".into()),
            category_l2: Some("占道经营".into()),
            district: Some("高新区".into()),
            street: None,
            location: Some("荷塘月色".into()),
            observed: 11,
            expected: 1.0,
            score: 5.0,
            p_value: 1e-5,
            title: "荷塘月色烧烤摊油烟类案".into(),
            keywords: vec!["烧烤摊".into()],
            department: dept.map(String::from),
            ticket_ids: vec!["1".into(), "2".into()],
            caller_count: 2,
            closed_on: None,
        }
    }

    fn users(w: &Workflow) -> (User, User, User, User) {
        let now = at("2024-05-01");
        (
            w.add_user("centre", Role::Centre, None, "centre-pass", now)
                .unwrap(),
            w.add_user(
                "cg",
                Role::Department,
                Some("市城市管理局"),
                "cg-pass-1",
                now,
            )
            .unwrap(),
            w.add_user("jy", Role::Department, Some("市教育局"), "jy-pass-1", now)
                .unwrap(),
            w.add_user("ana", Role::Analyst, None, "analyst-pass", now)
                .unwrap(),
        )
    }

    #[test]
    fn a_warning_goes_round_the_loop_and_comes_back_as_a_recurrence() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Workflow::open(&dir.path().join("w.sqlite")).unwrap();
        w.set_password_cost(1024, 1);
        let (centre, cg, jy, ana) = users(&w);
        // Detection raises it, routed to 城管; raising twice is one warning.
        let a = alert("class-case-1", "2024-05-31", Some("市城市管理局"));
        let r = w
            .sync(std::slice::from_ref(&a), d("2024-05-31"), at("2024-05-31"))
            .unwrap();
        assert_eq!(r.raised, 1);
        let r = w
            .sync(std::slice::from_ref(&a), d("2024-06-01"), at("2024-06-01"))
            .unwrap();
        assert_eq!((r.raised, r.updated), (0, 1));
        // Only the department it is routed to sees it; the analyst reads it.
        let all = Filter::default();
        assert_eq!(w.warnings(&cg, &all).unwrap().len(), 1);
        assert!(w.warnings(&jy, &all).unwrap().is_empty());
        assert!(w.warning(&jy, "class-case-1").unwrap().is_none());
        assert_eq!(w.warnings(&ana, &all).unwrap().len(), 1);
        let first = &w.warnings(&centre, &all).unwrap()[0];
        assert_eq!(first.state, State::Assigned);
        assert_eq!(first.due, d("2024-06-05"), "orange: 5 days");
        assert!(first.overdue(d("2024-06-06")) && !first.overdue(d("2024-06-05")));
        // Nobody acts out of turn: another department, the analyst, a close before signing.
        assert!(
            w.act(&jy, "class-case-1", &Act::Sign, at("2024-06-01"))
                .is_err()
        );
        assert!(
            w.act(&ana, "class-case-1", &Act::Sign, at("2024-06-01"))
                .is_err()
        );
        let e = w
            .act(
                &cg,
                "class-case-1",
                &Act::Close { reply: "x".into() },
                at("2024-06-01"),
            )
            .unwrap_err();
        assert!(e.to_string().contains("cannot close"), "{e}");
        // 退回 → 改派 (a reason is required) → 签收 → 督办 → 办结.
        let e = w
            .act(
                &cg,
                "class-case-1",
                &Act::Return { reason: " ".into() },
                at("2024-06-01"),
            )
            .unwrap_err();
        assert!(e.to_string().contains("退回原因"), "{e}");
        let back = w
            .act(
                &cg,
                "class-case-1",
                &Act::Return {
                    reason: "属教育局职责".into(),
                },
                at("2024-06-01"),
            )
            .unwrap();
        assert_eq!(
            (back.state, back.department.as_deref()),
            (State::Returned, None)
        );
        assert!(
            w.warnings(&cg, &all).unwrap().is_empty(),
            "returned: no longer 城管's"
        );
        let assign = |dept: &str, reason: &str| Act::Assign {
            department: dept.into(),
            reason: reason.into(),
        };
        assert!(
            w.act(
                &centre,
                "class-case-1",
                &assign("市教育局", ""),
                at("2024-06-02")
            )
            .is_err()
        );
        let re = w
            .act(
                &centre,
                "class-case-1",
                &assign("市教育局", "退回属实"),
                at("2024-06-02"),
            )
            .unwrap();
        assert_eq!(
            re.due,
            d("2024-06-07"),
            "the deadline runs from the reassignment"
        );
        w.act(&jy, "class-case-1", &Act::Sign, at("2024-06-02"))
            .unwrap();
        let pressed = w
            .act(
                &centre,
                "class-case-1",
                &Act::Press {
                    note: "请加快".into(),
                },
                at("2024-06-03"),
            )
            .unwrap();
        assert_eq!((pressed.presses, pressed.state), (1, State::Signed));
        let closed = w
            .act(
                &jy,
                "class-case-1",
                &Act::Close {
                    reply: "已取缔烧烤摊".into(),
                },
                at("2024-06-04"),
            )
            .unwrap();
        assert_eq!(closed.state, State::Closed);
        assert_eq!(closed.closed_on, Some(d("2024-06-04")));
        // The same problem found again after closing, under a new alert id: 复发.
        let again = alert("class-case-2", "2024-06-10", Some("市城市管理局"));
        let r = w.sync(&[again], d("2024-06-10"), at("2024-06-10")).unwrap();
        assert_eq!((r.raised, r.reopened), (0, 1));
        let (w1, history) = w.warning(&centre, "class-case-1").unwrap().unwrap();
        assert_eq!((w1.state, w1.recurrences), (State::Reopened, 1));
        let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "raise", "return", "assign", "sign", "press", "close", "recur"
            ]
        );
        assert_eq!(history[1].department.as_deref(), Some("市城市管理局"));
        assert_eq!(history[1].note.as_deref(), Some("属教育局职责"));
        // The audit trail cannot be changed.
        let conn = rusqlite::Connection::open(w.path()).unwrap();
        assert!(conn.execute("DELETE FROM events", []).is_err());
        assert!(conn.execute("UPDATE events SET actor = 'x'", []).is_err());
    }

    #[test]
    fn unrouted_warnings_wait_for_the_centre_and_filters_apply() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Workflow::open(&dir.path().join("w.sqlite")).unwrap();
        w.set_password_cost(1024, 1);
        let (centre, cg, _, _) = users(&w);
        let mut surge = alert("surge-1", "2024-05-31", None);
        surge.kind = AlertKind::Surge;
        surge.severity = Severity::Red;
        surge.title = "「城市管理」高新区工单激增".into();
        let case = alert("class-case-1", "2024-05-30", Some("市城市管理局"));
        w.sync(&[surge, case], d("2024-05-31"), at("2024-05-31"))
            .unwrap();
        let all = w.warnings(&centre, &Filter::default()).unwrap();
        assert_eq!(all[0].id, "surge-1", "red first");
        assert_eq!(all[0].state, State::New);
        assert_eq!(Workflow::allowed(&cg, &all[0]), Vec::<&str>::new());
        assert_eq!(Workflow::allowed(&centre, &all[0]), ["assign"]);
        let only = |f: Filter| {
            w.warnings(&centre, &f)
                .unwrap()
                .into_iter()
                .map(|x| x.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            only(Filter {
                kind: Some(AlertKind::ClassCase),
                ..Filter::default()
            }),
            ["class-case-1"]
        );
        assert_eq!(
            only(Filter {
                search: Some("激增".into()),
                ..Filter::default()
            }),
            ["surge-1"]
        );
        assert_eq!(
            only(Filter {
                state: Some(State::New),
                severity: Some(Severity::Red),
                ..Filter::default()
            }),
            ["surge-1"]
        );
    }
}
