//! The library's error type. Every message names the file, row, column or flag
//! at fault and says how to fix it (docs/design.md, "Errors that say how to fix them").

use std::path::PathBuf;

/// Errors returned by the hotline library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{path}: not a ticket export hotline can read ({reason}); supported: .csv .tsv .txt (UTF-8/GBK/GB18030), .xlsx .xls .xlsm .ods, .parquet, .jsonl .ndjson"
    )]
    UnknownFormat { path: PathBuf, reason: String },

    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },

    #[error(
        "{path}: required column {missing} not found.\n  headers seen: {headers}\n  fix: name the header in hotline.toml under [columns] (e.g. ticket_id = \"工单流水号\", received_at = \"登记时间\"), or pick a preset with --preset ({presets})"
    )]
    MissingColumns {
        path: PathBuf,
        missing: String,
        headers: String,
        presets: String,
    },

    #[error("{path}: sheet \"{sheet}\" not found; sheets in the workbook: {available}")]
    SheetNotFound {
        path: PathBuf,
        sheet: String,
        available: String,
    },

    #[error("config {path}: {message}")]
    Config { path: PathBuf, message: String },

    /// A bad command-line argument: raised by front ends (the binary), not
    /// by the library, which names what it was given instead ([`Error::Input`]).
    #[error("{flag}: {message}")]
    Flag { flag: String, message: String },

    /// A value a caller passed that cannot be used (an alert id that is not
    /// there, an empty period, an unknown preset, a bad `[calendar]` day):
    /// `what` names it as the caller knows it.
    #[error("{what}: {message}")]
    Input { what: String, message: String },

    #[error("{what}: {message}")]
    Report { what: String, message: String },

    #[error("store {path}: {message}")]
    Store { path: PathBuf, message: String },

    #[error(
        "store {path} is locked by another hotline process writing to it; wait for it to finish"
    )]
    Locked { path: PathBuf },

    /// Two people acted on one thing at once: the later one must look again.
    #[error("{what} changed since you loaded it: {message}; reload it and try again")]
    Conflict { what: String, message: String },

    /// A database another process holds locked for longer than we wait.
    #[error(
        "{path} is busy: another process held it locked for longer than hotline waits ({doing}); try again shortly, or stop the process holding it (a `sqlite3` shell, a backup)"
    )]
    Busy { path: PathBuf, doing: String },

    #[error("query failed: {0}")]
    Query(String),

    #[error("parquet: {0}")]
    Parquet(#[from] datafusion::parquet::errors::ParquetError),

    #[error("arrow: {0}")]
    Arrow(#[from] datafusion::arrow::error::ArrowError),

    #[error("{0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Helper: an I/O error while reading `path`.
    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    /// Helper: an I/O error while writing `path`.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    /// Helper: a store-level problem.
    pub fn store(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Store {
            path: path.into(),
            message: message.into(),
        }
    }
}
