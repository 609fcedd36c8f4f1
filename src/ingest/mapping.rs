//! Finding the header row and mapping export columns onto the canonical schema.
//!
//! Exports often start with a title line or two (`XX市12345热线工单明细
//! 2024年5月`), so the header is looked for in the first rows: the first row
//! from which a preset (plus the `[columns]` overrides) finds both required
//! columns is the header.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::ingest::presets::{self, Preset, normalize_header};
use crate::ingest::source::RawRow;
use crate::schema::Canon;

/// How many leading rows may be searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The result of mapping a header row.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Name of the preset used (or `config` when only `[columns]` mapped it).
    pub preset: String,
    /// Canonical field → index of the source column.
    pub columns: BTreeMap<Canon, usize>,
    /// The header row's cells.
    pub headers: Vec<String>,
    /// Row number of the header.
    pub header_row: u64,
}

impl Mapping {
    /// The index of a field's column, if the export has it.
    pub fn get(&self, f: Canon) -> Option<usize> {
        self.columns.get(&f).copied()
    }

    /// Headers no canonical column was mapped from.
    pub fn unmapped(&self) -> Vec<String> {
        self.headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.trim().is_empty() && !self.columns.values().any(|c| c == i))
            .map(|(_, h)| h.clone())
            .collect()
    }
}

/// Maps one header row with one preset and the overrides.
fn map_with(
    preset: Option<&Preset>,
    overrides: &BTreeMap<String, String>,
    headers: &[String],
) -> std::result::Result<BTreeMap<Canon, usize>, String> {
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut out: BTreeMap<Canon, usize> = BTreeMap::new();
    let mut used = vec![false; headers.len()];
    for (name, header) in overrides {
        let field = Canon::from_name(name).ok_or_else(|| format!("unknown column {name}"))?;
        let want = normalize_header(header);
        let idx = norm.iter().position(|h| *h == want).ok_or_else(|| {
            format!("[columns] {name} = \"{header}\" but the export has no such header")
        })?;
        out.insert(field, idx);
        used[idx] = true;
    }
    if let Some(p) = preset {
        for (field, aliases) in p.columns {
            if out.contains_key(field) {
                continue;
            }
            let found = aliases.iter().find_map(|a| {
                let a = normalize_header(a);
                norm.iter()
                    .enumerate()
                    .position(|(i, h)| !used[i] && *h == a)
            });
            if let Some(idx) = found {
                out.insert(*field, idx);
                used[idx] = true;
            }
        }
    }
    Ok(out)
}

fn has_required(m: &BTreeMap<Canon, usize>) -> bool {
    m.contains_key(&Canon::TicketId) && m.contains_key(&Canon::ReceivedAt)
}

