//! Umsetzungsmonitor: a public, trustworthy record of a city administration's
//! reform promises against the schedule civil society demanded.
//!
//! Modules compiled for browser and server: `domain` (pure rules), `plan` (the public
//! record), `editing` (changing it), `history` (every change), `accounts` (sign-in,
//! roles), `ui`, `app`, `error`. Each holds its model, server functions and pages;
//! its SQL sits in a server-only `repo`.
//! `reports` (`/berichte` and the exports: PDF, XLSX, CSV, JSON, iCal, Atom).
//! Server only: `server` (config, database, routing, command line) and `catalogue`.
// Leptos view types of a whole page nest deeply; the default limit (128) is too low for
// the largest ones once they sit inside a wrapper component.
#![recursion_limit = "256"]

pub mod accounts;
pub mod app;
pub mod charts;
pub mod domain;
pub mod editing;
pub mod error;
pub mod history;
pub mod language;
pub mod legal;
pub mod plan;
pub mod reports;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod catalogue;
#[cfg(feature = "ssr")]
pub mod server;

/// Hydrates the islands of a server-rendered page (the browser bundle's entry point calls
/// this). It lives here, not in the `frontend` crate, so that the bundle links this crate:
/// the islands are exported from it, and a crate the bundle never calls into is left out.
#[cfg(feature = "hydrate")]
pub fn hydrate_islands() {
    leptos::mount::hydrate_islands();
}
