//! The loop's figures for a period, from the audit trail: what leadership's
//! briefing and the 红黑榜 count besides closure.
//!
//! For a period [start, end):
//!
//! - **派单** (dispatched): warnings sent to a department in the period (a
//!   `raise` routed to one, or an `assign`);
//! - **预警签收率** = of those, the share signed for by the period's end;
//! - **按期办结率** (of warnings) = warnings closed in the period on or
//!   before their deadline / (warnings closed in the period + warnings
//!   still open whose deadline passed before the period's end);
//! - **督办**: press events in the period, and the warnings pressed;
//! - **退回** and **复发**: return and recurrence events in the period;
//! - **派单准确率** of a department = 1 − its returns / the warnings sent to
//!   it, over the whole trail (a dispatch the department sends back was
//!   sent to the wrong one); also by department and category;
//! - **治理成效** = of the warnings closed at least 14 days before the
//!   period's end, the share that [`super::review`] judges 有效; computed by
//!   the report, which has the store (`report::weekly`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Workflow;
use super::db::err;
use crate::error::Result;

/// One department's part of the loop.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DepartmentFigures {
    pub department: String,
    pub dispatched: u64,
    pub signed: u64,
    pub closed: u64,
    pub closed_on_time: u64,
    pub overdue_open: u64,
    pub returned: u64,
    pub presses: u64,
    /// 1 − returns / dispatches over the whole trail.
    pub dispatch_accuracy: Option<f64>,
}

/// The loop in a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub dispatched: u64,
    pub signed: u64,
    pub sign_rate: Option<f64>,
    pub closed: u64,
    pub closed_on_time: u64,
    pub overdue_open: u64,
    pub on_time_rate: Option<f64>,
    pub presses: u64,
    pub pressed_warnings: u64,
    pub returned: u64,
    pub reopened: u64,
    pub departments: Vec<DepartmentFigures>,
    /// 派单准确率 by department and category over the whole trail:
    /// (department, category, dispatched, returned, accuracy).
    pub dispatch_by_category: Vec<(String, String, u64, u64, Option<f64>)>,
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

