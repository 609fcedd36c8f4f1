//! hotline: an analytics and early-warning engine for government service
//! hotlines (China's 12345 政务热线, 311 lines elsewhere).
//!
//! Data flow (see DESIGN.md): exports → [`ingest`] (header mapping, value
//! parsing, rejects) → [`text`] (masking, segmentation, places) → [`store`] (partitioned Parquet + manifest, atomic
//! commits, latest version wins) → [`engine`] (DataFusion over the store).
//! [`synth`] makes synthetic exports with planted events for tests, the demo
//! and benchmarks.
//!
//! The library never prints; the `hotline` binary renders its results.

pub mod analyze;
pub mod app;
pub mod cli;
pub mod config;
pub mod detect;
pub mod engine;
pub mod error;
pub mod ingest;
pub mod progress;
pub mod report;
pub mod schema;
pub mod store;
pub mod synth;
pub mod text;

pub use error::{Error, Result};
