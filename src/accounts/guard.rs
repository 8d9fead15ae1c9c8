//! Server-side checks: who is signed in, and may they do this? Every server function
//! that reads internal data or changes anything goes through here.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use super::backend::AuthSession;
use super::model::CurrentUser;
use crate::domain::access::Permission;
use crate::error::AppError;

/// Log target for sign-ins, failures and refusals.
pub const AUDIT: &str = "umsetzungsmonitor::audit";

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|err| {
        tracing::error!(error = %err, "no auth session: is the AuthManagerLayer installed?");
        AppError::Internal
    })
}

/// The signed-in account, if any.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(auth_session().await?.user.map(|user| user.account))
}

/// The signed-in account if it holds `permission`; else 401 (signed out) or 403.
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
pub async fn sees_internal() -> Result<bool, AppError> {
    Ok(current_user()
        .await?
        .is_some_and(|u| u.can(Permission::SeeInternal)))
}

/// The client's address for throttling and the audit log.
pub async fn client_address() -> String {
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unbekannt".to_owned())
}
