//! What a change to the record or an account says, checked: the inputs the writing code
//! takes (`plan::repo::edit`, `accounts::service`). The forms that make them live in
//! `editing::form`; the catalogue import and `generate` make them too.

use chrono::NaiveDate;

use super::access::Role;
use super::link::WebLink;
use super::postponement::DelayCategory;
use super::schedule::WorkStatus;
use super::text::{Email, LongText, Password, Title};
use super::voices::{Assessment, Voice};

/// What the working group may change on a milestone (not the demanded date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneEdit {
    pub title: Title,
    /// English title, empty when not translated; `None` when the form did not carry the
    /// English fields (then the stored ones stay as they are).
    pub title_en: Option<String>,
    pub description: LongText,
    pub work: WorkStatus,
    pub forecast: Option<NaiveDate>,
    /// Why the forecast moved: required when it moves later, kept when given otherwise.
    pub forecast_reason: Option<ForecastReason>,
    pub completed: Option<NaiveDate>,
    pub public_note: LongText,
    pub internal_note: LongText,
    pub evidence: Vec<WebLink>,
    /// The working group's assessment; `None` when the form did not carry it (then the
    /// stored one stays). Only the working group's roles may send it.
    pub assessment: Option<AssessmentEdit>,
}

/// The working group's assessment as its form sends it; `assessment == None` withdraws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentEdit {
    pub assessment: Option<Assessment>,
    /// Required for doubts and disagreement; public.
    pub reason: LongText,
    pub evidence: Vec<WebLink>,
}

/// Who saves, as the record attributes the two voices: which voice the account speaks
/// with in the plan, its organisation, and the day (Berlin) of the save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub voice: Voice,
    pub organisation: String,
    pub today: NaiveDate,
}

/// Why a forecast moved, as the public pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastReason {
    pub category: DelayCategory,
    /// One or more sentences, public.
    pub text: String,
}

/// A new demanded date; changing an existing one needs a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandedDateChange {
    pub date: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdateInput {
    pub occurred_on: NaiveDate,
    pub body: LongText,
    pub link: Option<WebLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageTexts {
    pub title: Title,
    pub summary: LongText,
    pub goal: LongText,
    pub responsible_unit: String,
    pub source_reference: LongText,
    /// `None` when the form did not carry the English fields: the stored ones stay.
    pub english: Option<EnglishTexts>,
}

/// A package's English versions; empty texts where not translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishTexts {
    pub title: String,
    pub summary: LongText,
    pub goal: LongText,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProfile {
    pub display_name: Title,
    pub organisation: Title,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccountInput {
    pub email: Email,
    pub profile: AccountProfile,
    pub password: Password,
}
