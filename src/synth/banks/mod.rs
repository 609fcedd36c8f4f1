//! The banks the generator can draw a city from. `jiangcheng` is the city
//! detection is tuned on; the others are held out: written by other hands,
//! with other places, templates and wording, and used only to score.

pub mod haizhou;
pub mod jiangcheng;
pub mod qingshui;

use super::bank::Bank;

/// Every bank, the tuned one first.
pub static ALL: &[&Bank] = &[
    &jiangcheng::JIANGCHENG,
    &haizhou::HAIZHOU,
    &qingshui::QINGSHUI,
];

/// The bank called `name`.
pub fn by_name(name: &str) -> Option<&'static Bank> {
    ALL.iter().copied().find(|b| b.name == name)
}

/// Names of the banks, for messages.
pub fn names() -> String {
    ALL.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
}
