//! Turning one raw row into a canonical ticket, or into a reject with a reason.
//!
//! Required fields (ticket id, received time) that are missing or unparseable
//! reject the row. An optional field that cannot be parsed is stored empty and
//! counted in the file's warnings with the first row it happened on, so
//! nothing is lost silently. Caller phone, ID number and name never leave this
//! module: they become `caller_key`, a keyed HMAC-SHA256.

use chrono::NaiveDateTime;
use hmac::{Hmac, KeyInit, Mac};
use rayon::prelude::*;
use sha2::Sha256;

use crate::config::Config;
use crate::ingest::department::{self, Departments};
use crate::ingest::mapping::Mapping;
use crate::ingest::source::{RawRow, RejectReason};
use crate::schema::Canon;
use crate::text::normalize::clean_text;
use crate::text::{Analyzer, RowContext};
use crate::values::{self, Status};

/// A parsed ticket, one row of the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ticket {
    pub ticket_id: String,
    /// Microseconds since 1970-01-01 in local (export) time.
    pub received_at: i64,
    pub channel: Option<String>,
    pub caller_key: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    pub community: Option<String>,
    pub address: Option<String>,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub category_l1: Option<String>,
    pub category_l2: Option<String>,
    pub category_l3: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub content: Option<String>,
    pub department: Option<String>,
    pub status: Option<String>,
    pub due_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub redispatch_count: Option<i32>,
    pub satisfaction: Option<String>,
    pub resolved: Option<bool>,
    pub likes: Option<i32>,
    pub dislikes: Option<i32>,
    pub tokens: Option<crate::text::Tokens>,
    pub source_row: i64,
    pub row_hash: u64,
}

/// A row that could not be loaded.
#[derive(Debug, Clone)]
pub struct Reject {
    pub row: u64,
    pub reason: RejectReason,
    pub detail: String,
    pub cells: Vec<String>,
}

/// An optional value that could not be used as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldWarning {
    pub field: Canon,
    pub row: u64,
    pub value: String,
    /// True when the value was stored as written (unknown vocabulary), false
    /// when the field was left empty (unparseable).
    pub kept: bool,
}

/// Everything needed to convert rows of one file; shared by the workers.
pub struct Converter {
    mapping: Mapping,
    day_first: bool,
    mac: Hmac<Sha256>,
    config: Config,
    departments: Departments,
    derive_status: bool,
}

type Outcome = (Result<Ticket, Reject>, Vec<FieldWarning>);

impl Converter {
    /// Builds a converter for a mapped file.
    pub fn new(mapping: Mapping, config: &Config, key: &[u8]) -> Converter {
        let derive_status = mapping.get(Canon::Status).is_none();
        Converter {
            mapping,
            day_first: config.ingest.day_first,
            mac: <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length"),
            config: config.clone(),
            departments: Departments::new(&config.departments),
            derive_status,
        }
    }

    /// Teaches `text` the names of a batch before it is converted: the
    /// district, street and community values, and the place of each address
    /// and place cell, so that segmentation keeps them whole. Returns the
    /// place of each row's address, for [`Converter::convert_with`].
    pub fn learn(&self, rows: &[RawRow], text: &mut Analyzer) -> Vec<Option<String>> {
        let found: Vec<(Vec<String>, Option<String>, Option<String>)> = rows
            .par_iter()
            .map(|row| {
                let admin = self.admin(row);
                let address_place = self.text(row, Canon::Address).and_then(|a| {
                    text.address_place(
                        &a,
                        &[
                            admin[0].as_deref(),
                            admin[1].as_deref(),
                            admin[2].as_deref(),
                        ],
                    )
                });
                let column = self
                    .text(row, Canon::Place)
                    .and_then(|c| text.column_place(&c));
                (admin.into_iter().flatten().collect(), column, address_place)
            })
            .collect();
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSetExt::new();
        for (admin, column, place) in &found {
            for name in admin {
                if seen.insert(name) {
                    text.learn_name(name);
                }
            }
            for p in column.iter().chain(place) {
                if seen.insert(p) {
                    text.learn_place(p);
                }
            }
        }
        found.into_iter().map(|(_, _, p)| p).collect()
    }

