//! The `hotline` binary, the face of the library: parse arguments
//! ([`cli`]), build the one tokio runtime, run the command ([`commands`])
//! and map errors to exit codes (2 for a bad flag or config, 1 otherwise).

mod cli;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    // Ballista's scheduler and executors walk deep plans recursively (its
    // own binaries give their threads 32 MB for it); the stack is reserved,
    // not used, until a plan needs it.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(32 * 1024 * 1024)
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli, &mut out, &mut err)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(hotline::Error::Write { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(match e {
                hotline::Error::Flag { .. }
                | hotline::Error::Config { .. }
                | hotline::Error::Input { .. } => 2,
                _ => 1,
            })
        }
    }
}
