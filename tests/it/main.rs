//! Integration tests: one binary, one module per area (ripgrep's layout).

mod analyze;
mod browser;
mod cli;
mod cluster;
mod detect;
mod fuzz;
mod gold;
mod ingest;
mod real_data;
mod report;
mod serve;
mod serve_faults;
mod store;
mod text;
mod util;
mod webhooks;
