//! 复盘: did the problem go away after its warning was closed?
//!
//! The tickets of the warning's problem — the cell of a surge (category ×
//! district), the place of a class case or repeat caller (or its first
//! keyword where it has no place), the word of an emerging term — are
//! counted in the 14 and 28 days after the day it was closed and set
//! against two rates:
//!
//! - the **usual rate**: the problem's tickets a day in the 28 days before
//!   the warning's first day;
//! - the **warning rate**: its tickets a day from the first day to the
//!   closing day.
//!
//! With `after` the tickets of the longest window that has passed (28
//! days, else 14) and `expected` the usual rate times its days:
//!
//! - **有效** (effective): `after ≤ max(1.5 × expected, expected + 2)`: back
//!   to what it was before;
//! - **无效** (not effective): `after ≥ ½ × warning rate × days` and above
//!   that bound: the problem goes on as it did;
//! - **部分有效** (partly): in between;
//! - **待观察** (too early): fewer than 14 days since closing.
//!
//! A problem that comes back strongly enough to be found again is reopened
//! by [`super::Workflow::sync`] (复发) whatever the review said.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::warnings::Warning;
use crate::detect::alert::AlertKind;
use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::Result;

/// Days before the warning that give the usual rate.
pub const BASELINE_DAYS: i64 = 28;

/// The verdict of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Effective,
    Partly,
    NotEffective,
    TooEarly,
}

impl Verdict {
    /// 有效 / 部分有效 / 无效 / 待观察.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Effective => "有效",
            Verdict::Partly => "部分有效",
            Verdict::NotEffective => "无效",
            Verdict::TooEarly => "待观察",
        }
    }
}

/// The figures of a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub verdict: Verdict,
    /// Tickets a day before the warning, and while it was open.
    pub usual_per_day: f64,
    pub warning_per_day: f64,
    /// Tickets in the 14 and 28 days after closing (None: not yet passed).
    pub after_14: Option<u64>,
    pub after_28: Option<u64>,
    /// What the usual rate expects over the window judged.
    pub expected: f64,
}

/// The verdict of `after` tickets over `days` days, against the usual and
/// the warning rates.
pub fn verdict(after: u64, days: f64, usual_per_day: f64, warning_per_day: f64) -> Verdict {
    let expected = usual_per_day * days;
    let bound = (1.5 * expected).max(expected + 2.0);
    let after = after as f64;
    if after <= bound {
        Verdict::Effective
    } else if after >= 0.5 * warning_per_day * days {
        Verdict::NotEffective
    } else {
        Verdict::Partly
    }
}

/// The SQL condition that picks the warning's problem's tickets, and its
/// parameters.
fn problem(w: &Warning) -> (String, Params) {
    let a = &w.alert;
    let mut p = Params::new();
    let mut cond: Vec<String> = Vec::new();
    let mut eq = |col: &str, v: &Option<String>, p: &mut Params| {
        if let Some(v) = v {
            *p = std::mem::take(p).text(col, v);
            cond.push(format!("{col} = ${col}"));
        }
    };
    match a.kind {
        AlertKind::Surge => {
            eq("category_l1", &a.category, &mut p);
            eq("category_l2", &a.category_l2, &mut p);
            eq("district", &a.district, &mut p);
        }
        AlertKind::ClassCase | AlertKind::RepeatCaller if a.location.is_some() => {
            eq("place", &a.location, &mut p);
            eq("district", &a.district, &mut p);
        }
        _ => {
            let word = a.keywords.first().cloned().unwrap_or_default();
            p = p.text("word", &word);
            cond.push("array_has(tokens, $word)".into());
        }
    }
    if cond.is_empty() {
        cond.push("false".into());
    }
    (cond.join(" AND "), p)
}

async fn count(engine: &Engine, w: &Warning, from: NaiveDate, to: NaiveDate) -> Result<u64> {
    let (cond, p) = problem(w);
    let p = p.day("from", from).day("to", to);
    let r = engine
        .query_with(
            &format!(
                "SELECT count(*) AS n FROM tickets WHERE received_at >= $from AND received_at < $to AND {cond}"
            ),
            &p,
        )
        .await?;
    Ok(r.sum("n") as u64)
}

/// Reviews a closed warning as of `today` (None when it is not closed).
pub async fn review(engine: &Engine, w: &Warning, today: NaiveDate) -> Result<Option<Review>> {
    let Some(closed) = w.closed_on else {
        return Ok(None);
    };
    let first = w.first_seen;
    let usual = count(engine, w, first - Duration::days(BASELINE_DAYS), first).await? as f64
        / BASELINE_DAYS as f64;
    let open_days = (closed - first).num_days().max(0) + 1;
    let during =
        count(engine, w, first, closed + Duration::days(1)).await? as f64 / open_days as f64;
    let day1 = closed + Duration::days(1);
    let passed = (today - closed).num_days();
    let after = |days: i64| async move {
        if passed >= days {
            count(engine, w, day1, day1 + Duration::days(days))
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    };
    let (after_14, after_28) = (after(14).await?, after(28).await?);
    let (n, days) = match (after_28, after_14) {
        (Some(n), _) => (Some(n), 28.0),
        (None, Some(n)) => (Some(n), 14.0),
        _ => (None, 0.0),
    };
    Ok(Some(Review {
        verdict: n.map_or(Verdict::TooEarly, |n| verdict(n, days, usual, during)),
        usual_per_day: usual,
        warning_per_day: during,
        after_14,
        after_28,
        expected: usual * days,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_usual_and_the_warning_rates() {
        // Usually 0.1 a day, 2 a day under the warning, 28 days after.
        assert_eq!(verdict(3, 28.0, 0.1, 2.0), Verdict::Effective);
        assert_eq!(
            verdict(4, 28.0, 0.1, 2.0),
            Verdict::Effective,
            "expected + 2"
        );
        assert_eq!(verdict(10, 28.0, 0.1, 2.0), Verdict::Partly);
        assert_eq!(verdict(28, 28.0, 0.1, 2.0), Verdict::NotEffective);
        // A busy place: 1.5 × the usual count is still usual.
        assert_eq!(verdict(40, 28.0, 1.0, 3.0), Verdict::Effective);
        assert_eq!(verdict(43, 28.0, 1.0, 3.0), Verdict::NotEffective);
    }
}
