//! Sign-in with axum-login: password check (argon2, off the async runtime) and loading
//! the signed-in account for each request.

use std::sync::LazyLock;

use axum_login::{AuthUser, AuthnBackend, UserId};
use sqlx::SqlitePool;

use super::model::CurrentUser;
use super::repo;
use crate::domain::text::{Email, Password};

#[derive(Debug, Clone)]
pub struct User {
    pub account: CurrentUser,
    session_token: String,
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.account.id
    }

    /// Sessions carry this; when the account's token rotates (disabled, new password),
    /// axum-login finds a mismatch and ends the session.
    fn session_auth_hash(&self) -> &[u8] {
        self.session_token.as_bytes()
    }
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub email: Email,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("password hashing task failed: {0}")]
    Hashing(#[from] tokio::task::JoinError),
}

#[derive(Debug, Clone)]
pub struct Backend {
    pool: SqlitePool,
}

impl Backend {
    pub fn new(pool: SqlitePool) -> Self {
        Backend { pool }
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// Checked against when the e-mail is unknown, so a wrong address takes as long as a
/// wrong password and does not reveal which accounts exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| password_auth::generate_hash("umsetzungsmonitor-dummy-password"));

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = BackendError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, BackendError> {
        let row = repo::find_by_email(&self.pool, creds.email.as_str()).await?;
        let hash = match &row {
            Some(row) if row.disabled_at.is_none() => row.password_hash.clone(),
            _ => DUMMY_HASH.clone(),
        };
        let password = creds.password;
        let matches = tokio::task::spawn_blocking(move || {
            password_auth::verify_password(password, &hash).is_ok()
        })
        .await?;
        match row {
            Some(row) if matches && row.disabled_at.is_none() => Ok(Some(User {
                account: row.current_user()?,
                session_token: row.session_token,
            })),
            _ => Ok(None),
        }
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, BackendError> {
        let Some(row) = repo::find_by_id(&self.pool, *id).await? else {
            return Ok(None);
        };
        if row.disabled_at.is_some() {
            return Ok(None);
        }
        Ok(Some(User {
            account: row.current_user()?,
            session_token: row.session_token,
        }))
    }
}

/// Hashes a new password (argon2id) on the blocking pool.
pub async fn hash_password(password: &Password) -> Result<String, tokio::task::JoinError> {
    let plain = password.expose().to_owned();
    tokio::task::spawn_blocking(move || password_auth::generate_hash(plain)).await
}
