//! Pure domain rules, compiled for browser and server, tested on their own.

pub mod dates;
pub mod schedule;
pub mod text;
