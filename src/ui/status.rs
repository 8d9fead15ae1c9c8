//! Status shown in words, with a shape beside it: never by colour alone.

use leptos::prelude::*;

use super::format::{package_status_label, schedule_status_explanation, schedule_status_label};
use crate::domain::schedule::{PackageStatus, Progress, ScheduleStatus};
use crate::language::i18n::td_string;
use crate::language::use_i18n;

fn status_key(status: ScheduleStatus) -> (&'static str, &'static str) {
    // (css modifier, symbol)
    match status {
        ScheduleStatus::Overdue => ("overdue", "!"),
        ScheduleStatus::AtRisk => ("at-risk", "▲"),
        ScheduleStatus::NotScheduled => ("unscheduled", "?"),
        ScheduleStatus::OnTrack => ("on-track", "○"),
        ScheduleStatus::Done => ("done", "✓"),
        ScheduleStatus::Dropped => ("dropped", "–"),
    }
}

#[component]
pub fn StatusBadge(status: ScheduleStatus) -> impl IntoView {
    let (modifier, symbol) = status_key(status);
    let locale = use_i18n().get_locale_untracked();
    view! {
        <span class=format!("status status--{modifier}") title=schedule_status_explanation(locale, status)>
            <span class="status__symbol" aria-hidden="true">{symbol}</span>
            {schedule_status_label(locale, status)}
        </span>
    }
}

#[component]
pub fn PackageStatusBadge(status: PackageStatus) -> impl IntoView {
    let (modifier, symbol) = match status {
        PackageStatus::Open(worst) => status_key(worst),
        PackageStatus::Completed => status_key(ScheduleStatus::Done),
        PackageStatus::Empty => ("empty", "·"),
    };
    let locale = use_i18n().get_locale_untracked();
    view! {
        <span class=format!("status status--{modifier}")>
            <span class="status__symbol" aria-hidden="true">{symbol}</span>
            {package_status_label(locale, status)}
        </span>
    }
}

/// A bar drawn as SVG (no inline styles), with the figures in text beside it.
#[component]
pub fn ProgressBar(progress: Progress) -> impl IntoView {
    let percent = progress.percent();
    let locale = use_i18n().get_locale_untracked();
    let done = progress.done;
    let text = if progress.total == 1 {
        td_string!(locale, status.progress_done_one, done).to_string()
    } else {
        td_string!(locale, status.progress_done, done, total = progress.total).to_string()
    };
    view! {
        <div class="progress">
            <svg
                class="progress__bar"
                viewBox="0 0 100 4"
                preserveAspectRatio="none"
                aria-hidden="true"
                focusable="false"
            >
                <rect class="progress__track" x="0" y="0" width="100" height="4"></rect>
                <rect class="progress__fill" x="0" y="0" width=percent.to_string() height="4"></rect>
            </svg>
            <p class="progress__text">
                <strong>{format!("{percent} %")}</strong>
                " "
                {text}
            </p>
        </div>
    }
}
