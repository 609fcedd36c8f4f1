//! The alert lifecycle: one alert per problem, `new` → `ongoing` → `closed`,
//! kept in the store so that each day's run updates yesterday's alerts
//! instead of raising new ones.
//!
//! ```text
//! STORE/alerts/state.json    every open alert and those closed lately
//! STORE/alerts/.lock         held while a run updates the state
//! ```
//!
//! A finding of today's run continues a stored open alert when
//!
//! - it has the same id (detectors hash the cell or the first ticket and
//!   the start of the episode); or
//! - it is of the same kind and about the same thing: a surge or an
//!   emerging term with the same cell or word, last seen within
//!   `close_after_days` (a surge that pauses a day and comes back is the same
//!   problem); a class case or repeat caller sharing at least half of the
//!   smaller ticket list (a cluster whose first ticket left the window).
//!
//! `first_seen` is the first day of the problem in the data (the episode's
//! start, the first ticket), `last_seen` the day of the latest run that
//! raised it. The continued alert keeps its id and `first_seen` and becomes
//! `ongoing`.
//! A stored alert not found again stays `ongoing` (its last figures) until
//! it has not been seen for `close_after_days`; then it is `closed` and
//! reported once more with `closed_on`, so that consumers see it end.
//! Closed alerts are kept [`KEEP_CLOSED_DAYS`] days for `hotline explain`.
//!
//! The state is written to a temporary file, synced and renamed over the
//! old one, so a crash leaves the old or the new state, never half of one.
//! A run as of a day before the stored run reads the state but does not
//! change it (a look back must not reopen or close today's alerts).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::detect::alert::{Alert, AlertKind, Status};
use crate::error::{Error, Result};

/// Days a closed alert is kept in the state.
pub const KEEP_CLOSED_DAYS: i64 = 90;
/// File of the state inside the store.
pub const STATE_FILE: &str = "alerts/state.json";

/// The stored alerts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    /// Day of the latest run that updated the state.
    pub last_run: Option<NaiveDate>,
    pub alerts: Vec<Alert>,
}

/// What a run reports and what the state becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Open alerts (new and ongoing) and those closed by this run.
    pub alerts: Vec<Alert>,
    pub state: State,
    /// False when the run looked back before the stored run.
    pub changed: bool,
    /// The findings of the run that became alerts, as indices into
    /// `found`, in order: `alerts` begins with them.
    pub kept: Vec<usize>,
    /// New findings held back by the alert budget (raised on a later day
    /// if they hold).
    pub held_back: usize,
}

fn ticket_overlap(a: &Alert, b: &Alert) -> bool {
    let small = a.ticket_ids.len().min(b.ticket_ids.len());
    if small == 0 {
        return false;
    }
    let ids: BTreeSet<&str> = a.ticket_ids.iter().map(String::as_str).collect();
    let shared = b
        .ticket_ids
        .iter()
        .filter(|t| ids.contains(t.as_str()))
        .count();
    2 * shared >= small
}

/// The thing an alert is about, for surges and emerging terms.
fn subject(a: &Alert) -> String {
    match a.kind {
        AlertKind::EmergingTerm => a.keywords.first().cloned().unwrap_or_default(),
        _ => format!(
            "{}|{}|{}",
            a.category.as_deref().unwrap_or(""),
            a.category_l2.as_deref().unwrap_or(""),
            a.district.as_deref().unwrap_or("")
        ),
    }
}

fn continues(found: &Alert, stored: &Alert, as_of: NaiveDate, close_after_days: i64) -> bool {
    if found.id == stored.id {
        return true;
    }
    if found.kind != stored.kind {
        return false;
    }
    match found.kind {
        AlertKind::Surge | AlertKind::EmergingTerm => {
            subject(found) == subject(stored)
                && as_of - stored.last_seen <= Duration::days(close_after_days)
        }
        _ => ticket_overlap(found, stored),
    }
}

