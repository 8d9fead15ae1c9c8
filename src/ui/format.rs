//! How values read on a page, in its language.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::dates::{format_de, format_en, format_iso};
use crate::domain::indicators::{Direction, IndicatorStatus, Period, PublicValue, Target, Unit};
use crate::domain::postponement::{DelayCategory, Postponements};
use crate::domain::schedule::{PackageStatus, Punctuality, ScheduleStatus, WorkStatus};
use crate::domain::voices::Assessment;
use crate::language::i18n::td_string;
use crate::language::{use_i18n, Locale};

/// A date as the page's language writes it.
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    match locale {
        Locale::de => format_de(date),
        Locale::en => format_en(date),
    }
}

/// A date as `31.12.2021` (English: `31 December 2021`), or a dash that screen readers
/// hear as "keine Angabe".
#[component]
pub fn DateText(date: Option<NaiveDate>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    match date {
        Some(date) => {
            view! { <time datetime=format_iso(date)>{format_date(locale, date)}</time> }.into_any()
        }
        None => view! {
            <span aria-hidden="true">"–"</span>
            <span class="visually-hidden">{td_string!(locale, status.no_value)}</span>
        }
        .into_any(),
    }
}

/// The state of work as the working group records it.
pub fn work_status_label(locale: Locale, status: WorkStatus) -> &'static str {
    match status {
        WorkStatus::Open => td_string!(locale, status.work_open),
        WorkStatus::InProgress => td_string!(locale, status.work_in_progress),
        WorkStatus::Done => td_string!(locale, status.work_done),
        WorkStatus::Dropped => td_string!(locale, status.work_dropped),
    }
}

/// A stored status code in words; unknown codes as they are.
pub fn work_status_label_for_code(locale: Locale, code: &str) -> String {
    WorkStatus::parse(code).map_or_else(
        || code.to_owned(),
        |s| work_status_label(locale, s).to_owned(),
    )
}

/// The status choices of an edit form: (code, words).
pub fn work_status_options(locale: Locale) -> Vec<(&'static str, &'static str)> {
    WorkStatus::ALL
        .into_iter()
        .map(|s| (s.code(), work_status_label(locale, s)))
        .collect()
}

/// Why a forecast moved, in words; `None` for a move recorded without a reason.
pub fn delay_category_label(locale: Locale, category: Option<DelayCategory>) -> &'static str {
    match category {
        Some(DelayCategory::Staff) => td_string!(locale, status.delay_personal),
        Some(DelayCategory::Legal) => td_string!(locale, status.delay_rechtsfrage),
        Some(DelayCategory::Budget) => td_string!(locale, status.delay_haushalt),
        Some(DelayCategory::Dependency) => td_string!(locale, status.delay_abhaengigkeit),
        Some(DelayCategory::Other) => td_string!(locale, status.delay_sonstiges),
        None => td_string!(locale, status.delay_none),
    }
}

/// A link's host, short enough to read in a table or beside a reason.
pub fn link_host(link: &str) -> String {
    link.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or(link)
        .to_owned()
}

/// The working group's assessment in words ("Arbeitsgruppe widerspricht").
pub fn assessment_label(locale: Locale, assessment: Option<Assessment>) -> &'static str {
    match assessment {
        Some(Assessment::Agrees) => td_string!(locale, status.assessment_zustimmung),
        Some(Assessment::Doubts) => td_string!(locale, status.assessment_zweifel),
        Some(Assessment::Disagrees) => td_string!(locale, status.assessment_widerspruch),
        None => td_string!(locale, status.assessment_none),
    }
}

/// The assessment choices of the edit form: (code, words), "not assessed" first.
pub fn assessment_options(locale: Locale) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", assessment_label(locale, None)))
        .chain(
            Assessment::ALL
                .into_iter()
                .map(|a| (a.code(), assessment_label(locale, Some(a)))),
        )
        .collect()
}

/// The reason choices of the edit form: (code, words), an empty choice first.
pub fn delay_category_options(locale: Locale) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", td_string!(locale, bearbeiten.forecast_category_none)))
        .chain(
            DelayCategory::ALL
                .into_iter()
                .map(|c| (c.code(), delay_category_label(locale, Some(c)))),
        )
        .collect()
}

