//! `hotline query`: read-only SQL over the store, parameters bound.

use std::io::Write;
use std::path::Path;

use hotline::engine::queries::Params;
use hotline::engine::render;
use hotline::error::{Error, Result};

use crate::cli::QueryArgs;

pub(super) async fn run(a: QueryArgs, out: &mut dyn Write) -> Result<()> {
    let sql = read_sql(&a.sql)?;
    let anchor = a.as_of.day();
    let mut bound = Params::new();
    for p in &a.params {
        bound = bound
            .parse_assignment(p, anchor)
            .map_err(|message| Error::Flag {
                flag: "--param".into(),
                message,
            })?;
    }
    let engine = super::open_engine(&a.store, &a.cluster).await?;
    let result = engine.query_with(&sql, &bound).await?;
    render::write(&result, a.format.into(), out)
}

/// SQL text, or the contents of a .sql file.
fn read_sql(arg: &str) -> Result<String> {
    let p = Path::new(arg);
    if arg.ends_with(".sql") || (p.is_file() && !arg.contains(' ')) {
        std::fs::read_to_string(p).map_err(|e| Error::read(p, e))
    } else {
        Ok(arg.to_string())
    }
}
