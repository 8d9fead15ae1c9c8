//! The integration tests, as one test binary: each module below was a binary of its own,
//! and each linked the whole server; one binary links it once (issue 15: build time).
//! `common` is the harness: the real router on a fresh SQLite file.

mod common;

mod backup;
mod cache;
mod chain;
mod charts;
mod cli;
mod editing;
mod exports;
mod generate;
mod hostile;
mod import;
mod indicators;
mod instances;
mod language;
mod locales;
mod meeting;
mod move_database;
mod pages;
mod plans;
mod properties;
mod security;
mod sheet;
mod voices;
