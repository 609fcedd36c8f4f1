//! Command-line definitions (clap derive); the help text comes from these
//! doc comments. Only the binary knows them: the library has no clap.
//!
//! Every command over a store flattens [`StoreArgs`] (`--store`,
//! `--config`); every command about a day flattens [`AsOf`], parsed to a
//! date here so that a bad day is refused with the flag named before
//! anything runs.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The store a command reads or writes, and the config that applies.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Store folder (`ingest` creates it).
    #[arg(long)]
    pub store: PathBuf,
    /// Config file (default: ./hotline.toml if present).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// The day a command is about.
#[derive(Debug, Clone, Copy, Args)]
pub struct AsOf {
    /// The day (YYYY-MM-DD) detection runs for and relative periods
    /// (last-week) count from; default today.
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,
}

impl AsOf {
    /// The day given, or today.
    pub fn day(self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// A day flag's value: YYYY-MM-DD.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a day; write it as 2024-05-31"))
}

/// hotline: analytics and early warning for government service hotlines (12345 / 311).
#[derive(Debug, Parser)]
#[command(name = "hotline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    Table,
    Csv,
    Json,
}

impl From<QueryFormat> for hotline::engine::render::Format {
    fn from(f: QueryFormat) -> Self {
        match f {
            QueryFormat::Table => Self::Table,
            QueryFormat::Csv => Self::Csv,
            QueryFormat::Json => Self::Json,
        }
    }
}

/// What keywords are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    All,
    Category,
    District,
    Department,
}

impl From<GroupBy> for hotline::analyze::keywords::GroupBy {
    fn from(g: GroupBy) -> Self {
        match g {
            GroupBy::All => Self::All,
            GroupBy::Category => Self::Category,
            GroupBy::District => Self::District,
            GroupBy::Department => Self::Department,
        }
    }
}

/// File format of a generated export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenFormat {
    Csv,
    Xlsx,
}

/// Text encoding of a generated CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenEncoding {
    Utf8,
    Gbk,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest ticket exports (CSV/TSV, XLSX/XLS, Parquet, JSON Lines) into a store.
    Ingest(IngestArgs),
    /// Run read-only SQL over the store's `tickets` and `rejects` tables.
    Query(QueryArgs),
    /// Generate a synthetic 12345 export with planted events, and its truth file.
    #[cfg(feature = "synth")]
    Gen(GenArgs),
    /// Run every standard analysis (queries/*.sql) over a period; write CSV,
    /// Parquet and one XLSX workbook.
    Analyze(AnalyzeArgs),
    /// Run every detector for a day, commit the alerts to the store's alert
    /// lifecycle and write them (JSON Lines, docs/design.md format).
    Detect(DetectArgs),
    /// The weekly schedule in one go: the standard analyses of the ISO week
    /// that holds the day, detection for the day, and the warning notices.
    Run(RunArgs),
    /// Write reports (see `hotline report warnings --help`).
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Run detection day by day over a generated export's store and score it
    /// against the planted events (the truth file `hotline gen` writes).
    Evaluate(EvaluateArgs),
    /// Print the evidence behind an alert: a surge's series, baseline and
    /// test, or the tickets of a class case, repeat caller or emerging term.
    Explain(ExplainArgs),
    /// Keywords per group by TF-IDF, with word rarity learned from the store.
    Keywords(KeywordsArgs),
    /// Hot issues of a period (热点问题): the problems of the period — tickets
    /// about one problem at one place — ranked by a heat index (tickets,
    /// distinct callers, span, growth, likes).
    Hotspots(HotspotsArgs),
    /// Show how hotline reads a text: cleaned and masked, boilerplate removed,
    /// jieba words, tokens and place. For checking dictionaries.
    Segment(SegmentArgs),
    /// Print the effective configuration (defaults < file < environment).
    Config(ConfigArgs),
    /// Check or repair a store (see `hotline store verify --help`).
    Store {
        #[command(subcommand)]
        store: StoreCommand,
    },
    /// Run the pipeline on the bundled sample data and print where the outputs are.
    Demo(DemoArgs),
    /// Serve the workbench: departments receive, sign, answer and close their
    /// warnings; the centre assigns, reassigns and presses (pages without
    /// JavaScript or network, a session or API token per user).
    Serve(ServeArgs),
    /// Manage the workbench's users (see `hotline users add --help`).
    Users {
        #[command(subcommand)]
        users: UsersCommand,
    },
    /// Run a scheduler or an executor of a Ballista cluster, for
    /// `--cluster df://HOST:PORT` on query, analyze and report analyst
    /// (see docs/cluster.md).
    Cluster {
        #[command(subcommand)]
        cluster: ClusterCommand,
    },
    /// Departments' webhooks: their systems are POSTed each warning newly
    /// routed to them and each that comes back (see `hotline webhooks add --help`).
    Webhooks {
        #[command(subcommand)]
        webhooks: WebhooksCommand,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

/// The reports.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The weekly briefing (周报) for leadership, as Markdown, HTML and JSON.
    Weekly(WeeklyArgs),
    /// The analyst report of a period: every standard analysis as tables and
    /// charts in one HTML page with a table of contents, plus the CSV,
    /// Parquet and XLSX files of `hotline analyze`.
    Analyst(AnalystArgs),
    /// Department warning notices (类案预警单) for the alerts of a day: one
    /// notice per department as Markdown, HTML and JSON.
    Warnings(WarningsArgs),
}