    /// The mapping this converter applies.
    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    fn cell<'a>(&self, row: &'a RawRow, f: Canon) -> Option<&'a str> {
        let i = self.mapping.get(f)?;
        let s = row.cells.get(i)?.trim();
        (!s.is_empty() && !values::is_null_token(s)).then_some(s)
    }

    /// A text cell, whitespace cleaned and personal numbers masked (a phone
    /// number typed into the street or department column is still masked).
    fn text(&self, row: &RawRow, f: Canon) -> Option<String> {
        self.cell(row, f)
            .map(|s| masked(clean_text(s)))
            .filter(|s| !s.is_empty())
    }

    /// The row's district, street and community. An export without a
    /// district or street column (or a row with those cells empty) takes
    /// them from the start of its address ([`crate::text::place::divisions`]),
    /// so that one road or estate in two districts stays two places.
    fn admin(&self, row: &RawRow) -> [Option<String>; 3] {
        let mut admin =
            [Canon::District, Canon::Street, Canon::Community].map(|f| self.text(row, f));
        if (admin[0].is_none() || admin[1].is_none())
            && let Some(address) = self.text(row, Canon::Address)
        {
            let (district, street) = crate::text::place::divisions(&address);
            admin[0] = admin[0].take().or(district);
            admin[1] = admin[1].take().or(street);
        }
        admin
    }

    /// Converts one row; `text` runs the text stage (masking, tokens, place).
    pub fn convert(&self, row: &RawRow, text: &Analyzer) -> Outcome {
        self.convert_with(row, text, None)
    }

    /// Converts one row whose address place [`Converter::learn`] already
    /// found (`Some(None)`: the address names none).
    pub fn convert_with(
        &self,
        row: &RawRow,
        text: &Analyzer,
        address_place: Option<Option<&str>>,
    ) -> Outcome {
        let mut warns = Vec::new();
        let reject = |reason: RejectReason, detail: String| Reject {
            row: row.row,
            reason,
            detail,
            cells: row.cells.clone(),
        };
        if let Some((reason, detail)) = &row.problem {
            return (Err(reject(*reason, detail.clone())), warns);
        }
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return (
                Err(reject(RejectReason::Blank, "every cell is empty".into())),
                warns,
            );
        }
        let width = self.mapping.headers.len();
        if row.cells.len() != width {
            let extra_empty =
                row.cells.len() > width && row.cells[width..].iter().all(|c| c.trim().is_empty());
            if !extra_empty {
                return (
                    Err(reject(
                        RejectReason::Ragged,
                        format!(
                            "the row has {} cells but the header has {}; a field probably holds an unquoted delimiter or line break",
                            row.cells.len(),
                            width
                        ),
                    )),
                    warns,
                );
            }
        }
        let Some(ticket_id) = self.cell(row, Canon::TicketId).map(values::clean_id) else {
            return (
                Err(reject(
                    RejectReason::MissingTicketId,
                    "the ticket id cell is empty".into(),
                )),
                warns,
            );
        };
        let received_at = match self.cell(row, Canon::ReceivedAt) {
            None => {
                return (
                    Err(reject(
                        RejectReason::MissingReceivedAt,
                        "the received-time cell is empty".into(),
                    )),
                    warns,
                );
            }
            Some(s) => match values::parse_datetime(s, self.day_first) {
                Some(t) => micros(t),
                None => {
                    return (
                        Err(reject(
                            RejectReason::BadReceivedAt,
                            format!(
                                "\"{}\" is not a date or time hotline can read",
                                crate::text::mask::mask_any(s, &[])
                            ),
                        )),
                        warns,
                    );
                }
            },
        };

        let mut time = |f: Canon| -> Option<i64> {
            let s = self.cell(row, f)?;
            match values::parse_datetime(s, self.day_first) {
                Some(t) => Some(micros(t)),
                None => {
                    warns.push(FieldWarning {
                        field: f,
                        row: row.row,
                        value: s.to_string(),
                        kept: false,
                    });
                    None
                }
            }
        };
        let due_at = time(Canon::DueAt);
        let closed_at = time(Canon::ClosedAt);

        let mut t = Ticket {
            ticket_id,
            received_at,
            due_at,
            closed_at,
            source_row: row.row as i64,
            ..Ticket::default()
        };
        t.channel = self.cell(row, Canon::Channel).map(|s| {
            let key = masked(clean_text(s));
            self.config
                .vocab
                .channel
                .get(&key)
                .cloned()
                .unwrap_or_else(|| values::parse_channel(&key))
        });
        t.caller_key = self.caller_key(row);
        [t.district, t.street, t.community] = self.admin(row);
        t.address = self.text(row, Canon::Address).map(|a| {
            let names: Vec<&str> = self.cell(row, Canon::CallerName).into_iter().collect();
            crate::text::mask::mask_any(&a, &names).into_owned()
        });
        for (f, limit, slot) in [
            (Canon::Lat, 90.0, &mut t.lat),
            (Canon::Lon, 180.0, &mut t.lon),
        ] {
            if let Some(s) = self.cell(row, f) {
                *slot = values::parse_coord(s, limit);
                if slot.is_none() {
                    warns.push(FieldWarning {
                        field: f,
                        row: row.row,
                        value: s.into(),
                        kept: false,
                    });
                }
            }
        }
        t.category_l1 = self.text(row, Canon::CategoryL1);
        t.category_l2 = self.text(row, Canon::CategoryL2);
        t.category_l3 = self.text(row, Canon::CategoryL3);
        t.kind = self.cell(row, Canon::Kind).map(values::parse_kind);
        let place_cell = self.text(row, Canon::Place);
        let analysis = text.analyze(
            self.cell(row, Canon::Title),
            self.cell(row, Canon::Content),
            &RowContext {
                place: place_cell.as_deref(),
                address: t.address.as_deref(),
                admin: [
                    t.district.as_deref(),
                    t.street.as_deref(),
                    t.community.as_deref(),
                ],
                caller_name: self.cell(row, Canon::CallerName),
                address_place,
            },
        );
        t.title = analysis.title;
        t.content = analysis.content;
        t.place = analysis.place;
        t.tokens = Some(analysis.tokens);
        t.department = self
            .text(row, Canon::Department)
            .map(|d| self.departments.fold(&d));
        if let Some(d) = &t.department
            && department::looks_like_person(d)
        {
            // Stored as written; the warning shows the surname only.
            let mut masked: String = d.chars().take(1).collect();
            masked.extend(d.chars().skip(1).map(|_| '*'));
            warns.push(FieldWarning {
                field: Canon::Department,
                row: row.row,
                value: masked,
                kept: true,
            });
        }
        t.status = match self.cell(row, Canon::Status) {
            Some(s) => {
                let s = masked(clean_text(s));
                match self
                    .config
                    .vocab
                    .status
                    .get(&s)
                    .copied()
                    .or_else(|| Status::parse(&s))
                {
                    Some(st) => Some(st.as_str().to_string()),
                    None => {
                        warns.push(FieldWarning {
                            field: Canon::Status,
                            row: row.row,
                            value: s.clone(),
                            kept: true,
                        });
                        Some(s)
                    }
                }
            }
            None if self.derive_status => Some(
                if closed_at.is_some() {
                    Status::Closed
                } else {
                    Status::Open
                }
                .as_str()
                .to_string(),
            ),
            None => None,
        };
        if let Some(s) = self.cell(row, Canon::RedispatchCount) {
            t.redispatch_count = values::parse_count(s);
            if t.redispatch_count.is_none() {
                warns.push(FieldWarning {
                    field: Canon::RedispatchCount,
                    row: row.row,
                    value: s.into(),
                    kept: false,
                });
            }
        }
        t.satisfaction = self.cell(row, Canon::Satisfaction).map(|s| {
            let s = masked(clean_text(s));
            match self
                .config
                .vocab
                .satisfaction
                .get(&s)
                .cloned()
                .or_else(|| values::parse_satisfaction(&s).map(String::from))
            {
                Some(v) => v,
                None => {
                    warns.push(FieldWarning {
                        field: Canon::Satisfaction,
                        row: row.row,
                        value: s.clone(),
                        kept: true,
                    });
                    s
                }
            }
        });
        for (f, slot) in [
            (Canon::Likes, &mut t.likes),
            (Canon::Dislikes, &mut t.dislikes),
        ] {
            if let Some(s) = self.cell(row, f) {
                *slot = values::parse_count(s);
                if slot.is_none() {
                    warns.push(FieldWarning {
                        field: f,
                        row: row.row,
                        value: s.into(),
                        kept: false,
                    });
                }
            }
        }
        if let Some(s) = self.cell(row, Canon::Resolved) {
            t.resolved = values::parse_bool(s);
            if t.resolved.is_none() {
                warns.push(FieldWarning {
                    field: Canon::Resolved,
                    row: row.row,
                    value: s.into(),
                    kept: false,
                });
            }
        }
        t.row_hash = content_hash(&t);
        (Ok(t), warns)
    }

    /// The keyed hash of the caller: phone, else ID number, else name (or
    /// account id) when it is more than a surname and an honorific.
    fn caller_key(&self, row: &RawRow) -> Option<String> {
        let ident = if let Some(p) = self.cell(row, Canon::CallerPhone) {
            let digits: String = values::to_half_width(p)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let digits = match digits.strip_prefix("86") {
                Some(rest) if digits.len() == 13 => rest.to_string(),
                _ => digits,
            };
            (!digits.is_empty()).then(|| format!("tel:{digits}"))
        } else {
            None
        };
        let ident = ident
            .or_else(|| {
                self.cell(row, Canon::CallerId)
                    .map(|s| format!("id:{}", values::to_half_width(s).to_uppercase()))
            })
            .or_else(|| {
                // A name identifies a caller only when it is more than a
                // surname and an honorific: 王先生 calls from many homes.
                self.cell(row, Canon::CallerName)
                    .map(clean_text)
                    .filter(|s| crate::text::mask::name_core(s).is_some())
                    .map(|s| format!("name:{s}"))
            })?;
        let mut mac = self.mac.clone();
        mac.update(ident.as_bytes());
        let digest = mac.finalize().into_bytes();
        Some(hex::encode(&digest[..16]))
    }
}