/// "3× verschoben, zusammen +147 Tage" (and "1× vorgezogen" where it was); `None`
/// when the forecast never moved.
pub fn postponement_summary(locale: Locale, sum: &Postponements) -> Option<String> {
    if sum.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if sum.later > 0 {
        let count = sum.later;
        parts.push(td_string!(locale, status.moves_later, count).to_string());
    }
    if sum.earlier > 0 {
        let count = sum.earlier;
        parts.push(td_string!(locale, status.moves_earlier, count).to_string());
    }
    let days = signed_days(sum.net_days());
    parts.push(match sum.net_days().abs() {
        1 => td_string!(locale, status.moves_total_one, days).to_string(),
        _ => td_string!(locale, status.moves_total, days).to_string(),
    });
    Some(parts.join(", "))
}

/// Days with their sign: "+147", "−3" (a real minus), "±0".
pub fn signed_days(days: i64) -> String {
    match days {
        0 => "±0".to_owned(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", d.unsigned_abs()),
    }
}

pub fn schedule_status_label(locale: Locale, status: ScheduleStatus) -> &'static str {
    match status {
        ScheduleStatus::Overdue => td_string!(locale, status.overdue),
        ScheduleStatus::AtRisk => td_string!(locale, status.at_risk),
        ScheduleStatus::NotScheduled => td_string!(locale, status.not_scheduled),
        ScheduleStatus::OnTrack => td_string!(locale, status.on_track),
        ScheduleStatus::Done => td_string!(locale, status.done),
        ScheduleStatus::Dropped => td_string!(locale, status.dropped),
    }
}

/// A one-line explanation of each status, for legends and tooltips.
pub fn schedule_status_explanation(locale: Locale, status: ScheduleStatus) -> &'static str {
    match status {
        ScheduleStatus::Overdue => td_string!(locale, status.overdue_explained),
        ScheduleStatus::AtRisk => td_string!(locale, status.at_risk_explained),
        ScheduleStatus::NotScheduled => td_string!(locale, status.not_scheduled_explained),
        ScheduleStatus::OnTrack => td_string!(locale, status.on_track_explained),
        ScheduleStatus::Done => td_string!(locale, status.done_explained),
        ScheduleStatus::Dropped => td_string!(locale, status.dropped_explained),
    }
}

pub fn package_status_label(locale: Locale, status: PackageStatus) -> &'static str {
    match status {
        PackageStatus::Open(worst) => schedule_status_label(locale, worst),
        PackageStatus::Completed => td_string!(locale, status.package_completed),
        PackageStatus::Empty => td_string!(locale, status.package_empty),
    }
}

pub fn punctuality_text(locale: Locale, punctuality: Punctuality) -> String {
    match punctuality {
        Punctuality::OnTime => td_string!(locale, status.on_time).to_owned(),
        Punctuality::Late { days: 1 } => td_string!(locale, status.late_one_day).to_owned(),
        Punctuality::Late { days } => {
            td_string!(locale, status.late_days, days = number(locale, days)).to_string()
        }
        Punctuality::Unknown => td_string!(locale, status.punctuality_unknown).to_owned(),
    }
}

/// `12345` as `12.345` in German and `12,345` in English.
pub fn number(locale: Locale, value: i64) -> String {
    let separator = match locale {
        Locale::de => '.',
        Locale::en => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

/// A figure with at most one decimal place: `1.234,5` in German, `1,234.5` in English.
pub fn decimal(locale: Locale, value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let whole = number(locale, tenths / 10);
    let whole = if tenths < 0 && tenths / 10 == 0 {
        format!("-{whole}")
    } else {
        whole
    };
    match (tenths % 10).abs() {
        0 => whole,
        tenth => {
            let point = if locale == Locale::de { ',' } else { '.' };
            format!("{whole}{point}{tenth}")
        }
    }
}

/// An indicator's value with its unit ("23 Tage", "64 %", "weniger als 5").
pub fn indicator_value(locale: Locale, unit: Unit, value: PublicValue) -> String {
    match value {
        PublicValue::FewerThan(threshold) => {
            td_string!(locale, kennzahlen.fewer_than, n = threshold).to_string()
        }
        PublicValue::Value(value) => {
            let figure = decimal(locale, value);
            match unit {
                Unit::Days => td_string!(locale, kennzahlen.value_days, value = figure).to_string(),
                Unit::Percent => {
                    td_string!(locale, kennzahlen.value_percent, value = figure).to_string()
                }
                Unit::Count => figure,
            }
        }
    }
}

/// "höchstens 21 Tage bis 31.12.2026" / "at most 21 days by 31/12/2026".
pub fn target_text(locale: Locale, unit: Unit, direction: Direction, target: Target) -> String {
    let value = indicator_value(locale, unit, PublicValue::Value(target.value));
    let date = format_date(locale, target.due);
    match direction {
        Direction::Lower => td_string!(locale, kennzahlen.target_at_most, value, date).to_string(),
        Direction::Higher => {
            td_string!(locale, kennzahlen.target_at_least, value, date).to_string()
        }
    }
}

pub fn indicator_status_label(locale: Locale, status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::Reached => td_string!(locale, kennzahlen.status_reached),
        IndicatorStatus::OnCourse => td_string!(locale, kennzahlen.status_on_course),
        IndicatorStatus::Missed => td_string!(locale, kennzahlen.status_missed),
        IndicatorStatus::Stale => td_string!(locale, kennzahlen.status_stale),
        IndicatorStatus::NoData => td_string!(locale, kennzahlen.status_no_data),
    }
}

pub fn unit_label(locale: Locale, unit: Unit) -> &'static str {
    match unit {
        Unit::Days => td_string!(locale, kennzahlen.unit_days),
        Unit::Percent => td_string!(locale, kennzahlen.unit_percent),
        Unit::Count => td_string!(locale, kennzahlen.unit_count),
    }
}

