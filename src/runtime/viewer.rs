//! Who is asking, and what they may see: the signed-in account (or none) as every
//! capability knows it. On the server the wiring resolves it from the session once per
//! request (`server::routes`, with `accounts::guard`) and hands it on in the request
//! ([`Viewer`]); server functions and pages read it here.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::access::{Permission, Role};
use crate::error::AppError;

/// Name of the session cookie (set only after signing in; the privacy notice names it).
pub const SESSION_COOKIE: &str = "sitzung";

/// Log target for sign-ins, failures and refusals.
pub const AUDIT: &str = "umsetzungsmonitor::audit";

/// The signed-in person, as every page may know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub organisation: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.role.allows(permission)
    }
}

/// The signed-in account (or none), shared by every page; provided by the shell.
#[derive(Clone, Copy)]
pub struct CurrentUserResource(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// Whether the signed-in account holds a permission, for what a page offers (the server
/// checks again on every save).
pub fn user_can(permission: Permission) -> impl Fn() -> bool + Copy {
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    move || {
        user.get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.can(permission))
    }
}

/// Who sent the request, as the wiring found it in the session before any handler ran.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct Viewer(pub Option<CurrentUser>);

/// The signed-in account, if any (a session past its absolute lifetime has ended already).
#[cfg(feature = "ssr")]
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
        .map(|viewer| viewer.0)
        .ok_or_else(|| {
            tracing::error!("no Viewer in the request: is the viewer middleware installed?");
            AppError::Internal
        })
}

/// The signed-in account if it holds `permission`; else 401 (signed out) or 403.
#[cfg(feature = "ssr")]
pub async fn require(permission: Permission) -> Result<CurrentUser, AppError> {
    match current_user().await? {
        None => Err(AppError::Unauthorized.set_response_status()),
        Some(user) if !user.can(permission) => {
            tracing::warn!(target: AUDIT, account = user.id, ?permission, "refused: missing permission");
            Err(AppError::Forbidden.set_response_status())
        }
        Some(user) => Ok(user),
    }
}

/// Whether the reader may see internal notes and names.
#[cfg(feature = "ssr")]
pub async fn sees_internal() -> Result<bool, AppError> {
    Ok(current_user()
        .await?
        .is_some_and(|u| u.can(Permission::SeeInternal)))
}
