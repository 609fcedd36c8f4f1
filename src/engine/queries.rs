//! The standard analyses: the SQL files of `queries/`, compiled into the
//! binary so it runs anywhere, and their header comments.
//!
//! Each file starts with a `--` comment block:
//!
//! ```sql
//! -- name: top_terms
//! -- title: 高频词
//! -- purpose: …
//! -- parameters:
//! --   $start, $end  timestamps, the period [start, end)
//! -- output: grp, term, …
//! ```
//!
//! Parameters are DataFusion placeholders (`$start`) bound as values with
//! [`Params`], never pasted into the SQL text.

use std::collections::BTreeMap;

use datafusion::common::ScalarValue;

use crate::engine::period::Period;

/// One standard analysis.
#[derive(Debug, Clone, Copy)]
pub struct QueryDef {
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every standard analysis, in the order reports show them.
pub const STANDARD: &[QueryDef] = &[
    q("volume", include_str!("../../queries/volume.sql")),
    q("category_l1", include_str!("../../queries/category_l1.sql")),
    q("category_l2", include_str!("../../queries/category_l2.sql")),
    q("district", include_str!("../../queries/district.sql")),
    q("street", include_str!("../../queries/street.sql")),
    q("place", include_str!("../../queries/place.sql")),
    q("channel", include_str!("../../queries/channel.sql")),
    q("kind", include_str!("../../queries/kind.sql")),
    q(
        "hour_weekday",
        include_str!("../../queries/hour_weekday.sql"),
    ),
    q("handling", include_str!("../../queries/handling.sql")),
    q("kpi", include_str!("../../queries/kpi.sql")),
    q("ranking", include_str!("../../queries/ranking.sql")),
    q("top_terms", include_str!("../../queries/top_terms.sql")),
];

const fn q(name: &'static str, sql: &'static str) -> QueryDef {
    QueryDef { name, sql }
}

/// The standard analysis called `name`.
pub fn find(name: &str) -> Option<&'static QueryDef> {
    STANDARD.iter().find(|q| q.name == name)
}

/// The header comment of a query file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub name: String,
    /// Chinese title, used for sheet names and report headings.
    pub title: String,
    pub purpose: String,
    /// Placeholder names used in the SQL (without `$`).
    pub parameters: Vec<String>,
    /// Output columns: name and Chinese label.
    pub output: Vec<(String, String)>,
}

/// Reads the header block of `sql`.
pub fn header(sql: &str) -> Header {
    let mut h = Header::default();
    let mut field = String::new();
    for line in sql.lines() {
        let Some(c) = line.trim_start().strip_prefix("--") else {
            break;
        };
        let c = c.trim();
        let (key, value) = match c.split_once(':') {
            Some((k, v)) if !k.contains(' ') && !k.starts_with('$') => (k.to_string(), v.trim()),
            _ => (field.clone(), c),
        };
        field = key.clone();
        let add = |s: &mut String| {
            if !value.is_empty() {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(value);
            }
        };
        match key.as_str() {
            "name" => add(&mut h.name),
            "title" => add(&mut h.title),
            "purpose" => add(&mut h.purpose),
            "output" => h.output.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| match s.split_once(' ') {
                        Some((n, l)) => (n.to_string(), l.trim().to_string()),
                        None => (s.to_string(), String::new()),
                    }),
            ),
            _ => {}
        }
    }
    h.parameters = placeholders(sql);
    h
}

