//! Edit forms parsed at the edge: the raw strings a form sends become typed changes, or a
//! rejection that names each invalid field in the reader's language and keeps what was
//! typed.

use chrono::NaiveDate;

use crate::domain::access::Role;
use crate::domain::dates::parse_date;
pub use crate::domain::edits::{
    AccountProfile, AssessmentEdit, DemandedDateChange, EnglishTexts, ForecastReason,
    MilestoneEdit, NewAccountInput, PackageTexts, StatusUpdateInput,
};
use crate::domain::link::{parse_link_list, parse_optional_link};
use crate::domain::postponement::{needs_reason, DelayCategory};
use crate::domain::schedule::{Schedule, ScheduleError, WorkStatus};
use crate::domain::text::{Email, LongText, Password, Reason, Title};
use crate::domain::voices::{self, Assessment};
use crate::editing::messages::{FieldMessage, Rule};
use crate::error::{FieldMap, FormRejection};
use crate::history::redaction::Side;
use crate::language::Locale;

/// Collects per-field problems while parsing one form.
pub struct FormParser<'a> {
    values: &'a FieldMap,
    errors: FieldMap,
    locale: Locale,
}

impl<'a> FormParser<'a> {
    /// Problems are said in `locale`, the language of the page that sent the form.
    pub fn new(values: &'a FieldMap, locale: Locale) -> Self {
        FormParser {
            values,
            errors: FieldMap::new(),
            locale,
        }
    }

    pub fn raw(&self, name: &str) -> &'a str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn field<T, E: FieldMessage>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        match parse(self.raw(name)) {
            Ok(value) => Some(value),
            Err(err) => {
                self.fail(name, &err);
                None
            }
        }
    }

    /// Marks a field invalid (the first problem found is the one shown).
    pub fn fail(&mut self, name: &str, problem: &impl FieldMessage) {
        let locale = self.locale;
        self.errors
            .entry(name.to_owned())
            .or_insert_with(|| problem.message(locale));
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The rejection: errors, and the typed values (never passwords: they would end up
    /// in a redirect URL when JavaScript is off).
    pub fn rejection(self) -> FormRejection {
        let values = self
            .values
            .iter()
            .filter(|(name, _)| !name.contains("password"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        FormRejection {
            errors: self.errors,
            values,
            general: None,
        }
    }

    /// `Ok(value)` when every field parsed, else the rejection.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, FormRejection> {
        match value {
            Some(value) if !self.has_errors() => Ok(value),
            _ => Err(self.rejection()),
        }
    }
}

/// An optional date field: empty means none.
pub fn optional_date(input: &str) -> Result<Option<NaiveDate>, crate::domain::dates::DateError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(input).map(Some)
    }
}

/// An optional short text (a unit's name, an English title): empty, or a valid title.
pub fn optional_title(input: &str) -> Result<String, crate::domain::text::TextError> {
    if input.trim().is_empty() {
        Ok(String::new())
    } else {
        Title::parse(input).map(Title::into_inner)
    }
}

fn status(input: &str) -> Result<WorkStatus, Rule> {
    WorkStatus::parse(input).ok_or(Rule::StatusFromList)
}

/// Field names of the milestone form.
pub mod milestone_fields {
    pub const TITLE: &str = "title";
    pub const TITLE_EN: &str = "title_en";
    pub const DESCRIPTION: &str = "description";
    pub const STATUS: &str = "status";
    pub const DEMANDED: &str = "demanded";
    pub const FORECAST: &str = "forecast";
    pub const COMPLETED: &str = "completed";
    pub const PUBLIC_NOTE: &str = "public_note";
    pub const INTERNAL_NOTE: &str = "internal_note";
    pub const EVIDENCE: &str = "evidence";
    pub const REASON: &str = "reason";
    /// Why the forecast moved later: a category and a text.
    pub const FORECAST_CATEGORY: &str = "forecast_category";
    pub const FORECAST_REASON: &str = "forecast_reason";
    /// The working group's assessment; the form carries it only for the working group.
    pub const ASSESSMENT: &str = "assessment";
    pub const ASSESSMENT_REASON: &str = "assessment_reason";
    pub const ASSESSMENT_EVIDENCE: &str = "assessment_evidence";
}

