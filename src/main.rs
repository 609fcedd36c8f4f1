//! The `hotline` binary: parse arguments, run, map errors to exit codes.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = hotline::cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    match hotline::app::run(cli, &mut out, &mut err) {
        Ok(()) => ExitCode::SUCCESS,
        Err(hotline::Error::Write { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(match e {
                hotline::Error::Flag { .. } | hotline::Error::Config { .. } => 2,
                _ => 1,
            })
        }
    }
}