/// Applies today's findings to the stored state. At most `max_new` of
/// them become new alerts (the alert budget: red before orange before
/// yellow, then the most significant); the others are held back, and come
/// again on a later day if they hold.
pub fn update(
    prev: &State,
    found: Vec<Alert>,
    as_of: NaiveDate,
    close_after_days: i64,
    max_new: usize,
) -> Update {
    let changed = prev.last_run.is_none_or(|d| as_of >= d);
    if !changed {
        // A look back: the day's findings as the detectors made them.
        return Update {
            kept: (0..found.len()).collect(),
            alerts: found,
            state: prev.clone(),
            changed,
            held_back: 0,
        };
    }
    let mut open: Vec<Option<Alert>> = prev
        .alerts
        .iter()
        .map(|a| (a.status != Status::Closed).then(|| a.clone()))
        .collect();
    let mut out: Vec<Alert> = Vec::new();
    let mut kept: Vec<usize> = Vec::new();
    let mut fresh: Vec<usize> = Vec::new();
    for (k, mut a) in found.into_iter().enumerate() {
        let hit = open.iter().position(|s| {
            s.as_ref()
                .is_some_and(|s| continues(&a, s, as_of, close_after_days))
        });
        match hit.and_then(|i| open[i].take()) {
            Some(s) => {
                a.id = s.id;
                a.first_seen = a.first_seen.min(s.first_seen);
                a.status = if as_of > s.first_seen.max(prev.last_run.unwrap_or(s.first_seen)) {
                    Status::Ongoing
                } else {
                    s.status
                };
            }
            None => {
                a.status = Status::New;
                fresh.push(out.len());
            }
        }
        a.last_seen = as_of;
        a.closed_on = None;
        out.push(a);
        kept.push(k);
    }
    // The budget: the new findings past it are dropped, the best kept.
    let mut held_back = 0;
    if fresh.len() > max_new {
        let mut ranked = fresh.clone();
        ranked.sort_by(|&x, &y| {
            let (a, b) = (&out[x], &out[y]);
            a.severity
                .cmp(&b.severity)
                .then(a.p_value.total_cmp(&b.p_value))
                .then(b.score.total_cmp(&a.score))
                .then(a.id.cmp(&b.id))
        });
        let drop: BTreeSet<usize> = ranked[max_new..].iter().copied().collect();
        held_back = drop.len();
        let mut i = 0;
        kept.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
    }
    // Stored alerts not found today: still open for a while, then closed.
    let mut closed_now = Vec::new();
    for s in open.into_iter().flatten() {
        let mut s = s;
        if as_of - s.last_seen >= Duration::days(close_after_days) {
            s.status = Status::Closed;
            s.closed_on = Some(as_of);
            closed_now.push(s);
        } else {
            s.status = Status::Ongoing;
            out.push(s);
        }
    }
    let mut state_alerts = out.clone();
    state_alerts.extend(closed_now.iter().cloned());
    // Closed earlier: kept for explain, for a while.
    state_alerts.extend(
        prev.alerts
            .iter()
            .filter(|a| {
                a.status == Status::Closed
                    && a.closed_on
                        .is_some_and(|d| as_of - d <= Duration::days(KEEP_CLOSED_DAYS))
            })
            .cloned(),
    );
    out.extend(closed_now);
    Update {
        alerts: out,
        state: State {
            last_run: Some(prev.last_run.map_or(as_of, |d| d.max(as_of))),
            alerts: state_alerts,
        },
        changed,
        kept,
        held_back,
    }
}

/// What one run of detection reports: the alerts after the lifecycle.
#[derive(Debug, Clone)]
pub struct Run {
    /// Open alerts (new and ongoing) and those this run closed, most
    /// significant first within each kind.
    pub alerts: Vec<Alert>,
    /// True when the run was committed and changed the stored state; false
    /// for a read-only view, and for a run that looked back before the
    /// stored state (which leaves it alone).
    pub state_updated: bool,
    /// New findings held back by the alert budget.
    pub held_back: usize,
}

/// The alert lifecycle of one store. [`Lifecycle::commit`] is the only
/// writer of the alert state: `hotline detect` and `hotline run` commit,
/// reports only [`Lifecycle::view`] it.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    store: PathBuf,
    close_after_days: i64,
    max_new: usize,
}

