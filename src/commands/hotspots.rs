//! `hotline hotspots`: the hot issues of a period, ranked by heat.

use std::io::Write;
use std::sync::Arc;

use hotline::detect::hotspots::Hotspot;
use hotline::engine::render::{self, Format};
use hotline::engine::{Engine, QueryResult};
use hotline::error::Result;

use super::{io, period_flag, print_warnings};
use crate::cli::HotspotsArgs;

pub(super) async fn run(a: HotspotsArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let period = period_flag(&a.period, a.as_of.day())?;
    let engine = Engine::open(&a.store.store).await?;
    let rows = hotline::detect::hotspots::hotspots(&engine, &period, a.top).await?;
    if rows.is_empty() {
        print_warnings(
            &hotline::analyze::empty_period(&engine, &period).await?,
            err,
        )?;
    }
    write_hotspots(&rows, a.format.into(), out)
}

/// The hot issues as a table, CSV (ticket ids joined by `;`) or a JSON array.
fn write_hotspots(rows: &[Hotspot], format: Format, out: &mut dyn Write) -> Result<()> {
    use datafusion::arrow::array::{ArrayRef, Float64Array, StringArray, UInt64Array};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, rows).map_err(|e| io(e.into()))?;
        return writeln!(out).map_err(io);
    }
    let ids = |r: &Hotspot| {
        if format == Format::Table && r.ticket_ids.len() > 3 {
            format!("{} …", r.ticket_ids[..3].join(";"))
        } else {
            r.ticket_ids.join(";")
        }
    };
    let text = |f: &dyn Fn(&Hotspot) -> String| -> ArrayRef {
        Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let num = |f: &dyn Fn(&Hotspot) -> u64| -> ArrayRef {
        Arc::new(UInt64Array::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("rank", DataType::UInt64, false),
        Field::new("heat", DataType::Float64, false),
        Field::new("start", DataType::Utf8, false),
        Field::new("end", DataType::Utf8, false),
        Field::new("place", DataType::Utf8, false),
        Field::new("title", DataType::Utf8, false),
        Field::new("keywords", DataType::Utf8, false),
        Field::new("tickets", DataType::UInt64, false),
        Field::new("callers", DataType::UInt64, false),
        Field::new("ticket_ids", DataType::Utf8, false),
    ]));
    let batch = datafusion::arrow::array::RecordBatch::try_new(
        schema.clone(),
        vec![
            num(&|r| r.rank as u64),
            Arc::new(Float64Array::from(
                rows.iter().map(|r| r.heat).collect::<Vec<_>>(),
            )),
            text(&|r| r.start.to_string()),
            text(&|r| r.end.to_string()),
            text(&|r| r.place.clone().unwrap_or_default()),
            text(&|r| r.title.clone()),
            text(&|r| r.keywords.join(" ")),
            num(&|r| r.tickets as u64),
            num(&|r| r.callers as u64),
            text(&ids),
        ],
    )?;
    render::write(
        &QueryResult {
            schema,
            batches: vec![batch],
        },
        format,
        out,
    )
}
