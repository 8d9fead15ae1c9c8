//! Pages for what went wrong: a clear sentence, the right HTTP status, no internals.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;

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
    view! {
        <Title text="Seite nicht gefunden"/>
        <h1>"Seite nicht gefunden"</h1>
        <p>"Unter dieser Adresse gibt es keine Seite. Vielleicht hat sich ein Tippfehler eingeschlichen, oder das Maßnahmenpaket existiert in diesem Plan nicht."</p>
        <p><a href="/">"Zur Übersicht aller Maßnahmenpakete"</a></p>
    }
}

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    set_status(error.status_code());
    view! {
        <Title text="Fehler"/>
        <h1>"Die Seite konnte nicht geladen werden"</h1>
        <p role="alert">{error.to_string()}</p>
        <p><a href="/">"Zur Übersicht"</a></p>
    }
    .into_any()
}
