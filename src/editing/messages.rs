//! What a form says beside a field, in the reader's language.
//!
//! The domain's errors keep their German `Display` text (the catalogue import and the
//! command line print it); a form shows [`FieldMessage::message`] instead, whose texts
//! live in `locales/<language>/formular.json`. The German file says what `Display`
//! says, and a test holds them together.

use crate::domain::dates::DateError;
use crate::domain::link::LinkError;
use crate::domain::schedule::ScheduleError;
use crate::domain::text::{EmailError, PasswordError, TextError};
use crate::editing::indicator_values::{ValueProblem, MAX_LINES};
use crate::language::i18n::td_string;
use crate::language::Locale;
use crate::ui::format::format_date;

/// A problem with one field, said in a language.
pub trait FieldMessage {
    fn message(&self, locale: Locale) -> String;
}

impl FieldMessage for TextError {
    fn message(&self, locale: Locale) -> String {
        match self {
            TextError::Empty => td_string!(locale, formular.required).to_owned(),
            TextError::TooLong { max, actual } => {
                td_string!(locale, formular.too_long, max, actual).to_string()
            }
            TextError::ControlCharacter => {
                td_string!(locale, formular.control_character).to_owned()
            }
        }
    }
}

impl FieldMessage for EmailError {
    fn message(&self, locale: Locale) -> String {
        match self {
            EmailError::Empty => td_string!(locale, formular.email_empty).to_owned(),
            EmailError::Invalid(input) => {
                td_string!(locale, formular.email_invalid, input).to_string()
            }
        }
    }
}

impl FieldMessage for PasswordError {
    fn message(&self, locale: Locale) -> String {
        match self {
            PasswordError::TooShort => td_string!(locale, formular.password_short).to_owned(),
            PasswordError::TooLong => td_string!(locale, formular.password_long).to_owned(),
        }
    }
}

impl FieldMessage for DateError {
    fn message(&self, locale: Locale) -> String {
        match self {
            DateError::Empty => td_string!(locale, formular.date_empty).to_owned(),
            DateError::Format(input) => td_string!(locale, formular.date_format, input).to_string(),
            DateError::NoSuchDay(input) => {
                td_string!(locale, formular.date_no_such_day, input).to_string()
            }
            DateError::OutOfRange(input) => {
                td_string!(locale, formular.date_out_of_range, input).to_string()
            }
        }
    }
}

impl FieldMessage for LinkError {
    fn message(&self, locale: Locale) -> String {
        match self {
            LinkError::NotHttp(input) => {
                td_string!(locale, formular.link_not_http, input).to_string()
            }
            LinkError::NoHost(input) => {
                td_string!(locale, formular.link_no_host, input).to_string()
            }
            LinkError::TooLong(input) => {
                td_string!(locale, formular.link_too_long, input).to_string()
            }
            LinkError::TooMany => td_string!(locale, formular.link_too_many).to_owned(),
        }
    }
}

impl FieldMessage for ScheduleError {
    fn message(&self, locale: Locale) -> String {
        match self {
            ScheduleError::DoneWithoutDate => {
                td_string!(locale, formular.done_without_date).to_owned()
            }
            ScheduleError::DateWithoutDone => {
                td_string!(locale, formular.date_without_done).to_owned()
            }
            ScheduleError::CompletedInFuture(date) => {
                let date = format_date(locale, *date);
                td_string!(locale, formular.completed_in_future, date).to_string()
            }
        }
    }
}

/// The forms' own rules: what no domain type decides on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    StatusFromList,
    RoleFromList,
    DemandedUnchanged,
    ReasonRequired,
    UpdateInFuture,
    UpdateBodyEmpty,
    EmailTaken,
    LastAdminRole,
    OwnAccountDisabled,
    LastAdminDisabled,
    Direction,
    RedactionValue,
    DelayCategoryFromList,
    DelayReasonRequired,
    AssessmentFromList,
    AssessmentReasonRequired,
}