/// The workbench's users.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user; the password is read from stdin (first line).
    Add(UsersAddArgs),
    /// Print a new API token for a user (the old one stops working).
    Token(UserNameArgs),
    /// List the users.
    List(WorkflowArgs),
    /// Disable a user: password, token and sessions stop working.
    Disable(UserNameArgs),
}

/// Departments' webhooks.
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Register a URL for a department's warnings; prints the secret that
    /// signs them (X-Hotline-Signature: sha256=HMAC of "TIMESTAMP.BODY").
    Add(WebhookAddArgs),
    /// List the webhooks and what became of their deliveries.
    List(WorkflowArgs),
    /// Stop a webhook: nothing more is sent to it.
    Disable(WebhookIdArgs),
    /// Send the deliveries due now (the server does this every few seconds).
    Deliver(WorkflowArgs),
}

/// Arguments of `hotline webhooks add`.
#[derive(Debug, Args)]
pub struct WebhookAddArgs {
    /// The department whose warnings are sent, as the routing names it.
    #[arg(long)]
    pub department: String,
    /// Where they are POSTed (http:// or https://).
    #[arg(long)]
    pub url: String,
    #[command(flatten)]
    pub workflow: WorkflowArgs,
}

/// Arguments of `hotline webhooks disable`.
#[derive(Debug, Args)]
pub struct WebhookIdArgs {
    /// The webhook's id, as `hotline webhooks list` shows it.
    pub id: i64,
    #[command(flatten)]
    pub workflow: WorkflowArgs,
}

/// Where the workflow database is.
#[derive(Debug, Clone, Args)]
pub struct WorkflowArgs {
    /// Store folder; the database is STORE/workflow.sqlite unless --db says otherwise.
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// The workflow database (SQLite file).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

/// Arguments of `hotline users add`.
#[derive(Debug, Args)]
pub struct UsersAddArgs {
    /// The user's name (what they sign in with).
    pub name: String,
    /// centre (assigns and presses), analyst (reads) or department (acts on its own warnings).
    #[arg(long)]
    pub role: String,
    /// The department a department user acts for, as the routing names it.
    #[arg(long)]
    pub department: Option<String>,
    #[command(flatten)]
    pub workflow: WorkflowArgs,
}

/// Arguments of `hotline users token|disable`.
#[derive(Debug, Args)]
pub struct UserNameArgs {
    pub name: String,
    #[command(flatten)]
    pub workflow: WorkflowArgs,
}

/// Arguments of `hotline serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The workflow database (default: STORE/workflow.sqlite).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

/// Store maintenance.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Check every file the manifest lists (present, of the size and checksum
    /// recorded at its commit, readable, with its row count), that ticket ids
    /// are unique, and that the rejects and the alert state are readable.
    /// Prints what is wrong and how to recover; exit code 1 on any fault.
    /// Records sizes and checksums the manifest does not yet hold.
    Verify(VerifyArgs),
}

