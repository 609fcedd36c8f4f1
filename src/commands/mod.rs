//! The subcommands: one file each, a short function from parsed arguments to
//! library calls and rendering. Output goes to the writers given; the
//! runtime is the one `main` built.

mod analyze;
mod cluster;
mod config;
mod demo;
mod detect;
mod evaluate;
mod explain;
#[cfg(feature = "synth")]
mod generate;
mod hotspots;
mod ingest;
mod keywords;
mod query;
mod report;
mod run;
mod segment;
mod serve;
mod store;
mod users;
mod webhooks;

use std::io::Write;

use hotline::config::Config;
use hotline::engine::period::Period;
use hotline::error::{Error, Result};
use hotline::progress::Progress;

use crate::cli::{Cli, Command, ReportCommand, StoreArgs, StoreCommand};

/// Runs a parsed command line.
pub async fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    match cli.command {
        Command::Ingest(a) => ingest::run(a, out, err),
        Command::Query(a) => query::run(a, out).await,
        #[cfg(feature = "synth")]
        Command::Gen(a) => generate::run(a, out),
        Command::Analyze(a) => analyze::run(a, out, err).await,
        Command::Detect(a) => detect::run(a, out).await,
        Command::Run(a) => run::run(a, out, err).await,
        Command::Report { report } => match report {
            ReportCommand::Weekly(a) => report::weekly(a, out, err).await,
            ReportCommand::Analyst(a) => report::analyst(a, out, err).await,
            ReportCommand::Warnings(a) => report::warnings(a, out, err).await,
        },
        Command::Evaluate(a) => evaluate::run(a, out).await,
        Command::Explain(a) => explain::run(a, out).await,
        Command::Keywords(a) => keywords::run(a, out, err).await,
        Command::Hotspots(a) => hotspots::run(a, out, err).await,
        Command::Segment(a) => segment::run(a, out),
        Command::Config(a) => config::run(a, out),
        Command::Store {
            store: StoreCommand::Verify(a),
        } => store::verify(a, out),
        Command::Demo(a) => demo::run(a, out, err).await,
        Command::Serve(a) => serve::run(a, out).await,
        Command::Users { users } => users::run(users, out),
        Command::Webhooks { webhooks } => webhooks::run(webhooks, out),
        Command::Cluster { cluster } => cluster::run(cluster, out).await,
    }
}

/// The engine over `--store`, local or on the `--cluster` named.
async fn open_engine(
    store: &StoreArgs,
    cluster: &crate::cli::ClusterFlag,
) -> Result<hotline::engine::Engine> {
    match &cluster.url {
        Some(url) => hotline::engine::Engine::open_on_cluster(&store.store, url).await,
        None => hotline::engine::Engine::open(&store.store).await,
    }
}

/// The config the `--config` flag names (or ./hotline.toml, or defaults).
fn load_config(store: &StoreArgs) -> Result<Config> {
    Config::load(store.config.as_deref())
}

/// The workflow database `--db` or `--store` names, opened.
fn open_workflow(w: &crate::cli::WorkflowArgs) -> Result<hotline::workflow::Workflow> {
    let path = match (&w.db, &w.store) {
        (Some(db), _) => db.clone(),
        (None, Some(store)) => db_path(store, None),
        (None, None) => {
            return Err(Error::Flag {
                flag: "--store".into(),
                message:
                    "say which workflow database: --store DIR (its workflow.sqlite) or --db FILE"
                        .into(),
            });
        }
    };
    hotline::workflow::Workflow::open(&path)
}

/// The workflow database: `--db`, else `STORE/workflow.sqlite`.
fn db_path(store: &std::path::Path, db: Option<&std::path::Path>) -> std::path::PathBuf {
    db.map_or_else(
        || hotline::workflow::Workflow::default_path(store),
        std::path::Path::to_path_buf,
    )
}

/// One line on what detection did to the workflow's warnings.
fn write_sync(
    s: &hotline::workflow::SyncReport,
    db: &std::path::Path,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(
        out,
        "workflow {}: {} warnings raised, {} updated, {} reopened (复发)",
        db.display(),
        s.raised,
        s.updated,
        s.reopened
    )
    .map_err(io)
}

/// The period a `--period` flag names, counted from `anchor`.
fn period_flag(text: &str, anchor: chrono::NaiveDate) -> Result<Period> {
    Period::parse(text, anchor).map_err(|message| Error::Flag {
        flag: "--period".into(),
        message,
    })
}

/// Prints the warnings reports returned, one per line, each once.
fn print_warnings<'a>(
    warnings: impl IntoIterator<Item = &'a String>,
    err: &mut dyn Write,
) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for w in warnings {
        if seen.insert(w) {
            writeln!(err, "warning: {w}").map_err(io)?;
        }
    }
    Ok(())
}

/// A failed write to the output, as the error that names it.
fn io(e: std::io::Error) -> Error {
    Error::write("<output>", e)
}

/// A value as pretty JSON and a newline.
fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io(e.into()))?;
    writeln!(out).map_err(io)
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
struct Bar {
    bar: indicatif::ProgressBar,
}

impl Bar {
    fn new() -> Bar {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg:20!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        Bar { bar }
    }
}

impl Progress for Bar {
    fn begin(&self, label: &str, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(label.to_string());
    }
    fn update(&self, done: u64) {
        self.bar.set_position(done);
    }
    fn end(&self) {
        self.bar.finish_and_clear();
    }
}
