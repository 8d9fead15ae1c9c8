//! Editing the record: forms parsed at the edge, server functions that check roles and
//! write with history, and the pages under `/bearbeiten`.

pub mod api;
pub mod form;
pub mod indicator_api;
pub mod indicator_define_page;
pub mod indicator_form;
pub mod indicator_page;
#[cfg(feature = "ssr")]
pub mod indicator_routes;
pub mod indicator_values;
pub mod islands;
pub mod meeting;
pub mod meeting_page;
pub mod messages;
pub mod model;
pub mod pages;
pub mod redaction;
pub mod sheet;
pub mod sheet_api;
#[cfg(feature = "ssr")]
pub mod sheet_file;
pub mod sheet_page;
#[cfg(feature = "ssr")]
pub mod sheet_routes;
#[cfg(feature = "ssr")]
pub mod sheet_store;
#[cfg(feature = "ssr")]
pub mod upload;
