//! How values read on a German page.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::dates::{format_de, format_iso};
use crate::domain::schedule::{PackageStatus, Punctuality, ScheduleStatus, WorkStatus};

/// A date as `31.12.2021`, or a dash that screen readers hear as "keine Angabe".
#[component]
pub fn DateText(date: Option<NaiveDate>) -> impl IntoView {
    match date {
        Some(date) => view! { <time datetime=format_iso(date)>{format_de(date)}</time> }.into_any(),
        None => view! {
            <span aria-hidden="true">"–"</span>
            <span class="visually-hidden">"keine Angabe"</span>
        }
        .into_any(),
    }
}

/// The state of work as the working group records it.
pub fn work_status_label(status: WorkStatus) -> &'static str {
    match status {
        WorkStatus::Open => "offen",
        WorkStatus::InProgress => "in Arbeit",
        WorkStatus::Done => "erledigt",
        WorkStatus::Dropped => "entfallen",
    }
}

/// A stored status code in words; unknown codes as they are.
pub fn work_status_label_for_code(code: &str) -> String {
    WorkStatus::parse(code).map_or_else(|| code.to_owned(), |s| work_status_label(s).to_owned())
}

/// The status choices of an edit form: (code, words).
pub fn work_status_options() -> Vec<(&'static str, &'static str)> {
    WorkStatus::ALL
        .into_iter()
        .map(|s| (s.code(), work_status_label(s)))
        .collect()
}

pub fn schedule_status_label(status: ScheduleStatus) -> &'static str {
    match status {
        ScheduleStatus::Overdue => "überfällig",
        ScheduleStatus::AtRisk => "gefährdet",
        ScheduleStatus::NotScheduled => "ohne Soll-Termin",
        ScheduleStatus::OnTrack => "im Zeitplan",
        ScheduleStatus::Done => "erledigt",
        ScheduleStatus::Dropped => "entfallen",
    }
}

/// A one-line explanation of each status, for legends and tooltips.
pub fn schedule_status_explanation(status: ScheduleStatus) -> &'static str {
    match status {
        ScheduleStatus::Overdue => "nicht erledigt, Soll-Termin überschritten",
        ScheduleStatus::AtRisk => "Prognose der Verwaltung liegt nach dem Soll-Termin",
        ScheduleStatus::NotScheduled => "noch kein Soll-Termin vereinbart",
        ScheduleStatus::OnTrack => "Soll-Termin nicht überschritten, Prognose passt",
        ScheduleStatus::Done => "umgesetzt",
        ScheduleStatus::Dropped => "wird nicht weiter verfolgt, zählt nicht mit",
    }
}

pub fn package_status_label(status: PackageStatus) -> &'static str {
    match status {
        PackageStatus::Open(worst) => schedule_status_label(worst),
        PackageStatus::Completed => "abgeschlossen",
        PackageStatus::Empty => "noch ohne Meilensteine",
    }
}

pub fn punctuality_text(punctuality: Punctuality) -> String {
    match punctuality {
        Punctuality::OnTime => "fristgerecht".to_owned(),
        Punctuality::Late { days: 1 } => "1 Tag nach Soll-Termin".to_owned(),
        Punctuality::Late { days } => format!("{} Tage nach Soll-Termin", thousands(days)),
        Punctuality::Unknown => "Termintreue unbekannt".to_owned(),
    }
}

/// `12345` as `12.345`, the German way.
pub fn thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// "1 Meilenstein" / "3 Meilensteine".
pub fn count_noun(count: u32, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(count.into()),
        if count == 1 { one } else { many }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            count_noun(1, "Meilenstein", "Meilensteine"),
            "1 Meilenstein"
        );
        assert_eq!(
            count_noun(0, "Meilenstein", "Meilensteine"),
            "0 Meilensteine"
        );
        assert_eq!(
            punctuality_text(Punctuality::Late { days: 1 }),
            "1 Tag nach Soll-Termin"
        );
        assert_eq!(
            punctuality_text(Punctuality::Late { days: 1461 }),
            "1.461 Tage nach Soll-Termin"
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
        let labels: std::collections::HashSet<_> =
            all.iter().map(|s| schedule_status_label(*s)).collect();
        assert_eq!(labels.len(), all.len());
    }
}
