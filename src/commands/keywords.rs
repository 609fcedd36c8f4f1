//! `hotline keywords`: TF-IDF keywords per group over a period.

use std::io::Write;

use hotline::analyze::keywords::{self, KeywordOptions};
use hotline::engine::{Engine, render};
use hotline::error::Result;

use super::{io, period_flag, print_warnings};
use crate::cli::{GroupBy, KeywordsArgs};

pub(super) async fn run(a: KeywordsArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    if a.by == GroupBy::All && a.period == "all" {
        writeln!(
            err,
            "note: with --by all over the whole store, each word's share and rarity come from \
             the same tickets, so the words rank by how many tickets use them; add --by \
             category|district|department, or a --period such as last-week"
        )
        .map_err(io)?;
    }
    let opts = KeywordOptions {
        by: a.by.into(),
        period: period_flag(&a.period, a.as_of.day())?,
        top: a.top,
        min_count: a.min_count,
    };
    let engine = Engine::open(&a.store.store).await?;
    let result = keywords::keywords(&engine, &opts).await?;
    if result.num_rows() == 0 {
        print_warnings(
            &hotline::analyze::empty_period(&engine, &opts.period).await?,
            err,
        )?;
    }
    render::write(&result, a.format.into(), out)
}