/// What a milestone's stored schedule says before the edit: its demanded date (which
/// the form does not change but the schedule is checked with) and its forecast (a later
/// one needs a reason).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    pub demanded: Option<NaiveDate>,
    pub forecast: Option<NaiveDate>,
}

/// Parses the milestone form against what is `stored` (for a new milestone: its demanded
/// date and no forecast).
pub fn parse_milestone(
    values: &FieldMap,
    stored: Stored,
    today: NaiveDate,
    locale: Locale,
) -> Result<MilestoneEdit, FormRejection> {
    use milestone_fields::*;
    let demanded = stored.demanded;
    let mut form = FormParser::new(values, locale);
    let title = form.field(TITLE, Title::parse);
    let title_en = match values.contains_key(TITLE_EN) {
        true => form.field(TITLE_EN, optional_title).map(Some),
        false => Some(None),
    };
    let description = form.field(DESCRIPTION, LongText::parse);
    let work = form.field(STATUS, status);
    let forecast = form.field(FORECAST, optional_date);
    let completed = form.field(COMPLETED, optional_date);
    let public_note = form.field(PUBLIC_NOTE, LongText::parse);
    let internal_note = form.field(INTERNAL_NOTE, LongText::parse);
    let evidence = form.field(EVIDENCE, parse_link_list);
    let forecast_reason = forecast
        .map(|forecast| forecast_reason(&mut form, stored.forecast, forecast))
        .unwrap_or(Some(None));
    let assessment = match values.contains_key(ASSESSMENT) {
        true => assessment(&mut form).map(Some),
        false => Some(None),
    };
    // Status and completion date decide the rule; an unreadable forecast does not hide it.
    if let (Some(work), Some(completed)) = (work, completed) {
        let schedule = Schedule {
            work,
            demanded,
            forecast: forecast.flatten(),
            completed,
        };
        if let Err(err) = schedule.check(today) {
            let field = match err {
                ScheduleError::DoneWithoutDate => COMPLETED,
                ScheduleError::DateWithoutDone => STATUS,
                ScheduleError::CompletedInFuture(_) => COMPLETED,
            };
            form.fail(field, &err);
        }
    }
    let edit = (|| {
        Some(MilestoneEdit {
            title: title?,
            title_en: title_en?,
            description: description?,
            work: work?,
            forecast: forecast?,
            forecast_reason: forecast_reason?,
            completed: completed?,
            public_note: public_note?,
            internal_note: internal_note?,
            evidence: evidence?,
            assessment: assessment?,
        })
    })();
    form.finish(edit)
}

/// The working group's assessment: one of the list or none; doubts and disagreement
/// need a reason.
fn assessment(form: &mut FormParser<'_>) -> Option<AssessmentEdit> {
    use milestone_fields::{ASSESSMENT, ASSESSMENT_EVIDENCE, ASSESSMENT_REASON};
    let input = form.raw(ASSESSMENT).trim();
    let assessment = match input {
        "" => Some(None),
        code => match Assessment::parse(code) {
            Some(a) => Some(Some(a)),
            None => {
                form.fail(ASSESSMENT, &Rule::AssessmentFromList);
                None
            }
        },
    };
    let reason = form.field(ASSESSMENT_REASON, LongText::parse);
    let evidence = form.field(ASSESSMENT_EVIDENCE, parse_link_list);
    if let (Some(a), Some(r)) = (assessment, reason.as_ref()) {
        if voices::needs_reason(a) && r.as_str().is_empty() {
            form.fail(ASSESSMENT_REASON, &Rule::AssessmentReasonRequired);
            return None;
        }
    }
    Some(AssessmentEdit {
        assessment: assessment?,
        reason: reason?,
        evidence: evidence?,
    })
}

/// The reason for moving the forecast from `old` to `new`: required (category and text)
/// for a later date, kept when given otherwise, `Some(None)` when there is none.
fn forecast_reason(
    form: &mut FormParser<'_>,
    old: Option<NaiveDate>,
    new: Option<NaiveDate>,
) -> Option<Option<ForecastReason>> {
    use milestone_fields::{FORECAST_CATEGORY, FORECAST_REASON};
    if old == new {
        return Some(None);
    }
    let category_input = form.raw(FORECAST_CATEGORY).trim();
    let category = DelayCategory::parse(category_input);
    let text = form.field(FORECAST_REASON, LongText::parse)?;
    // A later date needs both; otherwise both or neither.
    let given = !category_input.is_empty() || !text.as_str().is_empty();
    if !needs_reason(old, new) && !given {
        return Some(None);
    }
    if category.is_none() {
        form.fail(FORECAST_CATEGORY, &Rule::DelayCategoryFromList);
    }
    if text.as_str().is_empty() {
        form.fail(FORECAST_REASON, &Rule::DelayReasonRequired);
    }
    Some(Some(ForecastReason {
        category: category?,
        text: (!text.as_str().is_empty()).then(|| text.into_inner())?,
    }))
}

