//! Command-line definitions (clap derive); the help text comes from these doc comments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    Ingest {
        /// Export files to ingest; they are committed together or not at all.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Store folder (created if absent).
        #[arg(long)]
        store: PathBuf,
        /// Config file (default: ./hotline.toml if present).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Header preset (cn12345, message_board, fuzhou_river, shangluo_mailbox, nyc311);
        /// detected from the header row when omitted.
        #[arg(long)]
        preset: Option<String>,
        /// Text encoding of CSV files: auto, utf8, gbk or gb18030.
        #[arg(long)]
        encoding: Option<String>,
        /// Sheet of a workbook to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Print the accounting as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Run read-only SQL over the store's `tickets` and `rejects` tables.
    Query {
        /// SQL text, or a path to a .sql file.
        sql: String,
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
        /// A query parameter, NAME=VALUE (repeatable); period=RANGE sets $start and $end.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Day that relative periods (last-week) count from (default: today).
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Generate a synthetic 12345 export with planted events, and its truth file.
    Gen {
        /// Number of tickets.
        #[arg(long, default_value_t = 10_000)]
        tickets: u64,
        /// Number of days covered.
        #[arg(long, default_value_t = 90)]
        days: u32,
        /// Random seed: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// First day (YYYY-MM-DD).
        #[arg(long, default_value = "2024-01-01")]
        start: String,
        /// Output file; the truth file is written beside it as FILE.truth.json.
        #[arg(long)]
        out: PathBuf,
        /// File format.
        #[arg(long, value_enum, default_value = "csv")]
        format: GenFormat,
        /// Encoding of a CSV file.
        #[arg(long, value_enum, default_value = "utf8")]
        encoding: GenEncoding,
        /// The city's vocabulary: jiangcheng (the one detection is tuned
        /// on) or a held-out bank (haizhou).
        #[arg(long, default_value = "jiangcheng")]
        bank: String,
        /// Citizens' letters (a message board's export: 留言编号, 留言用户,
        /// 留言主题, 留言详情, 点赞数 …) instead of call-centre tickets.
        #[arg(long)]
        letters: bool,
        /// Columns the export lacks: any of category,district,caller,address.
        #[arg(long, default_value = "")]
        without: String,
    },
    /// Run every standard analysis (queries/*.sql) over a period; write CSV,
    /// Parquet and one XLSX workbook.
    Analyze {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// Period: 2024-05, 2024-W21, 2024-05-01..2024-05-31, last-week, all …
        #[arg(long)]
        period: String,
        /// Day that relative periods (last-week) count from (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// Output folder (created if absent).
        #[arg(long)]
        out: PathBuf,
        /// Config file (default: ./hotline.toml if present); [ranking] applies.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Print what was written as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Detect surges on a day and write alerts (JSON Lines, DESIGN.md format).
    Detect {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// The day to detect on (YYYY-MM-DD); default today.
        #[arg(long)]
        as_of: Option<String>,
        /// Write the alerts here (alerts.jsonl); default: print them.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Config file (default: ./hotline.toml if present); [detect] applies.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// The weekly schedule in one go: the standard analyses of the ISO week
    /// that holds the day, detection for the day, and the warning notices.
    Run {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// The day (YYYY-MM-DD), usually the Sunday that ends the week; default today.
        #[arg(long)]
        as_of: Option<String>,
        /// Output folder (created): analyses/ (with the analyst report),
        /// alerts.jsonl, warnings/ and the weekly briefing.
        #[arg(long)]
        out: PathBuf,
        /// Config file (default: ./hotline.toml if present).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write reports (see `hotline report warnings --help`).
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Run detection day by day over a generated export's store and score it
    /// against the planted events (the truth file `hotline gen` writes).
    Evaluate {
        /// Store holding the generated export.
        #[arg(long)]
        store: PathBuf,
        /// The truth file (EXPORT.truth.json); without it (a real export) the
        /// alerts raised are listed but not scored.
        #[arg(long)]
        truth: Option<PathBuf>,
        /// First day evaluated (default: a week after the store's first day).
        #[arg(long)]
        from: Option<String>,
        /// Last day evaluated (default: the store's last day).
        #[arg(long)]
        to: Option<String>,
        /// Write the scores here as JSON.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Config file (default: ./hotline.toml if present); [detect] and [calendar] apply.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Run class cases, repeat callers and emerging terms every N days
        /// (surges run every day); 1 runs them daily, as `hotline detect` would.
        #[arg(long, default_value_t = 1)]
        every: usize,
    },
    /// Print the evidence behind an alert: a surge's series, baseline and
    /// test, or the tickets of a class case, repeat caller or emerging term.
    Explain {
        /// The alert's id (first field of its line in alerts.jsonl).
        alert_id: String,
        /// Store folder; the alert is looked up in its alert state.
        #[arg(long)]
        store: PathBuf,
        /// Read the alert from this alerts.jsonl instead of the store's state.
        #[arg(long)]
        alerts: Option<PathBuf>,
        /// Config file (default: ./hotline.toml if present); [calendar] applies.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Keywords per group by TF-IDF, with word rarity learned from the store.
    Keywords {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// Group the tickets by this column.
        #[arg(long, value_enum, default_value = "all")]
        by: crate::text::keywords::GroupBy,
        /// Period: 2024-05, 2024-W21, 2024-05-01..2024-05-31, last-week, all …
        #[arg(long, default_value = "all")]
        period: String,
        /// Day that relative periods (last-week) count from (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// Keywords per group.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Least number of tickets in the group that use a word.
        #[arg(long, default_value_t = 2)]
        min_count: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
    },
    /// Hot issues of a period (热点问题): the problems of the period — tickets
    /// about one problem at one place — ranked by a heat index (tickets,
    /// distinct callers, span, growth, likes).
    Hotspots {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// Period: 2024-05, 2024-Q2, 2024-W21, 2024-05-01..2024-05-31, last-month, all …
        #[arg(long)]
        period: String,
        /// Day that relative periods (last-month) count from (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// How many hot issues.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Output format (json: an array of objects).
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
    },
    /// Show how hotline reads a text: cleaned and masked, boilerplate removed,
    /// jieba words, tokens and place. For checking dictionaries.
    Segment {
        /// Texts to show; with none, texts are read from --file or stdin.
        texts: Vec<String>,
        /// File with one text per line.
        #[arg(long)]
        file: Option<PathBuf>,
        /// An address, to show the place hotline takes from it.
        #[arg(long)]
        address: Option<String>,
        /// Config file (default: ./hotline.toml if present); its [text] section applies.
        #[arg(long)]
        config: Option<PathBuf>,
        /// One JSON object per text instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the effective configuration (defaults < file < environment).
    Config {
        /// Config file (default: ./hotline.toml if present).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Check or repair a store (see `hotline store verify --help`).
    Store {
        #[command(subcommand)]
        store: StoreCommand,
    },
    /// Run the pipeline on the bundled sample data and print where the outputs are.
    Demo {
        /// Folder with the sample exports (default: ./sample_data).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output folder (replaced if it exists).
        #[arg(long, default_value = "demo-out")]
        out: PathBuf,
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
    Weekly {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// ISO week: 2024-W21, this-week or last-week.
        #[arg(long)]
        week: String,
        /// Output folder (created).
        #[arg(long)]
        out: PathBuf,
        /// Config file (default: ./hotline.toml if present).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// The analyst report of a period: every standard analysis as tables and
    /// charts in one HTML page with a table of contents, plus the CSV,
    /// Parquet and XLSX files of `hotline analyze`.
    Analyst {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// Period: 2024-05, 2024-Q2, 2024-W21, 2024, 2024-05-01..2024-05-15,
        /// last-month, this-week ...
        #[arg(long)]
        period: String,
        /// Day that relative periods count from (default today).
        #[arg(long)]
        as_of: Option<String>,
        /// Output folder (created).
        #[arg(long)]
        out: PathBuf,
        /// Config file (default: ./hotline.toml if present).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Department warning notices (类案预警单) for the alerts of a day: one
    /// notice per department as Markdown, HTML and JSON.
    Warnings {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// The day (YYYY-MM-DD); detection runs for it (default today).
        #[arg(long)]
        as_of: Option<String>,
        /// Output folder (created).
        #[arg(long)]
        out: PathBuf,
        /// Config file (default: ./hotline.toml if present).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

/// Store maintenance.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Check every file the manifest lists (present, of the size and checksum
    /// recorded at its commit, readable, with its row count), that ticket ids
    /// are unique, and that the rejects and the alert state are readable.
    /// Prints what is wrong and how to recover; exit code 1 on any fault.
    /// Records sizes and checksums the manifest does not yet hold.
    Verify {
        /// Store folder.
        #[arg(long)]
        store: PathBuf,
        /// Drop the damaged files (moved to STORE/damaged/) and the record of
        /// the exports whose rows they held, so that those can be ingested again.
        #[arg(long)]
        repair: bool,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
}
