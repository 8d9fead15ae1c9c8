//! Progress timelines against the demanded schedule: the schedule chart (`/zeitplan`),
//! the burn-up chart on the dashboard and a timeline per package. Drawn on the server
//! as SVG (`render`, plotters), inlined into pages and served at stable URLs under
//! `/grafik/` for embedding and download (`routes`).

pub mod api;
pub mod figure;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod inline;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod routes;