pub fn parse_demanded_date(
    values: &FieldMap,
    current: Option<NaiveDate>,
    locale: Locale,
) -> Result<DemandedDateChange, FormRejection> {
    use milestone_fields::*;
    let mut form = FormParser::new(values, locale);
    let date = form.field(DEMANDED, optional_date);
    let reason = form.field(REASON, LongText::parse);
    if let (Some(date), Some(reason)) = (&date, &reason) {
        if *date == current {
            form.fail(DEMANDED, &Rule::DemandedUnchanged);
        } else if current.is_some() && reason.as_str().is_empty() {
            form.fail(REASON, &Rule::ReasonRequired);
        }
    }
    let change = (|| {
        Some(DemandedDateChange {
            date: date?,
            reason: reason?.into_inner(),
        })
    })();
    form.finish(change)
}

pub fn parse_status_update(
    values: &FieldMap,
    today: NaiveDate,
    locale: Locale,
) -> Result<StatusUpdateInput, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let occurred_on = form.field("occurred_on", parse_date);
    if occurred_on.is_some_and(|date| date > today) {
        form.fail("occurred_on", &Rule::UpdateInFuture);
    }
    let body = form.field("body", LongText::parse);
    if body.as_ref().is_some_and(|text| text.as_str().is_empty()) {
        form.fail("body", &Rule::UpdateBodyEmpty);
    }
    let link = form.field("link", parse_optional_link);
    let input = (|| {
        Some(StatusUpdateInput {
            occurred_on: occurred_on?,
            body: body?,
            link: link?,
        })
    })();
    form.finish(input)
}

pub fn parse_package_texts(
    values: &FieldMap,
    locale: Locale,
) -> Result<PackageTexts, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let title = form.field("title", Title::parse);
    let summary = form.field("summary", LongText::parse);
    let goal = form.field("goal", LongText::parse);
    let responsible_unit = form.field("responsible_unit", optional_title);
    let source_reference = form.field("source_reference", LongText::parse);
    let english = match values.contains_key("title_en") {
        true => {
            let title = form.field("title_en", optional_title);
            let summary = form.field("summary_en", LongText::parse);
            let goal = form.field("goal_en", LongText::parse);
            (|| {
                Some(Some(EnglishTexts {
                    title: title?,
                    summary: summary?,
                    goal: goal?,
                }))
            })()
        }
        false => Some(None),
    };
    let texts = (|| {
        Some(PackageTexts {
            title: title?,
            summary: summary?,
            goal: goal?,
            responsible_unit: responsible_unit?,
            source_reference: source_reference?,
            english: english?,
        })
    })();
    form.finish(texts)
}

fn role(input: &str) -> Result<Role, Rule> {
    Role::parse(input).ok_or(Rule::RoleFromList)
}

pub fn parse_account_profile(
    values: &FieldMap,
    locale: Locale,
) -> Result<AccountProfile, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let display_name = form.field("display_name", Title::parse);
    let organisation = form.field("organisation", Title::parse);
    let role = form.field("role", role);
    let profile = (|| {
        Some(AccountProfile {
            display_name: display_name?,
            organisation: organisation?,
            role: role?,
        })
    })();
    form.finish(profile)
}

pub fn parse_new_account(
    values: &FieldMap,
    locale: Locale,
) -> Result<NewAccountInput, FormRejection> {
    let mut form = FormParser::new(values, locale);
    let email = form.field("email", Email::parse);
    let display_name = form.field("display_name", Title::parse);
    let organisation = form.field("organisation", Title::parse);
    let role = form.field("role", role);
    let password = form.field("password", Password::parse);
    let input = (|| {
        Some(NewAccountInput {
            email: email?,
            profile: AccountProfile {
                display_name: display_name?,
                organisation: organisation?,
                role: role?,
            },
            password: password?,
        })
    })();
    form.finish(input)
}

