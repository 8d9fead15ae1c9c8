//! The append-only history of every change: written in the same transaction as the
//! change, shown publicly at `/aenderungen` and on each package page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod chain;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod redact;
pub mod redaction;
#[cfg(feature = "ssr")]
pub mod repo;
