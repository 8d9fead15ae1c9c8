//! Sign-in with axum-login: password check (argon2, off the async runtime) and loading
//! the signed-in account for each request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;
use std::time::Duration;

use crate::runtime::db::Pool;
use axum_login::{AuthUser, AuthnBackend, UserId};

use super::repo;
use crate::domain::text::{Email, Password};
use crate::runtime::viewer::CurrentUser;

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
    #[error("too many password checks waiting")]
    Busy,
}

impl From<BackendError> for crate::error::AppError {
    fn from(err: BackendError) -> Self {
        match err {
            BackendError::Busy => crate::error::AppError::Busy.set_response_status(),
            err => {
                tracing::error!(error = %err, "password backend failed");
                crate::error::AppError::Internal
            }
        }
    }
}

/// At most this many password checks (argon2id, about 19 MiB of memory each) run at a time;
/// more wait in line, and a request that waited [`PASSWORD_CHECK_QUEUE`] gives up. A burst of
/// sign-ins thus costs at most about 4 × 19 MiB, and two cores are busy anyway.
pub const PASSWORD_CHECKS_AT_ONCE: usize = 4;
pub const PASSWORD_CHECK_QUEUE: Duration = Duration::from_secs(10);
static PASSWORD_CHECKS: tokio::sync::Semaphore =
    tokio::sync::Semaphore::const_new(PASSWORD_CHECKS_AT_ONCE);
static PASSWORD_CHECKS_PEAK: AtomicUsize = AtomicUsize::new(0);

/// Makes the memory of finished password checks go back to the system.
///
/// glibc's malloc raises its mmap threshold to the size of the largest block freed so far
/// (up to 32 MiB), so after the first argon2 check its 19 MiB buffers come from the heap and
/// stay resident when freed, one per thread that ever ran a check: a burst of sign-ins left the
/// server at 0.4–1 GB (BENCHMARKS.md, "Sign-in burst"). A fixed threshold of 4 MiB keeps
/// blocks of that size and larger on their own mappings, which return to the system on free;
/// smaller blocks (pages, rows) are unaffected. Call once at start.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const THRESHOLD: libc::c_int = 4 * 1024 * 1024;
        // SAFETY: mallopt only changes an allocator setting; no pointers are involved.
        let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD) };
        if set != 1 {
            tracing::warn!("malloc: mmap threshold not set");
        }
    }
}

/// The most password checks that ran at the same time since the process started.
pub fn password_checks_peak() -> usize {
    PASSWORD_CHECKS_PEAK.load(Ordering::Relaxed)
}

/// Runs `work` (hashing or verifying a password) on the blocking pool, in line with the
/// other password checks.
async fn password_work<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, BackendError> {
    let _permit = tokio::time::timeout(PASSWORD_CHECK_QUEUE, PASSWORD_CHECKS.acquire())
        .await
        .map_err(|_| BackendError::Busy)?
        .map_err(|_| BackendError::Busy)?;
    let running = PASSWORD_CHECKS_AT_ONCE - PASSWORD_CHECKS.available_permits();
    PASSWORD_CHECKS_PEAK.fetch_max(running, Ordering::Relaxed);
    Ok(tokio::task::spawn_blocking(work).await?)
}

#[derive(Debug, Clone)]
pub struct Backend {
    pool: Pool,
}

impl Backend {
    pub fn new(pool: Pool) -> Self {
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
        let matches =
            password_work(move || password_auth::verify_password(password, &hash).is_ok()).await?;
        match row {
            Some(row) if matches && row.disabled_at.is_none() => Ok(Some(User {
                account: row.current_user(&self.pool).await?,
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
            account: row.current_user(&self.pool).await?,
            session_token: row.session_token,
        }))
    }
}

/// Whether `password` matches `hash`, checked in line with the other password checks.
pub async fn verify_password(password: String, hash: String) -> Result<bool, BackendError> {
    password_work(move || password_auth::verify_password(password, &hash).is_ok()).await
}

/// Hashes a new password (argon2id) on the blocking pool.
pub async fn hash_password(password: &Password) -> Result<String, BackendError> {
    let plain = password.expose().to_owned();
    password_work(move || password_auth::generate_hash(plain)).await
}