impl Lifecycle {
    /// The lifecycle of the store at `store`, with the `[detect]` settings
    /// of `cfg` (days until an alert unseen is closed, the alert budget).
    pub fn of(store: &Path, cfg: &crate::config::DetectConfig) -> Lifecycle {
        Lifecycle {
            store: store.to_path_buf(),
            close_after_days: cfg.close_after_days,
            max_new: cfg.new_alerts_per_run(),
        }
    }

    fn apply(&self, found: Vec<Alert>, as_of: NaiveDate) -> Result<Update> {
        let prev = load(&self.store)?;
        Ok(update(
            &prev,
            found,
            as_of,
            self.close_after_days,
            self.max_new,
        ))
    }

    /// Today's findings after the stored lifecycle, without writing it: what
    /// a report shows.
    pub fn view(&self, found: Vec<Alert>, as_of: NaiveDate) -> Result<Run> {
        let up = self.apply(found, as_of)?;
        Ok(Run {
            alerts: up.alerts,
            state_updated: false,
            held_back: up.held_back,
        })
    }

    /// Applies today's findings to the stored lifecycle and saves it (a run
    /// before the stored one reads the state and leaves it as it was).
    pub fn commit(&self, found: Vec<Alert>, as_of: NaiveDate) -> Result<Run> {
        let up = self.apply(found, as_of)?;
        if up.changed {
            save(&self.store, &up.state)?;
        }
        Ok(Run {
            alerts: up.alerts,
            state_updated: up.changed,
            held_back: up.held_back,
        })
    }
}

/// Path of the state file of `store`.
pub fn state_path(store: &Path) -> PathBuf {
    store.join(STATE_FILE)
}

/// Reads the stored state (empty when there is none yet).
pub fn load(store: &Path) -> Result<State> {
    let path = state_path(store);
    if !path.is_file() {
        return Ok(State::default());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Format {
        path: path.clone(),
        message: format!(
            "the alert state is damaged ({e}); move it away to start the lifecycle afresh"
        ),
    })
}