/// Finds the header among `rows` (the first rows of a file) and maps it.
/// Returns the mapping and the index in `rows` of the header.
pub fn detect(
    path: &Path,
    rows: &[RawRow],
    preset: Option<&str>,
    overrides: &BTreeMap<String, String>,
) -> Result<(Mapping, usize)> {
    let candidates: Vec<&Preset> = match preset {
        Some(name) => vec![presets::by_name(name).ok_or_else(|| Error::Input {
            what: "preset".into(),
            message: format!("unknown preset `{name}`; presets: {}", presets::names()),
        })?],
        None => presets::PRESETS.iter().collect(),
    };
    let mut override_error: Option<String> = None;
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        if row.problem.is_some() {
            continue;
        }
        let mut best: Option<(&str, BTreeMap<Canon, usize>)> = None;
        let mut tries: Vec<(Option<&Preset>, &str)> =
            candidates.iter().map(|p| (Some(*p), p.name)).collect();
        if !overrides.is_empty() && preset.is_none() {
            tries.push((None, "config"));
        }
        for (p, name) in tries {
            match map_with(p, overrides, &row.cells) {
                Ok(m) if has_required(&m) => {
                    if best.as_ref().is_none_or(|(_, b)| m.len() > b.len()) {
                        best = Some((name, m));
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    override_error.get_or_insert(e);
                }
            }
        }
        if let Some((name, columns)) = best {
            return Ok((
                Mapping {
                    preset: name.to_string(),
                    columns,
                    headers: row.cells.clone(),
                    header_row: row.row,
                },
                i,
            ));
        }
    }
    // Explain with the first row, the likeliest header.
    let first = rows.iter().find(|r| r.problem.is_none());
    let headers = first.map(|r| r.cells.clone()).unwrap_or_default();
    if headers.is_empty() {
        return Err(Error::UnknownFormat {
            path: path.to_path_buf(),
            reason: "the file has no rows".into(),
        });
    }
    let best = candidates
        .iter()
        .filter_map(|p| map_with(Some(p), overrides, &headers).ok())
        .max_by_key(|m| m.len())
        .unwrap_or_default();
    let missing: Vec<&str> = [Canon::TicketId, Canon::ReceivedAt]
        .into_iter()
        .filter(|f| !best.contains_key(f))
        .map(|f| f.name())
        .collect();
    let mut missing = missing.join(" and ");
    if let Some(e) = override_error {
        missing = format!("{missing} ({e})");
    }
    Err(Error::MissingColumns {
        path: path.to_path_buf(),
        missing,
        headers: headers
            .iter()
            .take(30)
            .map(|h| crate::text::mask::mask_any(h.trim(), &[]).into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        presets: presets::names(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u64, cells: &[&str]) -> RawRow {
        RawRow {
            row: n,
            cells: cells.iter().map(|s| s.to_string()).collect(),
            problem: None,
        }
    }

    #[test]
    fn finds_header_below_a_title_line() {
        let rows = vec![
            row(1, &["某市12345热线工单明细", "", ""]),
            row(2, &["工单编号", "受理时间", "诉求内容"]),
            row(3, &["A1", "2024-05-01", "噪音"]),
        ];
        let (m, i) = detect(Path::new("x.csv"), &rows, None, &BTreeMap::new()).unwrap();
        assert_eq!(i, 1);
        assert_eq!(m.preset, "cn12345");
        assert_eq!(m.get(Canon::Content), Some(2));
        assert_eq!(m.header_row, 2);
    }

    #[test]
    fn variants_and_presets() {
        let rows = vec![row(
            1,
            &[
                "工单号",
                "来电时间",
                "区县",
                "问题描述",
                "处理部门",
                "满意度",
            ],
        )];
        let (m, _) = detect(Path::new("x"), &rows, None, &BTreeMap::new()).unwrap();
        assert_eq!(m.get(Canon::District), Some(2));
        assert_eq!(m.get(Canon::Satisfaction), Some(5));

        let fz = vec![row(
            1,
            &[
                "id",
                "河流",
                "性质",
                "信息 来源",
                "标题",
                "时间",
                "投诉件内容",
            ],
        )];
        let (m, _) = detect(Path::new("x"), &fz, None, &BTreeMap::new()).unwrap();
        assert_eq!(m.preset, "fuzhou_river");
        assert_eq!(m.get(Canon::Channel), Some(3));

        let nyc = vec![row(
            1,
            &[
                "Unique Key",
                "Created Date",
                "Closed Date",
                "Agency",
                "Complaint Type",
                "Borough",
            ],
        )];
        let (m, _) = detect(Path::new("x"), &nyc, None, &BTreeMap::new()).unwrap();
        assert_eq!(m.preset, "nyc311");
        assert_eq!(m.get(Canon::CategoryL1), Some(4));

        let mb = vec![row(
            1,
            &[
                "留言编号",
                "留言用户",
                "留言主题",
                "留言时间",
                "留言详情",
                "答复意见",
                "答复时间",
            ],
        )];
        let (m, _) = detect(Path::new("x"), &mb, None, &BTreeMap::new()).unwrap();
        assert_eq!(m.preset, "message_board");
        assert_eq!(m.get(Canon::ClosedAt), Some(6));
    }

    #[test]
    fn overrides_and_missing_columns() {
        let rows = vec![row(1, &["流水", "登记日", "内容"])];
        let err = detect(Path::new("bad.csv"), &rows, None, &BTreeMap::new()).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("bad.csv") && msg.contains("ticket_id and received_at"),
            "{msg}"
        );
        assert!(msg.contains("[columns]"), "{msg}");

        let mut o = BTreeMap::new();
        o.insert("ticket_id".to_string(), "流水".to_string());
        o.insert("received_at".to_string(), "登记日".to_string());
        let (m, _) = detect(Path::new("x"), &rows, None, &o).unwrap();
        assert_eq!(m.get(Canon::TicketId), Some(0));
        assert_eq!(m.get(Canon::Content), Some(2));
    }
}
