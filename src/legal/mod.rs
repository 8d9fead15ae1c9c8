//! The pages every German public site must have: `/impressum`, `/datenschutz`,
//! `/barrierefreiheit` and `/leichte-sprache`. Their texts are in
//! `locales/*/rechtliches.json` and `locales/de/leichte_sprache.json`; what depends on the
//! operator (names, addresses, contacts) comes from `betreiber.toml` ([`crate::runtime::operator::Operator`]).

pub mod api;
#[cfg(feature = "ssr")]
pub mod file;
pub mod pages;
