//! The one error type at the boundary between server and users.
//!
//! Users see a clear German sentence; causes of internal errors go to the log only.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Die angeforderte Seite oder Angabe gibt es nicht.")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
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
            AppError::BadRequest(_) => 400,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::http::StatusCode;

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
    }

    impl AppError {
        /// Sets the HTTP status of the response being built (page or server function).
        pub fn set_response_status(self) -> Self {
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