/// Writes the state atomically, under the alerts lock.
fn save(store: &Path, state: &State) -> Result<()> {
    let path = state_path(store);
    let _lock = crate::store::lock_dir(path.parent().expect("state file has a folder"))?;
    let text = serde_json::to_string_pretty(state).expect("state serializes");
    crate::store::write_atomically(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::alert::Severity;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn alert(id: &str, kind: &str, day: &str, tickets: &[&str]) -> Alert {
        Alert {
            id: id.into(),
            kind: kind.parse().unwrap(),
            status: Status::New,
            severity: Severity::Yellow,
            first_seen: d(day),
            last_seen: d(day),
            window_start: d(day),
            window_end: d(day),
            category: Some("城市管理".into()),
            category_l2: None,
            district: Some("城东区".into()),
            street: None,
            location: None,
            observed: 5,
            expected: 1.0,
            score: 5.0,
            p_value: 1e-5,
            title: "t".into(),
            keywords: vec!["渣土车".into()],
            department: None,
            ticket_ids: tickets.iter().map(|s| s.to_string()).collect(),
            caller_count: 1,
            closed_on: None,
        }
    }

    #[test]
    fn new_then_ongoing_then_closed() {
        let s0 = State::default();
        let day1 = update(
            &s0,
            vec![alert("surge-1", "surge", "2024-05-01", &[])],
            d("2024-05-01"),
            7,
            usize::MAX,
        );
        assert_eq!(day1.alerts[0].status, Status::New);
        // Next day the surge goes on under a new episode id: the same alert.
        let mut again = alert("surge-2", "surge", "2024-05-02", &[]);
        again.first_seen = d("2024-05-02");
        let day2 = update(&day1.state, vec![again], d("2024-05-02"), 7, usize::MAX);
        assert_eq!(day2.alerts.len(), 1);
        assert_eq!(day2.alerts[0].id, "surge-1");
        assert_eq!(day2.alerts[0].status, Status::Ongoing);
        assert_eq!(day2.alerts[0].first_seen, d("2024-05-01"));
        assert_eq!(day2.alerts[0].last_seen, d("2024-05-02"));
        // Quiet days: still listed as ongoing, then closed once, then only kept.
        let day5 = update(&day2.state, vec![], d("2024-05-05"), 7, usize::MAX);
        assert_eq!(day5.alerts[0].status, Status::Ongoing);
        let day9 = update(&day5.state, vec![], d("2024-05-09"), 7, usize::MAX);
        assert_eq!(day9.alerts.len(), 1);
        assert_eq!(day9.alerts[0].status, Status::Closed);
        assert_eq!(day9.alerts[0].closed_on, Some(d("2024-05-09")));
        let day10 = update(&day9.state, vec![], d("2024-05-10"), 7, usize::MAX);
        assert!(day10.alerts.is_empty());
        assert_eq!(day10.state.alerts.len(), 1, "kept for explain");
        // Back after closing: a new alert.
        let later = update(
            &day10.state,
            vec![alert("surge-3", "surge", "2024-05-20", &[])],
            d("2024-05-20"),
            7,
            usize::MAX,
        );
        assert_eq!(later.alerts[0].status, Status::New);
        assert_eq!(later.alerts[0].id, "surge-3");
    }

    #[test]
    fn clusters_continue_by_shared_tickets() {
        let s = update(
            &State::default(),
            vec![alert(
                "cc-a",
                "class_case",
                "2024-05-01",
                &["1", "2", "3", "4"],
            )],
            d("2024-05-03"),
            7,
            usize::MAX,
        );
        let moved = alert(
            "cc-b",
            "class_case",
            "2024-05-02",
            &["3", "4", "5", "6", "7"],
        );
        let u = update(&s.state, vec![moved], d("2024-05-04"), 7, usize::MAX);
        assert_eq!(u.alerts.len(), 1);
        assert_eq!(u.alerts[0].id, "cc-a");
        assert_eq!(u.alerts[0].ticket_ids.len(), 5);
        let other = alert("cc-c", "class_case", "2024-05-02", &["8", "9", "10"]);
        let u2 = update(&u.state, vec![other], d("2024-05-05"), 7, usize::MAX);
        assert_eq!(
            u2.alerts.iter().filter(|a| a.status == Status::New).count(),
            1
        );
    }

    #[test]
    fn the_budget_keeps_the_gravest_new_findings() {
        let mut red = alert("r", "surge", "2024-05-01", &[]);
        red.severity = Severity::Red;
        let mut weak = alert("w", "surge", "2024-05-01", &[]);
        weak.p_value = 0.01;
        let mut strong = alert("s", "surge", "2024-05-01", &[]);
        strong.p_value = 0.0001;
        let u = update(
            &State::default(),
            vec![weak, red, strong],
            d("2024-05-01"),
            7,
            2,
        );
        let ids: Vec<&str> = u.alerts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["r", "s"]);
        assert_eq!(u.kept, [1, 2]);
        assert_eq!(u.held_back, 1);
        // An ongoing alert is no new one: the budget leaves it alone.
        let next = update(
            &u.state,
            vec![alert("r", "surge", "2024-05-02", &[])],
            d("2024-05-02"),
            7,
            0,
        );
        assert_eq!(next.alerts[0].id, "r");
        assert_eq!(next.held_back, 0);
    }

    #[test]
    fn looking_back_does_not_change_the_state() {
        let s = update(
            &State::default(),
            vec![alert("x", "surge", "2024-05-10", &[])],
            d("2024-05-10"),
            7,
            usize::MAX,
        );
        let back = update(&s.state, vec![], d("2024-05-01"), 7, usize::MAX);
        assert!(!back.changed);
        assert!(back.alerts.is_empty(), "stored alerts are not today's");
        assert_eq!(back.state, s.state);
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &s.state).unwrap();
        assert_eq!(load(dir.path()).unwrap(), s.state);
        std::fs::write(state_path(dir.path()), "{").unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("state.json") && err.contains("afresh"),
            "{err}"
        );
    }
}
