//! What every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;

use super::clock::Clock;
use super::throttle::LoginThrottle;
use crate::error::AppError;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub clock: Clock,
    /// Slug of the plan the addresses from before plans had their own prefix lead to
    /// (`/pakete/3` → `/{plan}/pakete/3`); `None` means the first plan.
    pub plan: Option<String>,
    pub login_throttle: Arc<LoginThrottle>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--vertrauenswuerdige-proxies`).
    #[from_ref(skip)]
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    /// Mark the session cookie `Secure` (deployments behind HTTPS).
    pub secure_cookies: bool,
    /// The site's public address (`https://monitor.example.org`) for links in feeds and
    /// files; `None`: taken from the request's Host header.
    #[from_ref(skip)]
    pub public_url: Option<String>,
    /// The operator's details for the legal pages (`--betreiber`, else placeholders).
    pub operator: Arc<super::operator::Operator>,
}

impl AppState {
    /// The state from inside a server function or component rendered on the server.
    pub fn from_context() -> Result<AppState, AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            AppError::Internal
        })
    }
}
