//! `hotline cluster scheduler|executor`: the processes of a Ballista
//! cluster ([`hotline::cluster`]), each running until stopped.

use std::io::Write;

use hotline::cluster::{ExecutorOptions, SchedulerOptions};
use hotline::error::Result;

use super::io;
use crate::cli::ClusterCommand;

pub(super) async fn run(c: ClusterCommand, out: &mut dyn Write) -> Result<()> {
    Stderr::install();
    match c {
        ClusterCommand::Scheduler(a) => {
            let name = format!(
                "{}:{}",
                a.external_host
                    .clone()
                    .unwrap_or_else(|| a.bind.ip().to_string()),
                a.bind.port()
            );
            writeln!(
                out,
                "hotline cluster scheduler on {}: start executors with `hotline cluster executor --scheduler {name}`, then run queries with --cluster df://{name}",
                a.bind
            )
            .map_err(io)?;
            out.flush().map_err(io)?;
            hotline::cluster::run_scheduler(&SchedulerOptions {
                bind: a.bind,
                external_host: a.external_host,
            })
            .await
        }
        ClusterCommand::Executor(a) => {
            let grpc_port = a.grpc_port.unwrap_or(a.bind.port().saturating_add(1));
            writeln!(
                out,
                "hotline cluster executor on {} (tasks on port {grpc_port}), joining the scheduler at {}",
                a.bind, a.scheduler
            )
            .map_err(io)?;
            out.flush().map_err(io)?;
            hotline::cluster::run_executor(&ExecutorOptions {
                scheduler: a.scheduler,
                bind: a.bind,
                grpc_port,
                concurrency: a.concurrency,
                work_dir: a.work_dir,
                external_host: a.external_host,
            })
            .await
        }
    }
}

/// Ballista's own messages (it logs through the `log` crate) on standard
/// error: warnings and errors, or down to the level `HOTLINE_LOG` names
/// (`info`, `debug`), so an operator sees why a task failed.
struct Stderr(log::LevelFilter);

impl Stderr {
    fn install() {
        let level = std::env::var("HOTLINE_LOG")
            .ok()
            .and_then(|l| l.parse().ok())
            .unwrap_or(log::LevelFilter::Warn);
        if log::set_boxed_logger(Box::new(Stderr(level))).is_ok() {
            log::set_max_level(level);
        }
    }
}

impl log::Log for Stderr {
    fn enabled(&self, m: &log::Metadata) -> bool {
        m.level() <= self.0
    }

    fn log(&self, r: &log::Record) {
        if self.enabled(r.metadata()) {
            eprintln!("{} {} {}", r.level(), r.target(), r.args());
        }
    }

    fn flush(&self) {}
}