impl Workflow {
    /// The loop's figures for [start, end).
    pub fn figures(&self, start: NaiveDate, end: NaiveDate) -> Result<Figures> {
        let (s, e) = (start.to_string(), end.to_string());
        let q = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut st = self
                .conn
                .prepare(sql)
                .map_err(|x| err(&self.path, "count the loop", x))?;
            st.query_map(rusqlite::params![s, e], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    r.get::<_, i64>(1)? as u64,
                ))
            })
            .and_then(|rows| rows.collect())
            .map_err(|x| err(&self.path, "count the loop", x))
        };
        // Dates compare as text: events hold 'YYYY-MM-DD HH:MM:SS'.
        let dispatched = q("SELECT department, count(DISTINCT warning_id) FROM events \
             WHERE action IN ('raise', 'assign') AND to_state = 'assigned' AND at >= ?1 AND at < ?2 \
             GROUP BY department")?;
        let signed = q(
            "SELECT d.department, count(DISTINCT d.warning_id) FROM events d \
             WHERE d.action IN ('raise', 'assign') AND d.to_state = 'assigned' AND d.at >= ?1 AND d.at < ?2 \
             AND EXISTS (SELECT 1 FROM events s WHERE s.warning_id = d.warning_id AND s.action = 'sign' \
                         AND s.seq > d.seq AND s.at < ?2 AND s.department IS d.department) \
             GROUP BY d.department",
        )?;
        let closed = q(
            "SELECT department, count(*) FROM events WHERE action = 'close' AND at >= ?1 AND at < ?2 \
             GROUP BY department",
        )?;
        let on_time = q(
            "SELECT e.department, count(*) FROM events e JOIN warnings w ON w.id = e.warning_id \
             WHERE e.action = 'close' AND e.at >= ?1 AND e.at < ?2 AND substr(e.at, 1, 10) <= w.due \
             GROUP BY e.department",
        )?;
        let overdue = q("SELECT department, count(*) FROM warnings \
             WHERE state NOT IN ('closed', 'new', 'returned') AND due < ?2 AND ?1 <= ?2 \
             GROUP BY department")?;
        let presses = q(
            "SELECT department, count(*) FROM events WHERE action = 'press' AND at >= ?1 AND at < ?2 \
             GROUP BY department",
        )?;
        let pressed = q(
            "SELECT '', count(DISTINCT warning_id) FROM events WHERE action = 'press' AND at >= ?1 AND at < ?2",
        )?;
        let returned = q(
            "SELECT department, count(*) FROM events WHERE action = 'return' AND at >= ?1 AND at < ?2 \
             GROUP BY department",
        )?;
        let reopened =
            q("SELECT '', count(*) FROM events WHERE action = 'recur' AND at >= ?1 AND at < ?2")?;
        // Accuracy over the whole trail.
        let all_sent = q("SELECT department, count(*) FROM events \
             WHERE action IN ('raise', 'assign') AND to_state = 'assigned' AND ?1 <= ?2 GROUP BY department")?;
        let all_returned = q(
            "SELECT department, count(*) FROM events WHERE action = 'return' AND ?1 <= ?2 GROUP BY department",
        )?;

        let by_category = {
            let mut st = self
                .conn
                .prepare(
                    "SELECT e.department, coalesce(w.category, '-'), \
                     sum(e.action IN ('raise', 'assign') AND e.to_state = 'assigned'), \
                     sum(e.action = 'return') \
                     FROM events e JOIN warnings w ON w.id = e.warning_id \
                     WHERE e.department IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
                )
                .map_err(|x| err(&self.path, "count dispatches", x))?;
            st.query_map([], |r| {
                let (sent, back): (i64, i64) = (r.get(2)?, r.get(3)?);
                let (sent, back) = (sent as u64, back as u64);
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    sent,
                    back,
                    ratio(sent.saturating_sub(back), sent),
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|x| err(&self.path, "count dispatches", x))?
        };
        let mut by: BTreeMap<String, DepartmentFigures> = BTreeMap::new();
        let mut put = |rows: &[(String, u64)], f: fn(&mut DepartmentFigures, u64)| {
            for (d, n) in rows.iter().filter(|(d, _)| !d.is_empty()) {
                let e = by.entry(d.clone()).or_insert_with(|| DepartmentFigures {
                    department: d.clone(),
                    ..DepartmentFigures::default()
                });
                f(e, *n);
            }
        };
        put(&dispatched, |e, n| e.dispatched = n);
        put(&signed, |e, n| e.signed = n);
        put(&closed, |e, n| e.closed = n);
        put(&on_time, |e, n| e.closed_on_time = n);
        put(&overdue, |e, n| e.overdue_open = n);
        put(&presses, |e, n| e.presses = n);
        put(&returned, |e, n| e.returned = n);
        let sent: BTreeMap<&str, u64> = all_sent.iter().map(|(d, n)| (d.as_str(), *n)).collect();
        let back: BTreeMap<&str, u64> =
            all_returned.iter().map(|(d, n)| (d.as_str(), *n)).collect();
        for (d, f) in by.iter_mut() {
            let s = sent.get(d.as_str()).copied().unwrap_or(0);
            let r = back.get(d.as_str()).copied().unwrap_or(0);
            f.dispatch_accuracy = ratio(s.saturating_sub(r), s);
        }
        let sum = |rows: &[(String, u64)]| rows.iter().map(|(_, n)| n).sum::<u64>();
        let (closed_n, on_time_n, overdue_n) = (sum(&closed), sum(&on_time), sum(&overdue));
        Ok(Figures {
            dispatched: sum(&dispatched),
            signed: sum(&signed),
            sign_rate: ratio(sum(&signed), sum(&dispatched)),
            closed: closed_n,
            closed_on_time: on_time_n,
            overdue_open: overdue_n,
            on_time_rate: ratio(on_time_n, closed_n + overdue_n),
            presses: sum(&presses),
            pressed_warnings: sum(&pressed),
            returned: sum(&returned),
            reopened: sum(&reopened),
            departments: by.into_values().collect(),
            dispatch_by_category: by_category,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{Act, Role};

    fn at(d: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 6, d)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn the_week_counts_dispatch_signing_closing_on_time_presses_and_returns() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Workflow::open(&dir.path().join("w.sqlite")).unwrap();
        w.set_password_cost(1024, 1);
        let centre = w
            .add_user("c", Role::Centre, None, "password", at(1))
            .unwrap();
        let cg = w
            .add_user("cg", Role::Department, Some("城管局"), "password", at(1))
            .unwrap();
        let jy = w
            .add_user("jy", Role::Department, Some("教育局"), "password", at(1))
            .unwrap();
        let mut alerts = Vec::new();
        for (i, title) in ["甲小区", "乙小区", "丙小区"].iter().enumerate() {
            let mut a: crate::detect::alert::Alert = serde_json::from_str(&format!(
                r#"{{"id":"cc-{i}","kind":"class_case","status":"new","severity":"red","first_seen":"2024-06-03","last_seen":"2024-06-03","window_start":"2024-06-03","window_end":"2024-06-03","category":"城市管理","category_l2":null,"district":"高新区","street":null,"location":"{title}","observed":9,"expected":1.0,"score":1.0,"p_value":0.001,"title":"{title}类案","keywords":[],"department":"城管局","ticket_ids":[],"caller_count":3}}"#
            ))
            .unwrap();
            a.title = format!("{title}类案");
            alerts.push(a);
        }
        w.sync(&alerts, NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(), at(3))
            .unwrap();
        // cc-0: signed and closed on time; cc-1: returned, reassigned, pressed; cc-2: left.
        w.act(&cg, "cc-0", &Act::Sign, at(4)).unwrap();
        w.act(&cg, "cc-0", &Act::Close { reply: "ok".into() }, at(5))
            .unwrap();
        w.act(
            &cg,
            "cc-1",
            &Act::Return {
                reason: "非本单位".into(),
            },
            at(4),
        )
        .unwrap();
        let assign = Act::Assign {
            department: "教育局".into(),
            reason: "退回属实".into(),
        };
        w.act(&centre, "cc-1", &assign, at(5)).unwrap();
        w.act(
            &centre,
            "cc-1",
            &Act::Press {
                note: "请签收".into(),
            },
            at(9),
        )
        .unwrap();
        let _ = jy;
        let f = w
            .figures(
                NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(),
                NaiveDate::from_ymd_opt(2024, 6, 10).unwrap(),
            )
            .unwrap();
        assert_eq!(
            (f.dispatched, f.signed),
            (4, 1),
            "3 raised to 城管局, 1 reassigned"
        );
        assert_eq!(f.sign_rate, Some(0.25));
        // Red: 3 days. cc-0 closed on time; cc-2 (due 6 June) and cc-1 (due 8 June) are overdue.
        assert_eq!((f.closed, f.closed_on_time, f.overdue_open), (1, 1, 2));
        assert_eq!(f.on_time_rate, Some(1.0 / 3.0));
        assert_eq!((f.presses, f.pressed_warnings, f.returned), (1, 1, 1));
        let cg_f = f
            .departments
            .iter()
            .find(|d| d.department == "城管局")
            .unwrap();
        assert_eq!(cg_f.dispatch_accuracy, Some(2.0 / 3.0));
        let jy_f = f
            .departments
            .iter()
            .find(|d| d.department == "教育局")
            .unwrap();
        assert_eq!(
            (jy_f.dispatched, jy_f.presses, jy_f.overdue_open),
            (1, 1, 1)
        );
    }
}
