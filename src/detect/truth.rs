//! The truth file of a generated export (`EXPORT.truth.json`): the events
//! planted in it, which [`super::evaluate`] scores detection against. The
//! format belongs to the evaluation; the generator (`crate::synth`) writes
//! it, so that a generator of another team, or a hand-made gold file, can
//! be scored the same way.

use serde::{Deserialize, Serialize};

/// The planted events, written beside the export.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Truth {
    pub seed: u64,
    pub start: String,
    pub days: u32,
    pub tickets: u64,
    /// The bank, form and missing columns of the export.
    #[serde(default)]
    pub bank: String,
    #[serde(default)]
    pub letters: bool,
    #[serde(default)]
    pub without: Without,
    pub surges: Vec<SurgeTruth>,
    pub clusters: Vec<ClusterTruth>,
    pub repeat_callers: Vec<RepeatTruth>,
    pub emerging_terms: Vec<EmergingTruth>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SurgeTruth {
    pub category_l1: String,
    pub category_l2: String,
    pub district: String,
    pub start: String,
    pub end: String,
    /// Expected background tickets per day in the cell.
    pub baseline_per_day: f64,
    pub extra_per_day: u32,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClusterTruth {
    pub district: String,
    pub place: String,
    pub category_l2: String,
    pub start: String,
    pub end: String,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepeatTruth {
    pub district: String,
    pub place: String,
    pub category_l2: String,
    pub ticket_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmergingTruth {
    pub term: String,
    pub first_day: String,
    pub ticket_ids: Vec<String>,
}

/// Columns an export may lack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Without {
    pub category: bool,
    pub district: bool,
    pub caller: bool,
    pub address: bool,
}

impl Without {
    /// Parses `category,district,caller,address` (any subset; empty: none).
    pub fn parse(s: &str) -> std::result::Result<Without, String> {
        let mut w = Without::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "category" => w.category = true,
                "district" => w.district = true,
                "caller" => w.caller = true,
                "address" => w.address = true,
                other => {
                    return Err(format!(
                        "unknown column `{other}`; choose from category, district, caller, address"
                    ));
                }
            }
        }
        Ok(w)
    }
}