/// Arguments of `hotline ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Export files to ingest; they are committed together or not at all.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Header preset (cn12345, message_board, fuzhou_river, shangluo_mailbox, nyc311);
    /// detected from the header row when omitted.
    #[arg(long)]
    pub preset: Option<String>,
    /// Text encoding of CSV files: auto, utf8, gbk or gb18030.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Sheet of a workbook to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Print the accounting as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Where queries run: here, or on a Ballista cluster.
#[derive(Debug, Args)]
pub struct ClusterFlag {
    /// Run the queries on a Ballista cluster: the scheduler's address
    /// (`hotline cluster scheduler`). The store must be at the same
    /// absolute path on every executor.
    #[arg(long = "cluster", value_name = "df://HOST:PORT")]
    pub url: Option<String>,
}

/// The processes of a cluster.
#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Run the scheduler: it plans stages and hands their tasks to the
    /// executors. Runs until stopped.
    Scheduler(SchedulerArgs),
    /// Run an executor: it registers with the scheduler and runs tasks over
    /// the store's files. Runs until stopped.
    Executor(ExecutorArgs),
}

/// Arguments of `hotline cluster scheduler`.
#[derive(Debug, Args)]
pub struct SchedulerArgs {
    /// Address to listen on; 0.0.0.0:50050 serves other machines.
    #[arg(long, default_value = "127.0.0.1:50050")]
    pub bind: std::net::SocketAddr,
    /// The host name executors reach this scheduler by, when bound to 0.0.0.0.
    #[arg(long, value_name = "HOST")]
    pub external_host: Option<String>,
}

/// Arguments of `hotline cluster executor`.
#[derive(Debug, Args)]
pub struct ExecutorArgs {
    /// The scheduler, HOST:PORT or df://HOST:PORT.
    #[arg(long, value_name = "HOST:PORT")]
    pub scheduler: String,
    /// Address of this executor's data (Arrow Flight) service; its task
    /// service listens on the next port unless --grpc-port says otherwise.
    #[arg(long, default_value = "127.0.0.1:50051")]
    pub bind: std::net::SocketAddr,
    /// Port of the executor's task (gRPC) service.
    #[arg(long)]
    pub grpc_port: Option<u16>,
    /// Tasks run at once (default: one a core).
    #[arg(long, default_value_t = 0)]
    pub concurrency: usize,
    /// Folder for shuffle files (default: a new one in the temporary folder).
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    /// The host name the scheduler and other executors reach this one by,
    /// when bound to 0.0.0.0.
    #[arg(long, value_name = "HOST")]
    pub external_host: Option<String>,
}

/// Arguments of `hotline query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// SQL text, or a path to a .sql file.
    pub sql: String,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
    /// A query parameter, NAME=VALUE (repeatable); period=RANGE sets $start and $end.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub as_of: AsOf,
    #[command(flatten)]
    pub cluster: ClusterFlag,
}

/// Arguments of `hotline gen`.
#[cfg(feature = "synth")]
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Number of tickets.
    #[arg(long, default_value_t = 10_000)]
    pub tickets: u64,
    /// Number of days covered.
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    /// Random seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// First day (YYYY-MM-DD).
    #[arg(long, default_value = "2024-01-01", value_parser = parse_day)]
    pub start: NaiveDate,
    /// Output file; the truth file is written beside it as FILE.truth.json.
    #[arg(long)]
    pub out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: GenFormat,
    /// Encoding of a CSV file.
    #[arg(long, value_enum, default_value = "utf8")]
    pub encoding: GenEncoding,
    /// The city's vocabulary: jiangcheng (the one detection is tuned
    /// on) or a held-out bank (haizhou).
    #[arg(long, default_value = "jiangcheng")]
    pub bank: String,
    /// Citizens' letters (a message board's export: 留言编号, 留言用户,
    /// 留言主题, 留言详情, 点赞数 …) instead of call-centre tickets.
    #[arg(long)]
    pub letters: bool,
    /// Columns the export lacks: any of category,district,caller,address.
    #[arg(long, default_value = "")]
    pub without: String,
}

/// Arguments of `hotline analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Period: 2024-05, 2024-W21, 2024-05-01..2024-05-31, last-week, all …
    #[arg(long)]
    pub period: String,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Output folder (created if absent).
    #[arg(long)]
    pub out: PathBuf,
    /// Print what was written as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub cluster: ClusterFlag,
}

