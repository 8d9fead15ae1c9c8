//! Umsetzungsmonitor: a public, trustworthy record of a city administration's
//! reform promises against the schedule civil society demanded.
//!
//! The modules form layers; every import points down (`scripts/check-layers.py` checks
//! the `crate::` paths of every file against this table, as part of the tests, and that no
//! two files import each other). `ARCHITECTURE.md` says more.
//!
//! 1. **Foundation**, for browser and server: `domain` (pure rules and types), `language`
//!    (the page language, texts from `locales/`), `error` (the one error type at the
//!    boundary), `ui` (components and wording shared by all pages).
//! 2. **Runtime**: `runtime` – application state, clock, database access and write
//!    transactions, the signed-in user and what they may see, shared in-memory state.
//!    Imports only the foundation.
//! 3. **Capabilities**: `plan` (the public record), `history` (every change), `charts`,
//!    `indicators` (figures against targets),
//!    `reports` (`/berichte` and the exports), `legal`, `accounts` (sign-in, roles),
//!    `editing` (changing the record), `catalogue` (the TOML catalogue, server only). Each
//!    holds its model, server functions and pages; its SQL sits in a server-only `repo`.
//!    Reading capabilities (`plan`, `history`, `charts`, `reports`, `legal`) never import
//!    the writing ones (`editing`, `catalogue`, `accounts`).
//! 4. **Shell**: `shell` – the HTML shell, the router, the frame around every page.
//! 5. **Wiring**, server only: `server` – HTTP routes and middleware, command line,
//!    configuration, `generate`, backup. Nothing imports it.
// Leptos view types of a whole page nest deeply; the default limit (128) is too low for
// the largest ones once they sit inside a wrapper component.
#![recursion_limit = "256"]

pub mod accounts;
pub mod charts;
pub mod domain;
pub mod editing;
pub mod error;
pub mod history;
pub mod indicators;
pub mod language;
pub mod legal;
pub mod plan;
pub mod reports;
pub mod runtime;
pub mod shell;
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
