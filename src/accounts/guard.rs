//! The session behind the sign-in: starting it, finding its account (and ending it after
//! its absolute lifetime), the client's address. Whether a request may do something is
//! asked of `runtime::viewer`.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use super::backend::AuthSession;
use crate::error::AppError;
use crate::runtime::viewer::CurrentUser;

pub use crate::runtime::viewer::AUDIT;

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|err| {
        tracing::error!(error = %err, "no auth session: is the AuthManagerLayer installed?");
        AppError::Internal
    })
}

/// Session key: when the session's member signed in (seconds since 1970, UTC).
pub const SIGNED_IN_AT: &str = "angemeldet_am";
/// A session ends this long after signing in, however active it is (besides ending after
/// 8 hours without a request).
pub const ABSOLUTE_SESSION_LIFETIME: std::time::Duration =
    std::time::Duration::from_secs(7 * 24 * 60 * 60);

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Signs `user` in with a fresh session id and remembers when (for the absolute lifetime).
pub async fn start_session(
    auth: &mut AuthSession,
    user: &super::backend::User,
) -> Result<(), AppError> {
    let stored = match auth.login(user).await {
        Ok(()) => auth
            .session
            .insert(SIGNED_IN_AT, now_unix())
            .await
            .map_err(|e| e.to_string()),
        Err(err) => Err(err.to_string()),
    };
    stored.map_err(|err| {
        tracing::error!(error = %err, "session could not be stored");
        AppError::Internal
    })
}

/// Whether a session signed in at `signed_in_at` has outlived its absolute lifetime `now`.
/// A session without the mark (made before it existed) counts as expired.
pub fn outlived(signed_in_at: Option<i64>, now: i64) -> bool {
    let lifetime = ABSOLUTE_SESSION_LIFETIME.as_secs() as i64;
    signed_in_at.is_none_or(|at| now.saturating_sub(at) >= lifetime)
}

/// The account signed in with this session, if any; ends the session if it has outlived
/// its absolute lifetime. The wiring calls it once per request and hands the answer on as
/// `runtime::viewer::Viewer`; plain HTTP handlers read that.
pub async fn signed_in(auth: &mut AuthSession) -> Option<CurrentUser> {
    let user = auth.user.clone()?;
    let signed_in_at = auth.session.get::<i64>(SIGNED_IN_AT).await.unwrap_or(None);
    if outlived(signed_in_at, now_unix()) {
        tracing::info!(target: AUDIT, account = user.account.id, "session ended: absolute lifetime");
        if let Err(err) = auth.logout().await {
            tracing::error!(error = %err, "session could not be ended");
        }
        return None;
    }
    Some(user.account)
}

/// The client's address for throttling and the audit log: the connection's peer, or the
/// address a trusted proxy names ([`super::address`]), IPv6 as its /64 network.
pub async fn client_address() -> String {
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip());
    let Ok(peer) = peer else {
        return "unbekannt".to_owned();
    };
    let trusted = leptos::prelude::use_context::<crate::runtime::state::AppState>()
        .map(|state| state.trusted_proxies.clone())
        .unwrap_or_default();
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
    let forwarded = parts
        .iter()
        .flat_map(|parts| parts.headers.get_all("x-forwarded-for"))
        .filter_map(|value| value.to_str().ok());
    super::address::network_key(super::address::client_ip(peer, forwarded, &trusted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_seven_days_after_signing_in() {
        let day = 24 * 60 * 60;
        assert!(!outlived(Some(1_000_000), 1_000_000 + 7 * day - 1));
        assert!(outlived(Some(1_000_000), 1_000_000 + 7 * day));
        assert!(outlived(None, 1_000_000), "unmarked sessions end");
        assert!(
            !outlived(Some(1_000_000), 999_000),
            "a clock set back is no reason"
        );
    }
}
