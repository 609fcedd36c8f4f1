//! The tickets the problem detectors read (class cases, hot issues, repeat
//! callers), loaded once per run by column name, so that a change to the
//! query cannot shift a column under a detector.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int32Type, TimestampMicrosecondType};

use crate::engine::Engine;
use crate::engine::queries::Params;
use crate::error::{Error, Result};

/// One ticket as the problem detectors see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ticket {
    pub id: String,
    pub received_at: NaiveDateTime,
    pub district: Option<String>,
    pub street: Option<String>,
    pub category: Option<String>,
    pub category_l2: Option<String>,
    /// The place as the text stage found it (a mention, not yet an entity).
    pub place: Option<String>,
    pub caller_key: Option<String>,
    pub address: Option<String>,
    pub department: Option<String>,
    pub title: Option<String>,
    /// The content words, in order, repeats kept.
    pub tokens: Vec<String>,
    pub likes: u32,
    pub dislikes: u32,
}

impl Ticket {
    /// The day it was received.
    pub fn day(&self) -> NaiveDate {
        self.received_at.date()
    }

    /// Who called, as far as the export says: the caller key, or, in an
    /// export without callers, the home its address names ([`home`]);
    /// `None` when neither says (each such ticket is a caller of its own).
    pub fn caller(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.caller_key {
            Some(k) => Some(std::borrow::Cow::Borrowed(k.as_str())),
            None => self
                .address
                .as_deref()
                .and_then(home)
                .map(std::borrow::Cow::Owned),
        }
    }
}

/// The home an address names, when it goes down to the building, unit or
/// room (a number before 栋, 幢, 号楼, 单元, 室 or 户), whitespace removed;
/// None for an address that names only a road, an estate or a village.
pub fn home(address: &str) -> Option<String> {
    let a: String = crate::text::normalize::half_width_alnum(address)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut digits = false;
    let mut found = false;
    for (i, c) in a.char_indices() {
        if c.is_ascii_digit() {
            digits = true;
            continue;
        }
        if digits
            && ["栋", "幢", "号楼", "单元", "室", "户"]
                .iter()
                .any(|u| a[i..].starts_with(u))
        {
            found = true;
            break;
        }
        digits = false;
    }
    found.then_some(a)
}

const COLUMNS: &str = "ticket_id, received_at, district, street, category_l1, category_l2, place, \
     caller_key, address, department, title, tokens, likes, dislikes";

/// The tickets received from `from` to `to` (both included), in time order.
pub async fn load(engine: &Engine, from: NaiveDate, to: NaiveDate) -> Result<Vec<Ticket>> {
    let p = Params::new()
        .day("start", from)
        .day("end", to + Duration::days(1));
    let r = engine
        .query_with(
            &format!(
                "SELECT {COLUMNS} FROM tickets WHERE received_at >= $start AND received_at < $end \
                 ORDER BY received_at, ticket_id"
            ),
            &p,
        )
        .await?;
    let mut out = Vec::new();
    for b in &r.batches {
        read_batch(b, &mut out)?;
    }
    Ok(out)
}

fn column<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a dyn Array> {
    b.schema()
        .index_of(name)
        .map(|i| b.column(i).as_ref())
        .map_err(|_| Error::Query(format!("the detectors' query lacks the column {name}")))
}

fn read_batch(b: &RecordBatch, out: &mut Vec<Ticket>) -> Result<()> {
    let text = |name: &str| -> Result<_> { Ok(column(b, name)?.as_string::<i32>()) };
    let (id, district, street) = (text("ticket_id")?, text("district")?, text("street")?);
    let (l1, l2, place) = (text("category_l1")?, text("category_l2")?, text("place")?);
    let (caller, address, dept) = (text("caller_key")?, text("address")?, text("department")?);
    let title = text("title")?;
    let at = column(b, "received_at")?.as_primitive::<TimestampMicrosecondType>();
    let tokens = column(b, "tokens")?.as_list::<i32>();
    let likes = column(b, "likes")?.as_primitive::<Int32Type>();
    let dislikes = column(b, "dislikes")?.as_primitive::<Int32Type>();
    let opt = |a: &datafusion::arrow::array::StringArray, i: usize| {
        (!a.is_null(i)).then(|| a.value(i).to_string())
    };
    let count = |a: &datafusion::arrow::array::Int32Array, i: usize| {
        if a.is_null(i) {
            0
        } else {
            a.value(i).max(0) as u32
        }
    };
    for i in 0..b.num_rows() {
        let toks = if tokens.is_null(i) {
            Vec::new()
        } else {
            let v = tokens.value(i);
            let v = v.as_string::<i32>();
            (0..v.len()).map(|j| v.value(j).to_string()).collect()
        };
        out.push(Ticket {
            id: id.value(i).to_string(),
            received_at: chrono::DateTime::from_timestamp_micros(at.value(i))
                .map(|d| d.naive_utc())
                .unwrap_or_default(),
            district: opt(district, i),
            street: opt(street, i),
            category: opt(l1, i),
            category_l2: opt(l2, i),
            place: opt(place, i),
            caller_key: opt(caller, i),
            address: opt(address, i),
            department: opt(dept, i),
            title: opt(title, i),
            tokens: toks,
            likes: count(likes, i),
            dislikes: count(dislikes, i),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(caller: Option<&str>, address: Option<&str>) -> Ticket {
        Ticket {
            caller_key: caller.map(str::to_string),
            address: address.map(str::to_string),
            ..Ticket::default()
        }
    }

    #[test]
    fn a_caller_is_the_key_else_the_home_an_address_names() {
        let home = "城东区长青街道香樟园18栋2单元301室";
        assert_eq!(
            ticket(Some("k1"), Some(home)).caller().as_deref(),
            Some("k1")
        );
        assert_eq!(ticket(None, Some(home)).caller().as_deref(), Some(home));
        // A road or an estate is a place, not a home: no caller is known.
        assert_eq!(ticket(None, Some("城东区黄河路18号")).caller(), None);
        assert_eq!(ticket(None, None).caller(), None);
        // Five calls from one flat and two from the road are three callers.
        let tickets: Vec<Ticket> = (0..5)
            .map(|_| ticket(None, Some(home)))
            .chain((0..2).map(|_| ticket(None, Some("城东区黄河路18号"))))
            .collect();
        let all: Vec<usize> = (0..tickets.len()).collect();
        assert_eq!(crate::detect::hotspots::callers(&tickets, &all), 3);
    }
}
