//! Indicators with targets: whether the reform makes a difference, not only whether the
//! milestones are ticked. `/{plan}/kennzahlen` lists a plan's indicators with their latest
//! value, target and status in words; `/{plan}/kennzahlen/{id}` shows one with its chart
//! and data table. Both take `?stand=` (the figures as known at the end of that day).
//! The rules (status, periods, small counts) are pure, in `domain::indicators`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod edit;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
