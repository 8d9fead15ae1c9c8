//! What the editing pages load.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::voices::{Voice, Voices};
use crate::error::FieldMap;
use crate::history::model::Rebaselining;
use crate::plan::model::{JudgedMilestone, Package, StatusUpdate};

/// `/bearbeiten/pakete/{nr}`: the package with its milestones, ready to edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageEditView {
    pub today: NaiveDate,
    pub package: Package,
    /// The version of the package's texts, sent back with the texts form.
    pub texts_version: i64,
    pub milestones: Vec<JudgedMilestone>,
    pub status_updates: Vec<StatusUpdate>,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: crate::domain::words::LevelWords,
}

/// `/bearbeiten/meilensteine/{id}`: a milestone's form values as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneEditView {
    pub id: i64,
    /// The version the form is loaded with; a save checks it.
    pub version: i64,
    pub package_number: u32,
    pub package_title: String,
    /// Field name → value as the form shows it (dates as 31.12.2021).
    pub values: FieldMap,
    pub demanded: Option<NaiveDate>,
    /// Who saved last and when (RFC 3339), for orientation.
    pub last_saved: Option<(String, String)>,
    pub rebaselinings: Vec<Rebaselining>,
    /// What the plan calls its packages.
    #[serde(default)]
    pub words: crate::domain::words::LevelWords,
    /// The voice the signed-in account speaks with in this plan: the form offers the
    /// assessment to the working group and says to the administration that saving confirms.
    pub voice: Voice,
    /// The account's organisation, as the record will attribute its voice.
    pub organisation: String,
    /// Both voices as stored.
    pub voices: Voices,
}

/// `/bearbeiten/sitzung`: the plan's open milestones for the meeting form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub today: NaiveDate,
    /// Every package of the plan (number, title), for the filter.
    pub packages: Vec<(u32, String)>,
    /// The package shown alone, or `None` for all.
    pub package: Option<u32>,
    /// Asked for all, but the plan has this many open milestones: one package shown.
    #[serde(default)]
    pub limited: Option<u32>,
    /// Open milestones (open or in progress), by package and order.
    pub milestones: Vec<crate::editing::meeting::MeetingMilestone>,
    #[serde(default)]
    pub words: crate::domain::words::LevelWords,
    /// Who saves: the administration's saves confirm what they save.
    pub voice: Voice,
    pub organisation: String,
}

/// `/bearbeiten/tabelle/pruefung/{token}`: the dry run of an uploaded spreadsheet, as
/// the record stands now. Nothing is saved before it is applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetCheckView {
    pub token: String,
    pub file_name: String,
    /// When it was uploaded, in local time.
    pub uploaded_at: String,
    /// Rows that change the record when applied.
    pub changes: Vec<CheckedRow>,
    /// Rows changed in the file whose milestone someone saved since the download: not
    /// applied.
    pub conflicts: Vec<CheckedRow>,
    /// What stops the file from being applied: each with its line and column.
    pub problems: Vec<ProblemLine>,
    /// Rows that change nothing.
    pub unchanged: u32,
    /// What applying will do, as checked here: the apply refuses if it has changed.
    pub fingerprint: String,
    /// The account speaks for the administration (its organisation): applying confirms
    /// the statement of every row it saves, as any save of the administration does.
    #[serde(default)]
    pub confirms_as: Option<String>,
    #[serde(default)]
    pub words: crate::domain::words::LevelWords,
}

/// A row of the uploaded file that changes its milestone (or would, but conflicts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedRow {
    pub line: u32,
    pub id: i64,
    pub package_number: u32,
    pub title: String,
    pub fields: Vec<FieldChange>,
    /// For a conflict: who saved since the download, and when.
    pub saved_by: String,
    pub saved_at: String,
}

/// One field of a row, in words: at the download, stored now, in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub column: crate::editing::sheet::Column,
    pub was: String,
    pub stored: String,
    pub file: String,
}

/// A problem of the uploaded file, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemLine {
    pub line: u32,
    pub column: Option<crate::editing::sheet::Column>,
    pub message: String,
}
