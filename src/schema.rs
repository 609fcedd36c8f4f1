//! The canonical ticket schema (docs/design.md, "Canonical ticket schema").
//!
//! Every export, whatever its headers, is mapped onto these columns. The store
//! keeps one extra hidden column, `_row_hash`, a hash of the ticket's content
//! used to tell a re-exported identical ticket (unchanged) from a new version
//! of it (replaced). The `tickets` view of the engine leaves it out.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

/// A field of the canonical schema that an export column can be mapped onto.
///
/// `CallerPhone`, `CallerId` and `CallerName` are inputs only: they are turned
/// into `caller_key` (a keyed hash) and never stored as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Canon {
    TicketId,
    ReceivedAt,
    Channel,
    CallerPhone,
    CallerId,
    CallerName,
    District,
    Street,
    Community,
    Address,
    Place,
    Lat,
    Lon,
    CategoryL1,
    CategoryL2,
    CategoryL3,
    Kind,
    Title,
    Content,
    Department,
    Status,
    DueAt,
    ClosedAt,
    RedispatchCount,
    Satisfaction,
    Resolved,
    /// 点赞数 of a message board's letter: how many readers back it.
    Likes,
    /// 反对数.
    Dislikes,
}

/// The canonical input fields, in schema order.
pub const INPUT_FIELDS: &[Canon] = &[
    Canon::TicketId,
    Canon::ReceivedAt,
    Canon::Channel,
    Canon::CallerPhone,
    Canon::CallerId,
    Canon::CallerName,
    Canon::District,
    Canon::Street,
    Canon::Community,
    Canon::Address,
    Canon::Place,
    Canon::Lat,
    Canon::Lon,
    Canon::CategoryL1,
    Canon::CategoryL2,
    Canon::CategoryL3,
    Canon::Kind,
    Canon::Title,
    Canon::Content,
    Canon::Department,
    Canon::Status,
    Canon::DueAt,
    Canon::ClosedAt,
    Canon::RedispatchCount,
    Canon::Satisfaction,
    Canon::Resolved,
    Canon::Likes,
    Canon::Dislikes,
];

impl Canon {
    /// The name used in config files (`[columns]`) and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Canon::TicketId => "ticket_id",
            Canon::ReceivedAt => "received_at",
            Canon::Channel => "channel",
            Canon::CallerPhone => "caller_phone",
            Canon::CallerId => "caller_id_number",
            Canon::CallerName => "caller_name",
            Canon::District => "district",
            Canon::Street => "street",
            Canon::Community => "community",
            Canon::Address => "address",
            Canon::Place => "place",
            Canon::Lat => "lat",
            Canon::Lon => "lon",
            Canon::CategoryL1 => "category_l1",
            Canon::CategoryL2 => "category_l2",
            Canon::CategoryL3 => "category_l3",
            Canon::Kind => "kind",
            Canon::Title => "title",
            Canon::Content => "content",
            Canon::Department => "department",
            Canon::Status => "status",
            Canon::DueAt => "due_at",
            Canon::ClosedAt => "closed_at",
            Canon::RedispatchCount => "redispatch_count",
            Canon::Satisfaction => "satisfaction",
            Canon::Resolved => "resolved",
            Canon::Likes => "likes",
            Canon::Dislikes => "dislikes",
        }
    }

    /// Parses a config name back into a field.
    pub fn from_name(name: &str) -> Option<Canon> {
        INPUT_FIELDS.iter().copied().find(|f| f.name() == name)
    }

    /// Whether a row without this field is rejected.
    pub fn required(self) -> bool {
        matches!(self, Canon::TicketId | Canon::ReceivedAt)
    }
}

/// Name of the hidden content-hash column of the store.
pub const ROW_HASH: &str = "_row_hash";

/// The columns of a stored ticket, in order. `tickets` exposes all but the last.
pub fn store_schema() -> SchemaRef {
    let ts = || DataType::Timestamp(TimeUnit::Microsecond, None);
    let s = || DataType::Utf8;
    Arc::new(Schema::new(vec![
        Field::new("ticket_id", s(), false),
        Field::new("received_at", ts(), false),
        Field::new("channel", s(), true),
        Field::new("caller_key", s(), true),
        Field::new("district", s(), true),
        Field::new("street", s(), true),
        Field::new("community", s(), true),
        Field::new("address", s(), true),
        Field::new("place", s(), true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        Field::new("category_l1", s(), true),
        Field::new("category_l2", s(), true),
        Field::new("category_l3", s(), true),
        Field::new("kind", s(), true),
        Field::new("title", s(), true),
        Field::new("content", s(), true),
        Field::new("department", s(), true),
        Field::new("status", s(), true),
        Field::new("due_at", ts(), true),
        Field::new("closed_at", ts(), true),
        Field::new("redispatch_count", DataType::Int32, true),
        Field::new("satisfaction", s(), true),
        Field::new("resolved", DataType::Boolean, true),
        Field::new("likes", DataType::Int32, true),
        Field::new("dislikes", DataType::Int32, true),
        Field::new(
            "tokens",
            DataType::List(Arc::new(Field::new("item", s(), true))),
            true,
        ),
        Field::new("source_file", s(), false),
        Field::new("source_row", DataType::Int64, false),
        Field::new(ROW_HASH, DataType::UInt64, false),
    ]))
}

/// Columns added to the store after its first format: files written before
/// lack them, and read them as empty.
pub const LATER_COLUMNS: &[&str] = &["likes", "dislikes"];

/// The public column names of the `tickets` view (everything but `_row_hash`).
pub fn public_columns() -> Vec<String> {
    store_schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .filter(|n| n != ROW_HASH)
        .collect()
}