impl FieldMessage for Rule {
    fn message(&self, locale: Locale) -> String {
        match self {
            Rule::StatusFromList => td_string!(locale, formular.status_from_list),
            Rule::RoleFromList => td_string!(locale, formular.role_from_list),
            Rule::DemandedUnchanged => td_string!(locale, formular.demanded_unchanged),
            Rule::ReasonRequired => td_string!(locale, formular.reason_required),
            Rule::UpdateInFuture => td_string!(locale, formular.update_in_future),
            Rule::UpdateBodyEmpty => td_string!(locale, formular.update_body_empty),
            Rule::EmailTaken => td_string!(locale, formular.email_taken),
            Rule::LastAdminRole => td_string!(locale, formular.last_admin_role),
            Rule::OwnAccountDisabled => td_string!(locale, formular.own_account_disabled),
            Rule::LastAdminDisabled => td_string!(locale, formular.last_admin_disabled),
            Rule::Direction => td_string!(locale, formular.direction),
            Rule::RedactionValue => td_string!(locale, formular.redaction_value),
            Rule::DelayCategoryFromList => td_string!(locale, formular.delay_category),
            Rule::DelayReasonRequired => td_string!(locale, formular.delay_reason),
            Rule::AssessmentFromList => td_string!(locale, formular.assessment_from_list),
            Rule::AssessmentReasonRequired => td_string!(locale, formular.assessment_reason),
        }
        .to_owned()
    }
}

/// A problem with an indicator's value, in the reader's words.
impl FieldMessage for ValueProblem {
    fn message(&self, locale: Locale) -> String {
        match self {
            ValueProblem::PeriodMissing => {
                td_string!(locale, kennzahlen.problem_period_missing).to_string()
            }
            ValueProblem::NotAPeriod(text) => {
                td_string!(locale, kennzahlen.problem_not_a_period, text).to_string()
            }
            ValueProblem::PeriodOutOfRange(text) => {
                td_string!(locale, kennzahlen.problem_period_range, text).to_string()
            }
            ValueProblem::PeriodAhead(text) => {
                td_string!(locale, kennzahlen.problem_period_ahead, text).to_string()
            }
            ValueProblem::ValueMissing => {
                td_string!(locale, kennzahlen.problem_value_missing).to_string()
            }
            ValueProblem::NotANumber(text) => {
                td_string!(locale, kennzahlen.problem_not_a_number, text).to_string()
            }
            ValueProblem::Negative => td_string!(locale, kennzahlen.problem_negative).to_string(),
            ValueProblem::PercentOver100 => {
                td_string!(locale, kennzahlen.problem_percent).to_string()
            }
            ValueProblem::NotWhole => td_string!(locale, kennzahlen.problem_not_whole).to_string(),
            ValueProblem::TooLong { max } => {
                td_string!(locale, kennzahlen.problem_too_long, max = *max).to_string()
            }
            ValueProblem::TooManyColumns => {
                td_string!(locale, kennzahlen.problem_columns).to_string()
            }
            ValueProblem::Duplicate { first } => {
                td_string!(locale, kennzahlen.problem_duplicate, first = *first).to_string()
            }
            ValueProblem::TooMuch => {
                td_string!(locale, kennzahlen.problem_too_much, max = MAX_LINES).to_string()
            }
        }
    }
}

impl FieldMessage for crate::editing::indicator_values::FileProblem {
    fn message(&self, locale: Locale) -> String {
        use crate::editing::indicator_values::FileProblem;
        match self {
            FileProblem::Empty => td_string!(locale, kennzahlen.file_empty),
            FileProblem::TooLarge => td_string!(locale, kennzahlen.file_too_large),
            FileProblem::Unreadable => td_string!(locale, kennzahlen.file_unreadable),
        }
        .to_owned()
    }
}

/// The rules of the forms that define an indicator and change its targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndicatorRule {
    KeyInvalid,
    KeyTaken,
    UnitFromList,
    DirectionFromList,
    PackageFromList,
    ThresholdRange,
    /// Line `line` of the intermediate targets is not "date; value".
    IntermediateLine(usize),
    /// Line `line` is due on or after the final target's date.
    IntermediateLate(usize),
    /// Line `line` names a day an earlier line already has.
    IntermediateTwice(usize),
    TargetUnchanged,
    TargetReasonRequired,
    /// A value below the raised threshold has been public already.
    ThresholdPublished,
}

impl FieldMessage for IndicatorRule {
    fn message(&self, locale: Locale) -> String {
        match self {
            IndicatorRule::KeyInvalid => td_string!(locale, kennzahlen.rule_key).to_owned(),
            IndicatorRule::KeyTaken => td_string!(locale, kennzahlen.rule_key_taken).to_owned(),
            IndicatorRule::UnitFromList => td_string!(locale, kennzahlen.rule_unit).to_owned(),
            IndicatorRule::DirectionFromList => {
                td_string!(locale, kennzahlen.rule_direction).to_owned()
            }
            IndicatorRule::PackageFromList => {
                td_string!(locale, kennzahlen.rule_package).to_owned()
            }
            IndicatorRule::ThresholdRange => {
                td_string!(locale, kennzahlen.rule_threshold).to_owned()
            }
            IndicatorRule::IntermediateLine(line) => {
                td_string!(locale, kennzahlen.rule_intermediate_line, line = *line).to_string()
            }
            IndicatorRule::IntermediateLate(line) => {
                td_string!(locale, kennzahlen.rule_intermediate_late, line = *line).to_string()
            }
            IndicatorRule::IntermediateTwice(line) => {
                td_string!(locale, kennzahlen.rule_intermediate_twice, line = *line).to_string()
            }
            IndicatorRule::TargetUnchanged => {
                td_string!(locale, kennzahlen.rule_target_unchanged).to_owned()
            }
            IndicatorRule::TargetReasonRequired => {
                td_string!(locale, kennzahlen.rule_target_reason).to_owned()
            }
            IndicatorRule::ThresholdPublished => {
                td_string!(locale, kennzahlen.rule_threshold_published).to_owned()
            }
        }
    }
}