/// A redaction: which value (`seite`) goes, and the public reason (`reason`).
pub fn parse_redaction(values: &FieldMap, locale: Locale) -> Result<(Side, String), FormRejection> {
    let mut form = FormParser::new(values, locale);
    let side = form.field("seite", |raw| Side::parse(raw).ok_or(Rule::RedactionValue));
    let reason = form.field("reason", Reason::parse);
    let parsed = (|| Some((side?, reason?.into_inner())))();
    form.finish(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn values(pairs: &[(&str, &str)]) -> FieldMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn milestone_form() -> FieldMap {
        values(&[
            ("title", "Weisungen veröffentlicht"),
            ("description", ""),
            ("status", "in_arbeit"),
            ("forecast", "31.03.2027"),
            ("completed", ""),
            ("public_note", "Entwurf liegt vor."),
            ("internal_note", "Rückfrage bei der Leitung offen."),
            ("evidence", "https://www.potsdam.de/a.pdf\n"),
        ])
    }

    #[test]
    fn a_valid_milestone_form_parses_into_typed_values() {
        let edit =
            parse_milestone(&milestone_form(), Stored::default(), today(), Locale::de).unwrap();
        assert_eq!(edit.title.as_str(), "Weisungen veröffentlicht");
        assert_eq!(edit.work, WorkStatus::InProgress);
        assert_eq!(edit.forecast, NaiveDate::from_ymd_opt(2027, 3, 31));
        assert_eq!(edit.completed, None);
        assert_eq!(edit.evidence.len(), 1);
    }

    #[test]
    fn every_invalid_field_is_named_and_the_input_kept() {
        let mut form = milestone_form();
        form.insert("title".into(), "".into());
        form.insert("forecast".into(), "31.02.2027".into());
        form.insert("status".into(), "fertig".into());
        form.insert("evidence".into(), "javascript:alert(1)".into());
        form.insert("public_note".into(), "x".repeat(5001));
        let rejection = parse_milestone(&form, Stored::default(), today(), Locale::de).unwrap_err();
        assert_eq!(rejection.error("title"), Some("Bitte ausfüllen."));
        assert!(rejection
            .error("forecast")
            .unwrap()
            .contains("gibt es im Kalender nicht"));
        assert_eq!(
            rejection.error("status"),
            Some("Bitte einen Status aus der Liste wählen.")
        );
        assert!(rejection.error("evidence").unwrap().contains("http://"));
        assert!(rejection.error("public_note").unwrap().contains("5000"));
        assert_eq!(
            rejection.value("forecast"),
            Some("31.02.2027"),
            "typed input is kept"
        );
        assert_eq!(
            rejection.value("internal_note"),
            Some("Rückfrage bei der Leitung offen.")
        );
    }

    #[test]
    fn problems_are_said_in_the_language_of_the_form() {
        let mut form = milestone_form();
        form.insert("title".into(), "".into());
        form.insert("status".into(), "erledigt".into());
        let rejection = parse_milestone(&form, Stored::default(), today(), Locale::en).unwrap_err();
        assert_eq!(rejection.error("title"), Some("Please fill in this field."));
        assert_eq!(
            rejection.error("completed"),
            Some("For a completed milestone, please enter the completion date.")
        );
        let update = values(&[("occurred_on", "01.01.2027"), ("body", "")]);
        let rejection = parse_status_update(&update, today(), Locale::en).unwrap_err();
        assert_eq!(
            rejection.error("body"),
            Some("Please describe what has happened.")
        );
        assert!(rejection.error("occurred_on").unwrap().contains("future"));
    }

    #[test]
    fn done_needs_a_completion_date_not_in_the_future() {
        let mut form = milestone_form();
        form.insert("status".into(), "erledigt".into());
        let rejection = parse_milestone(&form, Stored::default(), today(), Locale::de).unwrap_err();
        assert!(rejection
            .error("completed")
            .unwrap()
            .contains("Erledigungsdatum"));

        form.insert("completed".into(), "22.11.2026".into());
        let rejection = parse_milestone(&form, Stored::default(), today(), Locale::de).unwrap_err();
        assert!(rejection.error("completed").unwrap().contains("Zukunft"));

        form.insert("completed".into(), "2026-11-21".into());
        assert!(
            parse_milestone(&form, Stored::default(), today(), Locale::de).is_ok(),
            "ISO dates work too, today is fine"
        );
    }

    #[test]
    fn a_completion_date_needs_status_done() {
        let mut form = milestone_form();
        form.insert("completed".into(), "01.11.2026".into());
        let rejection = parse_milestone(&form, Stored::default(), today(), Locale::de).unwrap_err();
        assert!(rejection.error("status").unwrap().contains("erledigt"));
    }

    #[test]
    fn changing_a_demanded_date_needs_a_reason_setting_the_first_does_not() {
        let current = NaiveDate::from_ymd_opt(2024, 12, 31);
        let no_reason = values(&[("demanded", "30.06.2025"), ("reason", " ")]);
        let rejection = parse_demanded_date(&no_reason, current, Locale::de).unwrap_err();
        assert!(rejection.error("reason").unwrap().contains("Begründung"));
        let first = parse_demanded_date(&no_reason, None, Locale::de).unwrap();
        assert_eq!(first.date, NaiveDate::from_ymd_opt(2025, 6, 30));
        let same = values(&[("demanded", "31.12.2024"), ("reason", "x")]);
        assert!(parse_demanded_date(&same, current, Locale::de)
            .unwrap_err()
            .error("demanded")
            .is_some());
        let with_reason = values(&[("demanded", "2025-06-30"), ("reason", "Personalwechsel")]);
        assert_eq!(
            parse_demanded_date(&with_reason, current, Locale::de)
                .unwrap()
                .reason,
            "Personalwechsel"
        );
    }

    #[test]
    fn status_updates_report_the_past_with_an_optional_http_link() {
        let ok = values(&[
            ("occurred_on", "20.11.2026"),
            ("body", "Klausur fand statt."),
            ("link", ""),
        ]);
        let update = parse_status_update(&ok, today(), Locale::de).unwrap();
        assert_eq!(update.link, None);
        let bad = values(&[
            ("occurred_on", "01.01.2027"),
            ("body", " "),
            ("link", "ftp://x.de"),
        ]);
        let rejection = parse_status_update(&bad, today(), Locale::de).unwrap_err();
        assert_eq!(rejection.errors.len(), 3);
        assert_eq!(rejection.value("body"), Some(" "));
    }

    #[test]
    fn a_redaction_needs_a_chosen_value_and_a_one_line_reason() {
        let ok = parse_redaction(
            &values(&[("seite", "neu"), ("reason", " personenbezogene Daten ")]),
            Locale::de,
        )
        .unwrap();
        assert_eq!(ok, (Side::New, "personenbezogene Daten".to_owned()));
        let refused = parse_redaction(&values(&[("seite", "beide"), ("reason", "")]), Locale::de)
            .unwrap_err();
        assert!(refused.error("seite").is_some());
        assert_eq!(refused.error("reason"), Some("Bitte ausfüllen."));
        assert_eq!(refused.values["seite"], "beide", "what was sent comes back");
        let long = "x".repeat(301);
        let refused = parse_redaction(&values(&[("seite", "alt"), ("reason", &long)]), Locale::en)
            .unwrap_err();
        assert_eq!(
            refused.error("reason"),
            Some("At most 300 characters allowed (now 301).")
        );
    }

    #[test]
    fn passwords_never_travel_back_in_a_rejection() {
        let form = values(&[
            ("email", "keine-adresse"),
            ("display_name", "Ada"),
            ("organisation", "Diakonie Potsdam"),
            ("role", "member"),
            ("password", "geheim"),
        ]);
        let rejection = parse_new_account(&form, Locale::de).unwrap_err();
        assert!(rejection.error("email").is_some());
        assert!(rejection.error("password").unwrap().contains("12 Zeichen"));
        assert_eq!(rejection.value("password"), None);
        assert_eq!(rejection.value("display_name"), Some("Ada"));
    }

    #[test]
    fn account_roles_come_from_the_list() {
        let form = values(&[
            ("display_name", "Ada"),
            ("organisation", "Migrationsbeirat"),
            ("role", "root"),
        ]);
        assert!(parse_account_profile(&form, Locale::de)
            .unwrap_err()
            .error("role")
            .is_some());
    }
}
