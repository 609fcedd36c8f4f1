//! The statistics the detectors stand on, with no knowledge of tickets,
//! stores or alerts: the ground floor of detection (and the only part of it
//! the config reads, to check `[calendar]` as it loads).
//!
//! - [`calendar`]: working days, weekends, public holidays and make-up days;
//! - [`glm`]: negative-binomial regression (IRLS) for the surge baseline;
//! - [`negbin`]: negative-binomial and Poisson tails;
//! - [`ears`]: the CDC's EARS C1–C3 for short histories;
//! - [`fdr`]: Benjamini–Hochberg false-discovery-rate control;
//! - [`union_find`]: disjoint sets for grouping.

pub mod calendar;
pub mod ears;
pub mod fdr;
pub mod glm;
pub mod negbin;
pub mod union_find;
