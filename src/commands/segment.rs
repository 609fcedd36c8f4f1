//! `hotline segment`: how hotline reads a text, for checking dictionaries.

use std::io::Write;
use std::path::Path;

use hotline::config::Config;
use hotline::error::{Error, Result};

use super::io;
use crate::cli::SegmentArgs;

pub(super) fn run(a: SegmentArgs, out: &mut dyn Write) -> Result<()> {
    let cfg = Config::load(a.config.as_deref())?;
    let text = hotline::text::Analyzer::new(&cfg.text)?;
    let mut inputs = a.texts;
    if let Some(f) = &a.file {
        let body = std::fs::read_to_string(f).map_err(|e| Error::read(f, e))?;
        inputs.extend(
            body.lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
    } else if inputs.is_empty() {
        let mut body = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut body)
            .map_err(|e| Error::read(Path::new("<stdin>"), e))?;
        inputs.extend(
            body.lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
    }
    for t in &inputs {
        let tr = text.trace(t, a.address.as_deref());
        if a.json {
            let line = serde_json::to_string(&tr).map_err(|e| io(std::io::Error::other(e)))?;
            writeln!(out, "{line}").map_err(io)?;
        } else {
            writeln!(
                out,
                "stored:   {}\nanalysis: {}\nwords:    {}\ntokens:   {}\nplace:    {}\n",
                tr.stored,
                tr.analysis,
                tr.words.join(" | "),
                tr.tokens.join(" "),
                tr.place.as_deref().unwrap_or("-")
            )
            .map_err(io)?;
        }
    }
    Ok(())
}