pub fn direction_label(locale: Locale, direction: Direction) -> &'static str {
    match direction {
        Direction::Lower => td_string!(locale, kennzahlen.direction_lower),
        Direction::Higher => td_string!(locale, kennzahlen.direction_higher),
    }
}

/// "03/2026", "1. Quartal 2026" / "Q1 2026", "2026".
pub fn period_label(locale: Locale, period: Period) -> String {
    match period {
        Period::Month { year, month } => format!("{month:02}/{year}"),
        Period::Quarter { year, quarter } => {
            td_string!(locale, kennzahlen.quarter, quarter, year).to_string()
        }
        Period::Year { year } => year.to_string(),
    }
}

/// `12345` as `12.345`, the German way (exports and German pages).
pub fn thousands(value: i64) -> String {
    number(Locale::de, value)
}

/// "1 Meilenstein" / "3 Meilensteine".
pub fn count_noun(locale: Locale, count: u32, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        number(locale, count.into()),
        if count == 1 { one } else { many }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_have_one_place_at_most_in_the_pages_language() {
        assert_eq!(decimal(Locale::de, 1234.5), "1.234,5");
        assert_eq!(decimal(Locale::en, 1234.5), "1,234.5");
        assert_eq!(decimal(Locale::de, 21.0), "21");
        assert_eq!(decimal(Locale::de, 0.04), "0");
        assert_eq!(decimal(Locale::de, -0.5), "-0,5");
    }

    #[test]
    fn thousands_uses_german_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1234567), "1.234.567");
        assert_eq!(thousands(-2600), "-2.600");
    }

    #[test]
    fn counts_pick_singular_or_plural() {
        assert_eq!(
            count_noun(Locale::de, 1, "Meilenstein", "Meilensteine"),
            "1 Meilenstein"
        );
        assert_eq!(
            count_noun(Locale::de, 0, "Meilenstein", "Meilensteine"),
            "0 Meilensteine"
        );
        assert_eq!(
            punctuality_text(Locale::de, Punctuality::Late { days: 1 }),
            "1 Tag nach Soll-Termin"
        );
        assert_eq!(
            punctuality_text(Locale::de, Punctuality::Late { days: 1461 }),
            "1.461 Tage nach Soll-Termin"
        );
        assert_eq!(
            punctuality_text(Locale::en, Punctuality::Late { days: 1461 }),
            "1,461 days after the demanded date"
        );
    }

    #[test]
    fn every_status_has_distinct_words() {
        let all = [
            ScheduleStatus::Overdue,
            ScheduleStatus::AtRisk,
            ScheduleStatus::NotScheduled,
            ScheduleStatus::OnTrack,
            ScheduleStatus::Done,
            ScheduleStatus::Dropped,
        ];
        for locale in [Locale::de, Locale::en] {
            let labels: std::collections::HashSet<_> = all
                .iter()
                .map(|s| schedule_status_label(locale, *s))
                .collect();
            assert_eq!(labels.len(), all.len());
        }
    }
}
