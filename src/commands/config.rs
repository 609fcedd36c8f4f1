//! `hotline config`: the effective configuration as TOML.

use std::io::Write;

use hotline::config::Config;
use hotline::error::Result;

use super::io;
use crate::cli::ConfigArgs;

pub(super) fn run(a: ConfigArgs, out: &mut dyn Write) -> Result<()> {
    let cfg = Config::load(a.config.as_deref())?;
    write!(out, "{}", cfg.to_toml()).map_err(io)
}
