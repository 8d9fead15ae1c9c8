//! What every request handler and server function can reach.

use std::sync::Arc;

use crate::runtime::db::Pool;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::clock::Clock;
use super::throttle::LoginThrottle;
use crate::error::AppError;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
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

    /// The site's address for links inside files and pages: configured, else from the
    /// request's Host header (a sane one; `localhost` otherwise). No trailing slash.
    pub fn site_address(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() <= 255
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .unwrap_or("localhost");
        let scheme = if self.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{host}")
    }
}
