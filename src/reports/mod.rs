//! Reports and open data for the administration and the public: `/berichte` explains
//! and links every export; the exports themselves are plain HTTP endpoints (`routes`):
//! the status report as PDF, the milestones as XLSX and CSV, the whole record as JSON,
//! open milestones as an iCalendar feed and the changes as an Atom feed.
//!
//! Every export is built from one `record::Record`, read now or rebuilt "as of" a past
//! day from the append-only history (`?stand=`), public or with internal notes
//! (`?intern=1`).

pub mod page;

#[cfg(feature = "ssr")]
pub mod atom_file;
#[cfg(feature = "ssr")]
pub mod csv_file;
#[cfg(feature = "ssr")]
pub mod ics_file;
#[cfg(feature = "ssr")]
pub mod json_file;
#[cfg(feature = "ssr")]
pub mod pdf_file;
#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod since;
#[cfg(feature = "ssr")]
pub mod site;
#[cfg(feature = "ssr")]
pub mod tables;
#[cfg(feature = "ssr")]
pub mod xlsx_file;
