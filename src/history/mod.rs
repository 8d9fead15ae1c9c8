//! The append-only history of every change: written in the same transaction as the
//! change, shown publicly at `/aenderungen` and on each package page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod chain;
pub mod model;
#[cfg(feature = "ssr")]
pub mod open_data;
pub mod page;
#[cfg(feature = "ssr")]
pub mod redact;
pub mod redaction;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod verification_page;

/// The plan's history with its hash chain, below its slug (`history::open_data`).
pub const HISTORY_JSON: &str = "/api/v1/historie.json";
