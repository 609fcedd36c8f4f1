//! `hotline gen`: a synthetic export with planted events and its truth file.

use std::io::Write;

use hotline::detect::truth::Without;
use hotline::error::{Error, Result};
use hotline::synth::{self, GenSpec, Style, banks};

use super::io;
use crate::cli::{GenArgs, GenEncoding, GenFormat};

pub(super) fn run(a: GenArgs, out: &mut dyn Write) -> Result<()> {
    let bank = banks::by_name(&a.bank).ok_or_else(|| Error::Flag {
        flag: "--bank".into(),
        message: format!("no bank `{}`; choose from {}", a.bank, banks::names()),
    })?;
    let without = Without::parse(&a.without).map_err(|message| Error::Flag {
        flag: "--without".into(),
        message,
    })?;
    let spec = GenSpec {
        tickets: a.tickets,
        days: a.days,
        seed: a.seed,
        start: a.start,
        xlsx: a.format == GenFormat::Xlsx,
        gbk: a.encoding == GenEncoding::Gbk,
        style: Style {
            bank,
            letters: a.letters,
            without,
        },
    };
    let summary = synth::generate(&spec, &a.out)?;
    writeln!(
        out,
        "wrote {} tickets over {} days to {}\ntruth (planted events) in {}",
        summary.tickets,
        a.days,
        a.out.display(),
        summary.truth_path.display()
    )
    .map_err(io)
}
