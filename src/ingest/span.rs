//! Received dates far from the rest of their file.
//!
//! A typed date with a wrong year (12/07/2006 among Fuzhou's 2016–2020
//! complaints) parses and is stored, and then sits years away from every
//! other ticket: in a trend over "all", as the store's first day, in a
//! period nobody asked about. Ingest cannot know the right year, but it can
//! say which rows to check. Each file's loaded rows are counted by month;
//! months follow each other in runs without a gap of more than
//! [`MARGIN_MONTHS`]; the run with most rows is the file's body, and the
//! rows of other runs that hold at most 1 % of the file are reported as a
//! warning on the received_at column (the rows stay stored as parsed). An
//! export whose old tickets thin out gradually (Fuzhou's go back to 2006,
//! a few a year) is one run and has none. Files of fewer than [`MIN_ROWS`]
//! rows are not judged.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike};

/// Months outside the file's central span before a row is reported.
pub const MARGIN_MONTHS: i32 = 12;
/// Fewest loaded rows for a file's span to be judged.
pub const MIN_ROWS: u64 = 100;

/// Loaded rows of one file by month of reception.
#[derive(Debug, Default)]
pub struct Months {
    /// year × 12 + month − 1 → (rows, first source row, its time).
    counts: BTreeMap<i32, (u64, u64, i64)>,
}

/// Rows far from the rest of their file.
#[derive(Debug, Clone, PartialEq)]
pub struct Outliers {
    pub rows: u64,
    /// The first such row (source row number) and its date.
    pub first_row: u64,
    pub example: String,
    /// The file's central span, as YYYY-MM.
    pub from: String,
    pub to: String,
}

impl Months {
    /// Counts a row received at `micros` (microseconds since 1970, export
    /// time), from source row `row`.
    pub fn add(&mut self, micros: i64, row: u64) {
        let Some(t) = DateTime::from_timestamp_micros(micros) else {
            return;
        };
        let m = t.year() * 12 + t.month0() as i32;
        let e = self.counts.entry(m).or_insert((0, row, micros));
        e.0 += 1;
        if row < e.1 {
            e.1 = row;
            e.2 = micros;
        }
    }

    /// The rows of months cut off from the file's main body of tickets by
    /// more than [`MARGIN_MONTHS`] without any, when they are few (at most
    /// 1 % of the rows), if any.
    pub fn outliers(&self) -> Option<Outliers> {
        let n: u64 = self.counts.values().map(|c| c.0).sum();
        if n < MIN_ROWS {
            return None;
        }
        // Runs of months without a gap longer than the margin.
        let months: Vec<(i32, &(u64, u64, i64))> =
            self.counts.iter().map(|(&m, c)| (m, c)).collect();
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        for i in 1..=months.len() {
            if i == months.len() || months[i].0 - months[i - 1].0 > MARGIN_MONTHS {
                runs.push(start..i);
                start = i;
            }
        }
        let rows =
            |r: &std::ops::Range<usize>| months[r.clone()].iter().map(|m| m.1.0).sum::<u64>();
        let main = runs.iter().max_by_key(|r| rows(r))?.clone();
        let few = (n / 100).max(1);
        let far: Vec<&(u64, u64, i64)> = runs
            .iter()
            .filter(|r| **r != main && rows(r) <= few)
            .flat_map(|r| months[r.clone()].iter().map(|m| m.1))
            .collect();
        let first = far.iter().min_by_key(|c| c.1)?;
        let month = |m: i32| format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
        Some(Outliers {
            rows: far.iter().map(|c| c.0).sum(),
            first_row: first.1,
            example: DateTime::from_timestamp_micros(first.2)
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            from: month(months[main.start].0),
            to: month(months[main.end - 1].0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn micros(y: i32, m: u32, d: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_micros()
    }

    #[test]
    fn a_wrong_year_among_years_of_tickets_is_reported() {
        let mut m = Months::default();
        let mut row = 2;
        for y in 2016..=2020 {
            for mo in 1..=12 {
                for _ in 0..5 {
                    m.add(micros(y, mo, 10), row);
                    row += 1;
                }
            }
        }
        m.add(micros(2006, 12, 7), 1465);
        m.add(micros(2006, 12, 8), 900);
        let o = m.outliers().unwrap();
        assert_eq!(o.rows, 2);
        assert_eq!((o.first_row, o.example.as_str()), (900, "2006-12-08"));
        assert_eq!((o.from.as_str(), o.to.as_str()), ("2016-01", "2020-12"));
    }

    #[test]
    fn old_tickets_that_thin_out_are_not() {
        // Fuzhou: a few tickets a year back to 2006, then many.
        let mut m = Months::default();
        let mut row = 2;
        for y in 2006..2016 {
            m.add(micros(y, 3, 1), row);
            m.add(micros(y, 11, 1), row + 1);
            row += 2;
        }
        for y in 2016..=2020 {
            for mo in 1..=12 {
                for _ in 0..20 {
                    m.add(micros(y, mo, 10), row);
                    row += 1;
                }
            }
        }
        assert_eq!(m.outliers(), None);
    }

    #[test]
    fn a_year_of_tickets_and_a_sparse_start_are_not() {
        let mut m = Months::default();
        let mut row = 2;
        // A few letters in the first months, then many: within the margin.
        m.add(micros(2012, 2, 1), 1);
        for mo in 1..=12 {
            for _ in 0..20 {
                m.add(micros(2013, mo, 1), row);
                row += 1;
            }
        }
        assert_eq!(m.outliers(), None);
        // Too few rows to judge.
        let mut small = Months::default();
        small.add(micros(2024, 5, 1), 2);
        small.add(micros(1999, 5, 1), 3);
        assert_eq!(small.outliers(), None);
    }
}
