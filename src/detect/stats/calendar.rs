//! The working calendar the surge baseline needs: which days are public
//! holidays and which weekend days are make-up working days (调休上班).
//!
//! Hotline volume follows the working week, and China moves it: a holiday
//! on a Wednesday is a quiet day, a Sunday worked in exchange for it is a
//! busy one. The surge model ([`crate::detect::surge`]) therefore uses the *kind*
//! of day, not the weekday alone: a holiday counts as a Sunday plus a
//! holiday effect, a make-up working day as an ordinary weekday.
//!
//! Built in: the mainland China arrangements for 2023–2026 as published by
//! the General Office of the State Council (国务院办公厅关于…部分节假日安排的通知).
//! `[calendar]` in hotline.toml adds days (other years, local holidays) and
//! can switch the built-in list off for a city elsewhere (a 311 line).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

/// Official days off (holidays and the weekend days folded into them).
const CN_HOLIDAYS: &[&str] = &[
    // 2023
    "2023-01-01..2023-01-02",
    "2023-01-21..2023-01-27",
    "2023-04-05",
    "2023-04-29..2023-05-03",
    "2023-06-22..2023-06-24",
    "2023-09-29..2023-10-06",
    "2023-12-30..2023-12-31",
    // 2024
    "2024-01-01",
    "2024-02-10..2024-02-17",
    "2024-04-04..2024-04-06",
    "2024-05-01..2024-05-05",
    "2024-06-08..2024-06-10",
    "2024-09-15..2024-09-17",
    "2024-10-01..2024-10-07",
    // 2025
    "2025-01-01",
    "2025-01-28..2025-02-04",
    "2025-04-04..2025-04-06",
    "2025-05-01..2025-05-05",
    "2025-05-31..2025-06-02",
    "2025-10-01..2025-10-08",
    // 2026
    "2026-01-01..2026-01-03",
    "2026-02-15..2026-02-23",
    "2026-04-04..2026-04-06",
    "2026-05-01..2026-05-05",
    "2026-06-19..2026-06-21",
    "2026-09-25..2026-09-27",
    "2026-10-01..2026-10-07",
];

/// Weekend days that are working days (调休上班).
const CN_WORKDAYS: &[&str] = &[
    "2023-01-28",
    "2023-01-29",
    "2023-04-23",
    "2023-05-06",
    "2023-06-25",
    "2023-10-07",
    "2023-10-08",
    "2024-02-04",
    "2024-02-18",
    "2024-04-07",
    "2024-04-28",
    "2024-05-11",
    "2024-09-14",
    "2024-09-29",
    "2024-10-12",
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
];

/// What kind of day a date is, for the baseline model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// An ordinary day: its weekday, 0 = Monday … 6 = Sunday.
    Weekday(u32),
    /// A public holiday (modelled as a Sunday plus a holiday effect).
    Holiday,
    /// A weekend day worked in exchange for a holiday (modelled as a Wednesday).
    MakeUpWorkday,
}

/// Holidays and make-up working days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The built-in mainland China calendar (when `builtin`) plus the extra
    /// days given, each a date or a `FROM..TO` range. Errors name the entry.
    pub fn new(builtin: bool, holidays: &[String], workdays: &[String]) -> Result<Self, String> {
        let mut cal = Calendar::default();
        if builtin {
            for s in CN_HOLIDAYS {
                cal.holidays
                    .extend(parse_days(s).expect("built-in dates parse"));
            }
            for s in CN_WORKDAYS {
                cal.workdays
                    .extend(parse_days(s).expect("built-in dates parse"));
            }
        }
        for (list, set) in [(holidays, &mut cal.holidays), (workdays, &mut cal.workdays)] {
            for s in list {
                set.extend(parse_days(s)?);
            }
        }
        Ok(cal)
    }

    /// The kind of `day`.
    pub fn kind(&self, day: NaiveDate) -> DayKind {
        if self.workdays.contains(&day) {
            DayKind::MakeUpWorkday
        } else if self.holidays.contains(&day) {
            DayKind::Holiday
        } else {
            DayKind::Weekday(day.weekday().num_days_from_monday())
        }
    }
}

/// `2024-05-01` or `2024-05-01..2024-05-05`.
fn parse_days(s: &str) -> Result<Vec<NaiveDate>, String> {
    let parse = |d: &str| {
        NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
            format!("calendar entry {s:?}: write a day as YYYY-MM-DD or a range as YYYY-MM-DD..YYYY-MM-DD")
        })
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (parse(a)?, parse(b)?),
        None => {
            let d = parse(s)?;
            (d, d)
        }
    };
    if b < a || (b - a).num_days() > 366 {
        return Err(format!(
            "calendar entry {s:?}: the range must run forwards and cover at most a year"
        ));
    }
    Ok(a.iter_days().take_while(|d| *d <= b).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn chinese_holidays_and_make_up_days() {
        let cal = Calendar::new(true, &[], &[]).unwrap();
        // 劳动节 2024: May 1–5 off, Sunday April 28 and Saturday May 11 worked.
        assert_eq!(cal.kind(d("2024-05-02")), DayKind::Holiday);
        assert_eq!(cal.kind(d("2024-04-28")), DayKind::MakeUpWorkday);
        assert_eq!(cal.kind(d("2024-05-11")), DayKind::MakeUpWorkday);
        assert_eq!(cal.kind(d("2024-05-13")), DayKind::Weekday(0));
        assert_eq!(cal.kind(d("2024-05-19")), DayKind::Weekday(6));
        // 春节 2025 and 国庆 2026.
        assert_eq!(cal.kind(d("2025-01-29")), DayKind::Holiday);
        assert_eq!(cal.kind(d("2026-10-10")), DayKind::MakeUpWorkday);
    }

    #[test]
    fn config_adds_days_and_can_drop_the_builtin_list() {
        let cal = Calendar::new(false, &["2024-07-04".into()], &[]).unwrap();
        assert_eq!(cal.kind(d("2024-05-02")), DayKind::Weekday(3));
        assert_eq!(cal.kind(d("2024-07-04")), DayKind::Holiday);
        let range = Calendar::new(false, &["2027-02-05..2027-02-07".into()], &[]).unwrap();
        assert_eq!(range.kind(d("2027-02-06")), DayKind::Holiday);
        let err = Calendar::new(true, &["5/1/2024".into()], &[]).unwrap_err();
        assert!(
            err.contains("5/1/2024") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
        assert!(Calendar::new(true, &[], &["2024-05-09..2024-05-01".into()]).is_err());
    }
}