/// Arguments of `hotline detect`.
#[derive(Debug, Args)]
pub struct DetectArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub as_of: AsOf,
    /// The workflow database the alerts update (default: STORE/workflow.sqlite).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Write the alerts here (alerts.jsonl); default: print them.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `hotline run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Output folder (created): analyses/ (with the analyst report),
    /// alerts.jsonl, warnings/ and the weekly briefing.
    #[arg(long)]
    pub out: PathBuf,
    /// The workflow database the alerts update (default: STORE/workflow.sqlite).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

/// Arguments of `hotline evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// The truth file (EXPORT.truth.json); without it (a real export) the
    /// alerts raised are listed but not scored.
    #[arg(long)]
    pub truth: Option<PathBuf>,
    /// First day evaluated (default: a week after the store's first day).
    #[arg(long, value_parser = parse_day)]
    pub from: Option<NaiveDate>,
    /// Last day evaluated (default: the store's last day).
    #[arg(long, value_parser = parse_day)]
    pub to: Option<NaiveDate>,
    /// Write the scores here as JSON.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Run class cases, repeat callers and emerging terms every N days
    /// (surges run every day); 1 runs them daily, as `hotline detect` would.
    #[arg(long, default_value_t = 1)]
    pub every: usize,
}

/// Arguments of `hotline explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The alert's id (first field of its line in alerts.jsonl).
    pub alert_id: String,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Read the alert from this alerts.jsonl instead of the store's state.
    #[arg(long)]
    pub alerts: Option<PathBuf>,
}

/// Arguments of `hotline keywords`.
#[derive(Debug, Args)]
pub struct KeywordsArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Group the tickets by this column.
    #[arg(long, value_enum, default_value = "all")]
    pub by: GroupBy,
    /// Period: 2024-05, 2024-W21, 2024-05-01..2024-05-31, last-week, all …
    #[arg(long, default_value = "all")]
    pub period: String,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Keywords per group.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Least number of tickets in the group that use a word.
    #[arg(long, default_value_t = 2)]
    pub min_count: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
}

/// Arguments of `hotline hotspots`.
#[derive(Debug, Args)]
pub struct HotspotsArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Period: 2024-05, 2024-Q2, 2024-W21, 2024-05-01..2024-05-31, last-month, all …
    #[arg(long)]
    pub period: String,
    #[command(flatten)]
    pub as_of: AsOf,
    /// How many hot issues.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output format (json: an array of objects).
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueryFormat,
}

/// Arguments of `hotline segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Texts to show; with none, texts are read from --file or stdin.
    pub texts: Vec<String>,
    /// File with one text per line.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// An address, to show the place hotline takes from it.
    #[arg(long)]
    pub address: Option<String>,
    /// Config file (default: ./hotline.toml if present); its [text] section applies.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// One JSON object per text instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `hotline config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Config file (default: ./hotline.toml if present).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Arguments of `hotline demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder with the sample exports (default: ./sample_data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Output folder (replaced if it exists).
    #[arg(long, default_value = "demo-out")]
    pub out: PathBuf,
}

/// Arguments of `hotline report weekly`.
#[derive(Debug, Args)]
pub struct WeeklyArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// ISO week: 2024-W21, this-week or last-week.
    #[arg(long)]
    pub week: String,
    /// Output folder (created).
    #[arg(long)]
    pub out: PathBuf,
}

/// Arguments of `hotline report analyst`.
#[derive(Debug, Args)]
pub struct AnalystArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Period: 2024-05, 2024-Q2, 2024-W21, 2024, 2024-05-01..2024-05-15,
    /// last-month, this-week ...
    #[arg(long)]
    pub period: String,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Output folder (created).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub cluster: ClusterFlag,
}

/// Arguments of `hotline report warnings`.
#[derive(Debug, Args)]
pub struct WarningsArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Output folder (created).
    #[arg(long)]
    pub out: PathBuf,
}

/// Arguments of `hotline store verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Drop the damaged files (moved to STORE/damaged/) and the record of
    /// the exports whose rows they held, so that those can be ingested again.
    #[arg(long)]
    pub repair: bool,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}
