//! Everything that runs only on the server: configuration, database, HTTP routing and
//! the command line.

pub mod backup;
pub mod cli;
pub mod config;
pub mod form_feedback;
pub mod generate;
pub mod language;
pub mod move_database;
pub mod moved;
pub mod page_cache;
pub mod plans;
pub mod routes;
pub mod security;
pub mod sessions;
pub mod users;
pub mod verify;
