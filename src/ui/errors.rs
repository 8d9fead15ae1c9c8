//! Pages for what went wrong: a clear sentence, the right HTTP status, no internals.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::language::i18n::t_string;
use crate::language::use_i18n;

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
        <p role="alert">{error.to_string()}</p>
        <p><a href="/">{t_string!(i18n, rahmen.to_overview)}</a></p>
    }
    .into_any()
}