impl FieldMessage for crate::editing::sheet::CellProblem {
    fn message(&self, locale: Locale) -> String {
        use crate::editing::sheet::CellProblem;
        match self {
            CellProblem::Formula => td_string!(locale, tabelle.formula).to_owned(),
            CellProblem::ErrorValue => td_string!(locale, tabelle.error_value).to_owned(),
            CellProblem::TooLong { max, actual } => {
                td_string!(locale, formular.too_long, max, actual).to_string()
            }
            CellProblem::NotADate(text) => td_string!(locale, tabelle.not_a_date, text).to_string(),
            CellProblem::UnknownId(id) => td_string!(locale, tabelle.unknown_id, id).to_string(),
            CellProblem::DuplicateId(id) => {
                td_string!(locale, tabelle.duplicate_id, id).to_string()
            }
            CellProblem::NoId => td_string!(locale, tabelle.no_id).to_owned(),
            CellProblem::Field(message) => message.clone(),
        }
    }
}

impl FieldMessage for crate::editing::sheet::FileProblem {
    fn message(&self, locale: Locale) -> String {
        use crate::editing::sheet::FileProblem;
        match self {
            FileProblem::Unreadable => td_string!(locale, tabelle.unreadable).to_owned(),
            FileProblem::TooLarge => td_string!(locale, tabelle.too_large).to_owned(),
            FileProblem::Foreign => td_string!(locale, tabelle.foreign).to_owned(),
            FileProblem::OtherPlan(_) => td_string!(locale, tabelle.other_plan).to_owned(),
            FileProblem::OtherFormat => td_string!(locale, tabelle.other_format).to_owned(),
            FileProblem::MissingColumn(column) => {
                let name = column.name(locale);
                td_string!(locale, tabelle.missing_column, name).to_string()
            }
            FileProblem::Empty => td_string!(locale, tabelle.empty).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// German says what `Display` says; English says something else.
    fn one_wording<E: FieldMessage + std::fmt::Display>(errors: &[E]) {
        for error in errors {
            assert_eq!(error.message(Locale::de), error.to_string());
            assert_ne!(error.message(Locale::en), error.to_string(), "{error}");
        }
    }

    #[test]
    fn german_messages_are_the_domain_texts_and_english_ones_differ() {
        one_wording(&[
            TextError::Empty,
            TextError::TooLong {
                max: 200,
                actual: 201,
            },
            TextError::ControlCharacter,
        ]);
        one_wording(&[EmailError::Empty, EmailError::Invalid("ada@".into())]);
        one_wording(&[PasswordError::TooShort, PasswordError::TooLong]);
        one_wording(&[
            DateError::Empty,
            DateError::Format("morgen".into()),
            DateError::NoSuchDay("31.02.2027".into()),
            DateError::OutOfRange("01.01.2200".into()),
        ]);
        one_wording(&[
            LinkError::NotHttp("ftp://x".into()),
            LinkError::NoHost("https://".into()),
            LinkError::TooLong("https://x".into()),
            LinkError::TooMany,
        ]);
        one_wording(&[
            ScheduleError::DoneWithoutDate,
            ScheduleError::DateWithoutDone,
            ScheduleError::CompletedInFuture(NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()),
        ]);
    }

    #[test]
    fn english_messages_carry_the_values() {
        assert_eq!(
            TextError::TooLong {
                max: 200,
                actual: 201
            }
            .message(Locale::en),
            "At most 200 characters allowed (now 201)."
        );
        assert_eq!(
            ScheduleError::CompletedInFuture(NaiveDate::from_ymd_opt(2027, 1, 2).unwrap())
                .message(Locale::en),
            "The completion date 2 January 2027 is in the future."
        );
        assert_eq!(
            Rule::ReasonRequired.message(Locale::de),
            "Eine Änderung des Soll-Termins braucht eine Begründung; sie wird öffentlich angezeigt."
        );
    }
}
