//! Umsetzungsmonitor: a public, trustworthy record of a city administration's
//! reform promises against the schedule civil society demanded.
//!
//! Modules compiled for browser and server: `domain` (pure rules), `plan` (the public
//! record: model, server functions, pages), `ui`, `app`, `error`.
//! Server only: `server` (config, database, routing, command line) and `catalogue`.

pub mod app;
pub mod domain;
pub mod error;
pub mod plan;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod catalogue;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
