//! Pages for what went wrong: a clear sentence, the right HTTP status, no internals.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};

/// What went wrong, in the reader's language. A `BadRequest` carries the server's own
/// German sentence.
pub fn error_message(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::NotFound => td_string!(locale, rahmen.err_not_found).to_owned(),
        AppError::BadRequest(message) => message.clone(),
        AppError::Invalid(_) => td_string!(locale, rahmen.err_invalid).to_owned(),
        AppError::Conflict(_) => td_string!(locale, rahmen.err_conflict).to_owned(),
        AppError::RowConflicts(_) => td_string!(locale, rahmen.err_row_conflicts).to_owned(),
        AppError::Unauthorized => td_string!(locale, rahmen.err_unauthorized).to_owned(),
        AppError::Forbidden => td_string!(locale, rahmen.err_forbidden).to_owned(),
        AppError::Archived => td_string!(locale, rahmen.err_archived).to_owned(),
        AppError::TooManyRequests { minutes } => {
            td_string!(locale, rahmen.err_too_many, minutes).to_string()
        }
        AppError::Busy => td_string!(locale, rahmen.err_busy).to_owned(),
        AppError::Internal => td_string!(locale, rahmen.err_internal).to_owned(),
        AppError::Transport(_) => td_string!(locale, rahmen.err_network).to_owned(),
    }
}

/// Sets the HTTP status of the page being rendered on the server.
fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(code) {
            options.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, rahmen.not_found_title).to_string()/>
        <h1>{t_string!(i18n, rahmen.not_found_title)}</h1>
        <p>{t_string!(i18n, rahmen.not_found_text)}</p>
        <p><a href="/">{t_string!(i18n, rahmen.not_found_link)}</a></p>
    }
}

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    set_status(error.status_code());
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, rahmen.error_short).to_string()/>
        <h1>{t_string!(i18n, rahmen.error_title)}</h1>
        <p role="alert">{error_message(i18n.get_locale_untracked(), &error)}</p>
        <p><a href="/">{t_string!(i18n, rahmen.to_overview)}</a></p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_language_and_german_matches_the_error_text() {
        let errors = [
            AppError::NotFound,
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::Archived,
            AppError::TooManyRequests { minutes: 15 },
            AppError::Busy,
            AppError::Internal,
            AppError::Transport("x".into()),
        ];
        for error in &errors {
            // One wording: the German file says what `Display` says.
            assert_eq!(error_message(Locale::de, error), error.to_string());
            assert_ne!(error_message(Locale::en, error), error.to_string());
        }
        assert_eq!(
            error_message(Locale::en, &AppError::TooManyRequests { minutes: 15 }),
            "Too many failed sign-in attempts. Please try again in 15 minutes."
        );
    }
}
