//! Periods as a person types them: `2024`, `2024-Q2`, `2024-05`, `2024-W21`,
//! `2024-05-01`, `2024-05-01..2024-05-31`, `last-week`, `this-month`,
//! `last-30d`, `all`.
//!
//! A period is a half-open range of days `[start, end)`. Weeks are ISO weeks
//! (Monday first), as 周报 are numbered. Relative periods are taken from an
//! anchor day (`--as-of`, default today). [`Period::previous`] is the period
//! of the same length just before (环比) and [`Period::year_before`] the same
//! days a year earlier (同比).

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// A half-open range of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    /// First day after the period.
    pub end: NaiveDate,
    /// How the period was written, or a normalised label.
    pub label: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Year,
    Quarter,
    Month,
    Week,
    Days,
}

const HELP: &str = "write a period as 2024, 2024-Q2, 2024-05, 2024-W21, 2024-05-01, 2024-05-01..2024-05-31, this-week, last-week, this-month, last-month, last-30d or all";

impl Period {
    /// Parses `text`, taking relative periods from `anchor`. `all` is the
    /// whole range of dates hotline accepts (1900–2100).
    pub fn parse(text: &str, anchor: NaiveDate) -> Result<Period, String> {
        let t = text.trim();
        let bad = || format!("\"{t}\" is not a period: {HELP}");
        let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad());
        let p = |start: NaiveDate, end: NaiveDate, kind: Kind| Period {
            start,
            end,
            label: t.to_string(),
            kind,
        };
        match t {
            "all" => {
                return Ok(p(ymd(1900, 1, 1), ymd(2100, 1, 1), Kind::Days));
            }
            "this-week" | "last-week" => {
                let monday =
                    anchor - Duration::days(anchor.weekday().num_days_from_monday() as i64);
                let start = if t == "this-week" {
                    monday
                } else {
                    monday - Duration::days(7)
                };
                let mut out =
                    week(start.iso_week().year(), start.iso_week().week()).ok_or_else(bad)?;
                out.label = t.to_string();
                return Ok(out);
            }
            "this-month" | "last-month" => {
                let first = anchor.with_day(1).ok_or_else(bad)?;
                let start = if t == "this-month" {
                    first
                } else {
                    first - Months::new(1)
                };
                return Ok(p(start, start + Months::new(1), Kind::Month));
            }
            _ => {}
        }
        if let Some(n) = t.strip_prefix("last-").and_then(|r| r.strip_suffix('d')) {
            let n: i64 = n.parse().map_err(|_| bad())?;
            if n < 1 {
                return Err(bad());
            }
            let end = anchor + Duration::days(1);
            return Ok(p(end - Duration::days(n), end, Kind::Days));
        }
        if let Some((a, b)) = t.split_once("..") {
            let (start, last) = (day(a)?, day(b)?);
            if last < start {
                return Err(format!(
                    "\"{t}\": the range ends before it starts; write the earlier day first"
                ));
            }
            return Ok(p(start, last + Duration::days(1), Kind::Days));
        }
        if let Some((y, w)) = t.split_once("-W").or_else(|| t.split_once("-w")) {
            let (y, w): (i32, u32) = (y.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?);
            let mut out = week(y, w).ok_or_else(|| format!("\"{t}\": {y} has no ISO week {w}"))?;
            out.label = t.to_string();
            return Ok(out);
        }
        if let Some((y, q)) = t.split_once("-Q").or_else(|| t.split_once("-q")) {
            let (y, q): (i32, u32) = (y.parse().map_err(|_| bad())?, q.parse().map_err(|_| bad())?);
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            let start = NaiveDate::from_ymd_opt(y, 3 * (q - 1) + 1, 1).ok_or_else(bad)?;
            return Ok(p(start, start + Months::new(3), Kind::Quarter));
        }
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] if y.len() == 4 => {
                let y: i32 = y.parse().map_err(|_| bad())?;
                let start = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
                Ok(p(start, start + Months::new(12), Kind::Year))
            }
            [y, m] if y.len() == 4 => {
                let start = NaiveDate::from_ymd_opt(
                    y.parse().map_err(|_| bad())?,
                    m.parse().map_err(|_| bad())?,
                    1,
                )
                .ok_or_else(bad)?;
                Ok(p(start, start + Months::new(1), Kind::Month))
            }
            [_, _, _] => {
                let d = day(t)?;
                Ok(p(d, d + Duration::days(1), Kind::Days))
            }
            _ => Err(bad()),
        }
    }

    /// Number of days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// The period just before, of the same kind (the previous month for a
    /// month, the previous week for a week, the same number of days before
    /// for a range): the base of 环比.
    pub fn previous(&self) -> Period {
        let (start, end) = match self.kind {
            Kind::Year => (self.start - Months::new(12), self.start),
            Kind::Quarter => (self.start - Months::new(3), self.start),
            Kind::Month => (self.start - Months::new(1), self.start),
            Kind::Week | Kind::Days => (self.start - Duration::days(self.days()), self.start),
        };
        Period {
            start,
            end,
            label: format!("{}..{}", start, end - Duration::days(1)),
            kind: self.kind,
        }
    }

    /// The same period a year earlier: the base of 同比. A week is the same
    /// ISO week number of the year before.
    pub fn year_before(&self) -> Period {
        let (start, end) = match self.kind {
            Kind::Week => {
                let w = self.start.iso_week();
                let wk = week(w.year() - 1, w.week())
                    .or_else(|| week(w.year() - 1, 52))
                    .expect("every year has 52 ISO weeks");
                (wk.start, wk.end)
            }
            _ => (self.start - Months::new(12), self.end - Months::new(12)),
        };
        Period {
            start,
            end,
            label: format!("{}..{}", start, end - Duration::days(1)),
            kind: self.kind,
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn week(year: i32, w: u32) -> Option<Period> {
    let start = NaiveDate::from_isoywd_opt(year, w, Weekday::Mon)?;
    Some(Period {
        start,
        end: start + Duration::days(7),
        label: format!("{year}-W{w:02}"),
        kind: Kind::Week,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s, ymd(2024, 5, 22)).unwrap()
    }

    #[test]
    fn every_written_form() {
        assert_eq!(
            (p("2024-05").start, p("2024-05").end),
            (ymd(2024, 5, 1), ymd(2024, 6, 1))
        );
        assert_eq!(
            (p("2024-W21").start, p("2024-W21").end),
            (ymd(2024, 5, 20), ymd(2024, 5, 27))
        );
        let r = p("2024-05-01..2024-05-31");
        assert_eq!(
            (r.start, r.end, r.days()),
            (ymd(2024, 5, 1), ymd(2024, 6, 1), 31)
        );
        assert_eq!(p("2024-05-03").days(), 1);
        assert_eq!(p("2024").days(), 366);
        assert_eq!(p("2024-Q2").start, ymd(2024, 4, 1));
        assert_eq!(p("last-week").start, ymd(2024, 5, 13));
        assert_eq!(p("this-week").start, ymd(2024, 5, 20));
        assert_eq!(p("last-month").start, ymd(2024, 4, 1));
        assert_eq!(
            (p("last-7d").start, p("last-7d").end),
            (ymd(2024, 5, 16), ymd(2024, 5, 23))
        );
    }

    #[test]
    fn previous_and_year_before() {
        assert_eq!(p("2024-03").previous().start, ymd(2024, 2, 1));
        assert_eq!(p("2024-03").previous().days(), 29);
        assert_eq!(p("2024-W21").previous().start, ymd(2024, 5, 13));
        assert_eq!(p("2024-W21").year_before().start, ymd(2023, 5, 22));
        assert_eq!(
            p("2024-05-01..2024-05-10").previous().start,
            ymd(2024, 4, 21)
        );
        assert_eq!(p("2024-05").year_before().start, ymd(2023, 5, 1));
    }

    #[test]
    fn bad_periods_say_how_to_write_one() {
        for s in [
            "may",
            "2024-13",
            "2024-W60",
            "2024-05-31..2024-05-01",
            "last-0d",
            "2024-Q5",
        ] {
            let e = Period::parse(s, ymd(2024, 5, 22)).unwrap_err();
            assert!(e.contains(s), "{e}");
        }
        assert!(
            Period::parse("x", ymd(2024, 1, 1))
                .unwrap_err()
                .contains("2024-W21")
        );
    }
}
