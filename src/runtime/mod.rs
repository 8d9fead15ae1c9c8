//! The runtime every capability stands on: who is asking and what they may see
//! (`viewer`), and on the server the application state, the clock, the database with its
//! write transactions, sign-in throttling (kept in the database) and the operator's
//! details. It imports only the foundation (`domain`, `language`, `error`, `ui`).

pub mod viewer;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
pub mod operator;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod throttle;
