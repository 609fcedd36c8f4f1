//! hotline: an analytics and early-warning engine for government service
//! hotlines (China's 12345 政务热线, 311 lines elsewhere).
//!
//! Data flow (see docs/design.md): exports → [`ingest`] (header mapping,
//! value parsing, rejects) → [`text`] (masking, segmentation, places) →
//! [`store`] (partitioned Parquet + manifest, atomic commits, latest
//! version wins) → [`engine`] (DataFusion over the store) → [`analyze`],
//! [`detect`] and [`report`]; [`pipeline`] runs the weekly job of all three.
//! [`synth`] makes synthetic exports with planted events for tests, the demo
//! and benchmarks.
//!
//! The library never prints and knows no command line: the `hotline`
//! binary (`src/main.rs`, `src/cli/`, `src/commands/`) parses arguments,
//! calls the functions below and renders their results; a server calls the
//! same ones.
//!
//! # The API a caller needs
//!
//! - [`ingest::ingest`]: exports into a store, every row accounted for;
//! - [`engine::Engine::open`]: one DataFusion session over the store, opened
//!   once and shared by every query of a request or a run;
//! - [`engine::Engine::query_with`]: read-only SQL with bound parameters,
//!   [`engine::render`] to write a result as a table, CSV or JSON;
//! - [`analyze::analyze`]: every standard analysis of a period;
//! - [`detect::find`]: today's findings of every detector, pure (reads the
//!   store, writes nothing);
//! - [`detect::Lifecycle::commit`]: the only writer of the alert state
//!   ([`detect::detect`] = find + commit; reports use [`detect::view`]);
//! - [`pipeline::week`]: detection, notices, briefing and analyst report of
//!   a week in one call.
//!
//! # Example
//!
//! Generate a small export, ingest it, ask the store a question and run the
//! week's detection:
//!
//! ```
//! use hotline::config::Config;
//! use hotline::engine::{Engine, render};
//! use hotline::ingest::{IngestOptions, ingest};
//! use hotline::progress::NoProgress;
//!
//! # fn main() -> hotline::Result<()> {
//! let dir = tempfile::tempdir().unwrap();
//! let export = dir.path().join("tickets.csv");
//! let spec = hotline::synth::GenSpec {
//!     tickets: 2_000,
//!     days: 40,
//!     seed: 7,
//!     start: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
//!     xlsx: false,
//!     gbk: false,
//!     style: hotline::synth::Style::default(),
//! };
//! hotline::synth::generate(&spec, &export)?;
//!
//! let store = dir.path().join("store");
//! let mut config = Config::default();
//! config.privacy.caller_key = Some("a secret of this city".into());
//! let report = ingest(&store, &[export], &IngestOptions { config: config.clone() }, &NoProgress)?;
//! assert_eq!(report.read, report.loaded + report.rejected.values().sum::<u64>());
//!
//! let runtime = tokio::runtime::Runtime::new().unwrap();
//! runtime.block_on(async {
//!     let engine = Engine::open(&store).await?;
//!     let counts = engine
//!         .query("SELECT district, count(*) AS n FROM tickets GROUP BY district ORDER BY n DESC")
//!         .await?;
//!     let mut csv = Vec::new();
//!     render::write(&counts, render::Format::Csv, &mut csv)?;
//!     assert!(csv.starts_with(b"district,n\n"));
//!
//!     let day = spec.start + chrono::Duration::days(39);
//!     let findings = hotline::detect::find(&engine, day, &config).await?;
//!     let run = hotline::detect::Lifecycle::of(&store, &config.detect).commit(findings, day)?;
//!     assert!(run.alerts.iter().all(|a| a.first_seen <= day));
//!     Ok::<_, hotline::Error>(())
//! })?;
//! # Ok(())
//! # }
//! ```

pub mod analyze;
pub mod cluster;
pub mod config;
pub mod detect;
pub mod engine;
pub mod error;
pub mod ingest;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod schema;
pub mod server;
pub mod store;
#[cfg(feature = "synth")]
pub mod synth;
pub mod text;
pub mod values;
pub mod workflow;

pub use error::{Error, Result};