/// `s` with personal numbers masked; untouched (and not copied) when it
/// holds no digit.
fn masked(s: String) -> String {
    if s.bytes().any(|b| b.is_ascii_digit() || b >= 0xEF) {
        crate::text::mask::mask_any(&s, &[]).into_owned()
    } else {
        s
    }
}

fn micros(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_micros()
}

/// A stable hash of a ticket's content (provenance excluded), to tell an
/// identical re-export from a new version.
pub fn content_hash(t: &Ticket) -> u64 {
    use xxhash_rust::xxh3::Xxh3;
    let mut h = Xxh3::new();
    let mut put = |s: Option<&str>| {
        match s {
            Some(s) => {
                h.update(&[1]);
                h.update(s.as_bytes());
            }
            None => h.update(&[0]),
        }
        h.update(&[0xFF]);
    };
    put(Some(&t.ticket_id));
    for s in [
        &t.channel,
        &t.caller_key,
        &t.district,
        &t.street,
        &t.community,
        &t.address,
        &t.place,
        &t.category_l1,
        &t.category_l2,
        &t.category_l3,
        &t.kind,
        &t.title,
        &t.content,
        &t.department,
        &t.status,
        &t.satisfaction,
    ] {
        put(s.as_deref());
    }
    let nums = format!(
        "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        t.received_at, t.due_at, t.closed_at, t.redispatch_count, t.resolved, t.lat, t.lon
    );
    put(Some(&nums));
    // Hashed only when present, so that tickets of exports without them
    // keep the hash they had before these columns existed.
    if t.likes.is_some() || t.dislikes.is_some() {
        put(Some(&format!("{:?}|{:?}", t.likes, t.dislikes)));
    }
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn mapping(headers: &[&str]) -> Mapping {
        let rows = vec![RawRow {
            row: 1,
            cells: headers.iter().map(|s| s.to_string()).collect(),
            problem: None,
        }];
        crate::ingest::mapping::detect(std::path::Path::new("t.csv"), &rows, None, &BTreeMap::new())
            .unwrap()
            .0
    }

    fn an() -> &'static Analyzer {
        static A: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
        A.get_or_init(|| Analyzer::new(&Default::default()).unwrap())
    }

    fn raw(n: u64, cells: &[&str]) -> RawRow {
        RawRow {
            row: n,
            cells: cells.iter().map(|s| s.to_string()).collect(),
            problem: None,
        }
    }

    #[test]
    fn converts_and_hashes_caller() {
        let m = mapping(&[
            "工单编号",
            "受理时间",
            "来电号码",
            "诉求人",
            "办理状态",
            "回访满意度",
            "转派次数",
        ]);
        let c = Converter::new(m, &Config::default(), b"k");
        let (t, w) = c.convert(
            &raw(
                2,
                &[
                    " A1 ",
                    "2024/5/1 8:23",
                    "+86 138-1234-5678",
                    "张三",
                    "已办结",
                    "非常满意",
                    "2",
                ],
            ),
            an(),
        );
        let t = t.unwrap();
        assert!(w.is_empty());
        assert_eq!(t.ticket_id, "A1");
        assert_eq!(t.status.as_deref(), Some("closed"));
        assert_eq!(t.satisfaction.as_deref(), Some("满意"));
        assert_eq!(t.redispatch_count, Some(2));
        let key = t.caller_key.unwrap();
        assert_eq!(key.len(), 32);
        assert!(!key.contains("138"));
        // The same phone written differently is the same caller.
        let (t2, _) = c.convert(
            &raw(3, &["A2", "2024/5/1 8:23", "13812345678", "", "", "", ""]),
            an(),
        );
        assert_eq!(t2.unwrap().caller_key.unwrap(), key);
    }

    #[test]
    fn rejects_with_reasons() {
        let m = mapping(&["工单编号", "受理时间", "诉求内容"]);
        let c = Converter::new(m, &Config::default(), b"k");
        let reason = |cells: &[&str]| c.convert(&raw(5, cells), an()).0.unwrap_err().reason;
        assert_eq!(
            reason(&["", "2024-05-01", "x"]),
            RejectReason::MissingTicketId
        );
        assert_eq!(reason(&["A", "", "x"]), RejectReason::MissingReceivedAt);
        assert_eq!(reason(&["A", "明天", "x"]), RejectReason::BadReceivedAt);
        assert_eq!(reason(&["A", "2024-05-01"]), RejectReason::Ragged);
        assert_eq!(reason(&["", " ", ""]), RejectReason::Blank);
        // Trailing empty cells are not raggedness.
        assert!(
            c.convert(&raw(6, &["A", "2024-05-01", "x", ""]), an())
                .0
                .is_ok()
        );
    }

    #[test]
    fn unknown_vocabulary_is_kept_and_warned() {
        let m = mapping(&["工单编号", "受理时间", "办理状态", "办结时间"]);
        let c = Converter::new(m, &Config::default(), b"k");
        let (t, w) = c.convert(&raw(2, &["A", "2024-05-01", "神秘状态", "不是时间"]), an());
        let t = t.unwrap();
        assert_eq!(t.status.as_deref(), Some("神秘状态"));
        assert_eq!(t.closed_at, None);
        assert_eq!(w.len(), 2);
        assert!(w.iter().any(|w| w.field == Canon::ClosedAt && !w.kept));
    }

    #[test]
    fn status_derived_and_aliases_applied() {
        let m = mapping(&["工单编号", "受理时间", "办结时间", "承办单位"]);
        let mut cfg = Config::default();
        cfg.departments
            .aliases
            .insert("市人社局".into(), "市人力资源和社会保障局".into());
        let c = Converter::new(m, &cfg, b"k");
        let t = c
            .convert(
                &raw(2, &["A", "2024-05-01", "2024-05-03", "市人社局"]),
                an(),
            )
            .0
            .unwrap();
        assert_eq!(t.status.as_deref(), Some("closed"));
        assert_eq!(t.department.as_deref(), Some("市人力资源和社会保障局"));
        let t = c
            .convert(&raw(3, &["B", "2024-05-01", "", ""]), an())
            .0
            .unwrap();
        assert_eq!(t.status.as_deref(), Some("open"));
    }
}
