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