/// The distinct `$name` placeholders of `sql`, outside comments and strings.
pub fn placeholders(sql: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in sql.lines() {
        let code = line.split("--").next().unwrap_or("");
        let mut in_str = false;
        for (i, c) in code.char_indices() {
            if c == '\'' {
                in_str = !in_str;
            } else if c == '$' && !in_str {
                let name: String = code[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Named parameter values.
#[derive(Debug, Clone, Default)]
pub struct Params(pub BTreeMap<String, ScalarValue>);

impl Params {
    /// No parameters.
    pub fn new() -> Params {
        Params::default()
    }

    /// Sets `$start` and `$end` to the bounds of `period`.
    pub fn period(self, period: &Period) -> Params {
        self.day("start", period.start).day("end", period.end)
    }

    /// Sets a timestamp parameter to midnight of `day`.
    pub fn day(mut self, name: &str, day: chrono::NaiveDate) -> Params {
        let t = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        self.0.insert(
            name.into(),
            ScalarValue::TimestampMicrosecond(Some(t.and_utc().timestamp_micros()), None),
        );
        self
    }

    /// Sets a text parameter.
    pub fn text(mut self, name: &str, value: &str) -> Params {
        self.0
            .insert(name.into(), ScalarValue::Utf8(Some(value.into())));
        self
    }

    /// Sets an integer parameter.
    pub fn int(mut self, name: &str, value: i64) -> Params {
        self.0.insert(name.into(), ScalarValue::Int64(Some(value)));
        self
    }

    /// Sets a number parameter.
    pub fn float(mut self, name: &str, value: f64) -> Params {
        self.0
            .insert(name.into(), ScalarValue::Float64(Some(value)));
        self
    }

    /// Parses `name=value` from the command line: a period (for
    /// `period=…`, setting `$start`/`$end`), a day or time (`2024-04-01`,
    /// bound as a timestamp), an integer, a number, or text.
    pub fn parse_assignment(self, text: &str, anchor: chrono::NaiveDate) -> Result<Params, String> {
        let Some((name, value)) = text.split_once('=') else {
            return Err(format!(
                "\"{text}\": write a parameter as name=value, e.g. period=2024-05 or top=20"
            ));
        };
        let name = name.trim().trim_start_matches('$');
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "\"{text}\": a parameter name is letters, digits and _"
            ));
        }
        let value = value.trim();
        if name == "period" {
            return Ok(self.period(&Period::parse(value, anchor)?));
        }
        let day = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .or_else(|| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S").ok());
        Ok(if let Some(t) = day {
            let mut p = self;
            p.0.insert(
                name.into(),
                ScalarValue::TimestampMicrosecond(Some(t.and_utc().timestamp_micros()), None),
            );
            p
        } else if let Ok(i) = value.parse::<i64>() {
            self.int(name, i)
        } else if let Ok(f) = value.parse::<f64>() {
            self.float(name, f)
        } else {
            self.text(name, value)
        })
    }

    /// Placeholders of `sql` that have no value, so the error can name them.
    pub fn missing(&self, sql: &str) -> Vec<String> {
        placeholders(sql)
            .into_iter()
            .filter(|p| !self.0.contains_key(p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_standard_query_has_a_header() {
        for q in STANDARD {
            let h = header(q.sql);
            assert_eq!(h.name, q.name);
            assert!(!h.title.is_empty() && !h.purpose.is_empty(), "{}", q.name);
            assert!(!h.output.is_empty(), "{}", q.name);
        }
        // Every queries/*.sql file is registered.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let p = e.unwrap().path();
                (p.extension()? == "sql")
                    .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
            })
            .collect();
        files.sort();
        let mut names: Vec<String> = STANDARD.iter().map(|q| q.name.to_string()).collect();
        names.sort();
        assert_eq!(files, names);
        let h = header(find("top_terms").unwrap().sql);
        assert_eq!(h.output[2], ("term".to_string(), "词语".to_string()));
        assert_eq!(h.parameters, ["by", "start", "end", "min_count", "top"]);
        assert!(h.purpose.contains("TF-IDF"));
    }

    #[test]
    fn placeholders_skip_comments_and_strings() {
        assert_eq!(
            placeholders("SELECT $a, '$b' -- $c\nFROM t WHERE x = $a AND y < $d_2"),
            ["a", "d_2"]
        );
    }

    #[test]
    fn assignments() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let p = Params::new()
            .parse_assignment("top=20", d)
            .unwrap()
            .parse_assignment("period=2024-05", d)
            .unwrap()
            .parse_assignment("by=district", d)
            .unwrap();
        assert_eq!(p.0["top"], ScalarValue::Int64(Some(20)));
        assert_eq!(p.0["by"], ScalarValue::Utf8(Some("district".into())));
        assert!(p.0.contains_key("start") && p.0.contains_key("end"));
        assert_eq!(p.missing("SELECT $top, $min"), ["min"]);
        assert!(Params::new().parse_assignment("top", d).is_err());
        let p = Params::new()
            .parse_assignment("from=2024-04-01", d)
            .unwrap();
        assert!(matches!(
            p.0["from"],
            ScalarValue::TimestampMicrosecond(Some(_), None)
        ));
    }
}
