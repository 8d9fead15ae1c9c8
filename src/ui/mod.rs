//! Components and wording shared by all pages.

pub mod content;
pub mod errors;
pub mod form;
pub mod format;
pub mod island;
pub mod status;
pub mod voices;
