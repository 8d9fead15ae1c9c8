//! The public record of a plan: its packages and milestones, judged against the
//! demanded schedule.

pub mod api;
#[cfg(feature = "ssr")]
pub mod compare;
pub mod comparison;
pub mod dashboard;
pub mod home;
pub mod model;
pub mod package;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod synthetic;
pub mod table;
