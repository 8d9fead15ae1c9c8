//! Pure domain rules, compiled for browser and server, tested on their own.

pub mod access;
pub mod burnup;
#[cfg(feature = "ssr")]
pub mod chain;
pub mod comparison;
pub mod dates;
pub mod edits;
pub mod indicators;
pub mod link;
pub mod local_path;
pub mod paths;
pub mod postponement;
pub mod schedule;
pub mod text;
pub mod voices;
pub mod words;
