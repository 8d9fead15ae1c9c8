//! The one error type at the boundary between server and users.
//!
//! Users see a clear German sentence; causes of internal errors go to the log only.
//! Form errors carry the submitted values, so a form shows again exactly what was typed,
//! also after a redirect when JavaScript is off (Leptos encodes the error in the URL).

use std::collections::BTreeMap;

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Field name → text, as a form sends it or as messages per field.
pub type FieldMap = BTreeMap<String, String>;

/// A form refused: a message per invalid field, and everything that was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRejection {
    pub errors: FieldMap,
    pub values: FieldMap,
    /// A problem that belongs to no single field.
    pub general: Option<String>,
}

impl FormRejection {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }
}

/// A save refused because someone else saved the same record since the form was loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditConflict {
    /// What you typed (kept in the form).
    pub values: FieldMap,
    /// The values saved meanwhile, ready to show, by field.
    pub theirs: FieldMap,
    /// Who saved (organisation, and the name for signed-in members) and when.
    pub saved_by: String,
    pub saved_at: String,
    /// The version now stored; saving again with it overwrites knowingly.
    pub current_version: i64,
}

/// A row refused because someone saved its milestone after the page was loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowConflict {
    pub id: i64,
    /// The values saved meanwhile, keyed like the row's fields ("status", …).
    pub theirs: FieldMap,
    /// Who saved (organisation, and the name for signed-in members) and when.
    pub saved_by: String,
    pub saved_at: String,
    /// The version now stored; saving the row again with it overwrites knowingly.
    pub current_version: i64,
}

/// A meeting form partly saved: the rows saved, and the rows refused as stale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingConflicts {
    /// Everything the form showed, keyed as the meeting page keys them (`editing::meeting::key`) (kept in the form).
    pub values: FieldMap,
    /// Saved rows: milestone id → its version now.
    pub saved: Vec<(i64, i64)>,
    pub rows: Vec<RowConflict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Die angeforderte Seite oder Angabe gibt es nicht.")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("Bitte prüfen Sie die markierten Angaben.")]
    Invalid(FormRejection),
    #[error("Jemand anderes hat diesen Eintrag inzwischen gespeichert. Bitte vergleichen Sie und speichern Sie erneut.")]
    Conflict(Box<EditConflict>),
    /// The meeting form (`/bearbeiten/sitzung`): some rows saved, the stale ones refused.
    #[error("Einige Zeilen hat inzwischen jemand anderes gespeichert; sie sind nicht überschrieben. Alle anderen Änderungen sind gespeichert.")]
    RowConflicts(Box<MeetingConflicts>),
    #[error("Bitte melden Sie sich an.")]
    Unauthorized,
    #[error("Dafür fehlt Ihrem Konto die Berechtigung.")]
    Forbidden,
    /// The plan is archived: readable, and it takes no more changes.
    #[error("Dieser Plan ist archiviert: er bleibt lesbar, nimmt aber keine Änderungen mehr an.")]
    Archived,
    #[error("Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in {minutes} Minuten erneut.")]
    TooManyRequests { minutes: u64 },
    /// Too many requests of one costly kind at once (password checks); try again shortly.
    #[error(
        "Der Server ist gerade stark ausgelastet. Bitte versuchen Sie es in einer Minute erneut."
    )]
    Busy,
    #[error("Beim Verarbeiten ist ein interner Fehler aufgetreten. Bitte versuchen Sie es später erneut.")]
    Internal,
    /// The request to the server failed on the way (network, encoding).
    #[error("Die Verbindung zum Server ist fehlgeschlagen. Bitte laden Sie die Seite neu.")]
    Transport(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest(_) | AppError::Invalid(_) => 400,
            AppError::Conflict(_) | AppError::RowConflicts(_) => 409,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Archived => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::Busy => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// A form refused for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>, values: FieldMap) -> AppError {
        let mut errors = FieldMap::new();
        errors.insert(field.to_owned(), message.into());
        AppError::Invalid(FormRejection {
            errors,
            values,
            general: None,
        })
    }
}

/// A request the server cannot read, said in the reader's language (German in the
/// browser, where this happens only if the app itself is broken).
fn malformed() -> AppError {
    #[cfg(feature = "ssr")]
    let locale = crate::language::request_locale();
    #[cfg(not(feature = "ssr"))]
    let locale = crate::language::Locale::default();
    let text = crate::language::i18n::td_string!(locale, rahmen.err_malformed);
    AppError::BadRequest(text.to_owned())
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed (missing or unreadable arguments).
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => malformed(),
            // On the server, what fails to deserialize is the request (e.g. invalid UTF-8).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => malformed(),
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AppError;
    use axum::http::StatusCode;

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            // PostgreSQL's text holds no NUL character (SQLite's does): a value with one in
            // a lookup or a field that no form check covers is bad input, not a fault.
            let code = err.as_database_error().and_then(|e| e.code());
            if code.as_deref() == Some(CHARACTER_NOT_IN_REPERTOIRE) {
                tracing::info!(error = %err, "refused: a character the database cannot store");
                return AppError::BadRequest(
                    "Die Angabe enthält ein Steuerzeichen (Nullzeichen), das nicht \
                     gespeichert oder gesucht werden kann."
                        .to_owned(),
                );
            }
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
    }

    /// PostgreSQL's SQLSTATE for a character its encoding cannot hold (a NUL in text).
    const CHARACTER_NOT_IN_REPERTOIRE: &str = "22021";

    /// Whether the request came from a browser navigating or posting a plain form.
    fn html_request() -> bool {
        leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    /// Server functions answer every error with 500 unless the function set a status
    /// itself. Errors raised before the function runs (unreadable arguments, invalid
    /// UTF-8) get here the status their `AppError` means, so a bad request is a 400.
    pub async fn server_fn_error_status(
        request: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> axum::response::Response {
        let response = next.run(request).await;
        if response.status() != StatusCode::INTERNAL_SERVER_ERROR
            || !response
                .headers()
                .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
        {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 1024 * 1024)
            .await
            .unwrap_or_default();
        if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
            parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(parts.status);
        }
        axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
    }

    impl AppError {
        /// Sets the HTTP status of a server function's answer to a script (the app's own
        /// JavaScript, API clients). A plain HTML form post keeps the redirect back to its
        /// page, which carries the error in the URL (the status would block that
        /// redirect); pages set their status where they render the error.
        pub fn set_response_status(self) -> Self {
            if html_request() {
                return self;
            }
            if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                options.set_status(
                    StatusCode::from_u16(self.status_code())
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                );
            }
            self
        }
    }
}

/// Plain HTTP handlers (charts, exports) answer errors as a German sentence in plain text.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status_code())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            )],
            format!("{self}\n"),
        )
            .into_response()
    }
}
