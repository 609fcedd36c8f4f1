//! Columnar batches of tickets in the store schema.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, RecordBatch,
    StringBuilder, TimestampMicrosecondBuilder, UInt64Builder,
};

use crate::error::Result;
use crate::ingest::convert::Ticket;
use crate::schema::store_schema;

/// Builds a record batch of `tickets`, all from `source_file`.
pub fn to_batch(tickets: &[&Ticket], source_file: &str) -> Result<RecordBatch> {
    let n = tickets.len();
    let strs = |get: &dyn Fn(&Ticket) -> Option<&str>| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(n, n * 8);
        for t in tickets {
            b.append_option(get(t));
        }
        Arc::new(b.finish())
    };
    let times = |get: &dyn Fn(&Ticket) -> Option<i64>| -> ArrayRef {
        let mut b = TimestampMicrosecondBuilder::with_capacity(n);
        for t in tickets {
            b.append_option(get(t));
        }
        Arc::new(b.finish())
    };
    let floats = |get: &dyn Fn(&Ticket) -> Option<f64>| -> ArrayRef {
        let mut b = Float64Builder::with_capacity(n);
        for t in tickets {
            b.append_option(get(t));
        }
        Arc::new(b.finish())
    };
    let mut redispatch = Int32Builder::with_capacity(n);
    let mut likes = Int32Builder::with_capacity(n);
    let mut dislikes = Int32Builder::with_capacity(n);
    let mut resolved = BooleanBuilder::with_capacity(n);
    let mut tokens = ListBuilder::new(StringBuilder::new());
    let mut source_row = Int64Builder::with_capacity(n);
    let mut row_hash = UInt64Builder::with_capacity(n);
    let mut source = StringBuilder::with_capacity(n, n * source_file.len());
    for t in tickets {
        redispatch.append_option(t.redispatch_count);
        resolved.append_option(t.resolved);
        likes.append_option(t.likes);
        dislikes.append_option(t.dislikes);
        match &t.tokens {
            Some(toks) => {
                for tok in toks.iter() {
                    tokens.values().append_value(tok);
                }
                tokens.append(true);
            }
            None => tokens.append(false),
        }
        source_row.append_value(t.source_row);
        row_hash.append_value(t.row_hash);
        source.append_value(source_file);
    }
    let columns: Vec<ArrayRef> = vec![
        strs(&|t| Some(t.ticket_id.as_str())),
        times(&|t| Some(t.received_at)),
        strs(&|t| t.channel.as_deref()),
        strs(&|t| t.caller_key.as_deref()),
        strs(&|t| t.district.as_deref()),
        strs(&|t| t.street.as_deref()),
        strs(&|t| t.community.as_deref()),
        strs(&|t| t.address.as_deref()),
        strs(&|t| t.place.as_deref()),
        floats(&|t| t.lat),
        floats(&|t| t.lon),
        strs(&|t| t.category_l1.as_deref()),
        strs(&|t| t.category_l2.as_deref()),
        strs(&|t| t.category_l3.as_deref()),
        strs(&|t| t.kind.as_deref()),
        strs(&|t| t.title.as_deref()),
        strs(&|t| t.content.as_deref()),
        strs(&|t| t.department.as_deref()),
        strs(&|t| t.status.as_deref()),
        times(&|t| t.due_at),
        times(&|t| t.closed_at),
        Arc::new(redispatch.finish()),
        strs(&|t| t.satisfaction.as_deref()),
        Arc::new(resolved.finish()),
        Arc::new(likes.finish()),
        Arc::new(dislikes.finish()),
        Arc::new(tokens.finish()),
        Arc::new(source.finish()),
        Arc::new(source_row.finish()),
        Arc::new(row_hash.finish()),
    ];
    Ok(RecordBatch::try_new(store_schema(), columns)?)
}
