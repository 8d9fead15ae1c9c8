//! Server functions for signing in and out and for managing accounts (admins).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::AccountSummary;
#[cfg(feature = "ssr")]
use crate::editing::messages::{FieldMessage, Rule};
use crate::error::AppError;
use crate::runtime::viewer::CurrentUser;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::{AppError, FieldMap};
    use crate::history::repo::Actor;
    use crate::runtime::viewer::require_site_admin;
    use crate::runtime::viewer::CurrentUser;

    pub use crate::runtime::state::AppState;
    use crate::runtime::throttle::Attempt;

    /// A site administrator (accounts are the site's, not a plan's).
    pub async fn admin() -> Result<(AppState, CurrentUser, Actor), AppError> {
        let user = require_site_admin().await?;
        let state = AppState::from_context()?;
        let actor = Actor::person(&user);
        Ok((state, user, actor))
    }

    pub fn refused(values: FieldMap, general: &str) -> AppError {
        AppError::Invalid(crate::error::FormRejection {
            errors: FieldMap::new(),
            values,
            general: Some(general.to_owned()),
        })
        .set_response_status()
    }

    /// Counts a sign-in attempt (also a password change's check of the current password)
    /// before any password is checked; refused while a limit is reached.
    pub async fn begin_attempt(
        state: &AppState,
        email: &str,
        address: &str,
    ) -> Result<Attempt, AppError> {
        state
            .login_throttle
            .begin(&state.pool, email, address, chrono::Utc::now())
            .await?
            .map_err(|wait| {
                tracing::warn!(target: crate::accounts::guard::AUDIT, email, %address, "refused: too many sign-in attempts");
                let minutes = wait.as_secs().div_ceil(60).max(1);
                AppError::TooManyRequests { minutes }.set_response_status()
            })
    }

    /// The attempt signed in: it stops counting. Signed in is signed in: a database that
    /// fails to note it only leaves the attempt counted.
    pub async fn attempt_succeeded(state: &AppState, attempt: Attempt) {
        if let Err(err) = state.login_throttle.succeeded(&state.pool, attempt).await {
            tracing::warn!(%err, "sign-in throttle: success not noted");
        }
    }

    /// Where to go after signing in: a path on this site ([`crate::domain::local_path`]),
    /// else the editing overview.
    pub fn safe_next(next: Option<&str>) -> &str {
        next.and_then(crate::domain::local_path::local_path)
            .unwrap_or("/bearbeiten")
    }
}

#[server(input = GetUrl, prefix = "/api", endpoint = "konto")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::runtime::viewer::current_user().await
}

#[server(prefix = "/api", endpoint = "anmelden")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::accounts::backend::{BackendError, Credentials};
    use crate::accounts::guard::{auth_session, client_address, start_session, AUDIT};
    use crate::domain::text::Email;
    use crate::error::FieldMap;
    use crate::language::i18n::td_string;

    let state = ssr::AppState::from_context()?;
    let mut values = FieldMap::from([("email".to_owned(), email.clone())]);
    if let Some(next) = &next {
        values.insert("next".to_owned(), next.clone());
    }
    // The two sentences the sign-in form shows beside its fields, in the reader's language.
    let locale = crate::language::request_locale();
    let Ok(email) = Email::parse(&email) else {
        return Err(AppError::invalid_field(
            "email",
            td_string!(locale, anmelden.invalid_email),
            values,
        )
        .set_response_status());
    };
    let address = client_address().await;
    // Counted before the password check, so parallel guesses meet the limit too.
    let attempt = ssr::begin_attempt(&state, email.as_str(), &address).await?;
    let mut auth = auth_session().await?;
    let credentials = Credentials {
        email: email.clone(),
        password,
    };
    let user = auth.authenticate(credentials).await.map_err(|err| match err {
        axum_login::Error::Backend(BackendError::Busy) => {
            tracing::warn!(target: AUDIT, %address, "login refused: too many password checks waiting");
            AppError::Busy.set_response_status()
        }
        err => {
            tracing::error!(error = %err, "authentication backend failed");
            AppError::Internal
        }
    })?;
    let Some(user) = user else {
        tracing::warn!(target: AUDIT, email = email.as_str(), %address, "login failed");
        return Err(ssr::refused(
            values,
            td_string!(locale, anmelden.wrong_credentials),
        ));
    };
    start_session(&mut auth, &user).await?;
    ssr::attempt_succeeded(&state, attempt).await;
    tracing::info!(target: AUDIT, account = user.account.id, %address, "login");
    leptos_axum::redirect(ssr::safe_next(next.as_deref()));
    Ok(())
}

/// A signed-in member changes their own password: the current one is required (and
/// throttled like a sign-in), every other session of the account ends, this one stays.
#[server(prefix = "/api", endpoint = "konto/passwort")]
pub async fn change_own_password(current: String, password: String) -> Result<(), AppError> {
    use crate::accounts::guard::{auth_session, client_address, signed_in, start_session, AUDIT};
    use crate::accounts::{backend, repo, service};
    use crate::domain::text::Password;
    use crate::error::FieldMap;
    use crate::history::repo::Actor;
    use crate::language::i18n::td_string;
    use axum_login::AuthnBackend;

    let state = ssr::AppState::from_context()?;
    let locale = crate::language::request_locale();
    let mut auth = auth_session().await?;
    let user = signed_in(&mut auth)
        .await
        .ok_or_else(|| AppError::Unauthorized.set_response_status())?;
    // Passwords are never sent back into the form.
    let new_password = Password::parse(&password).map_err(|e| {
        AppError::invalid_field("password", e.message(locale), FieldMap::new())
            .set_response_status()
    })?;
    let row = repo::find_by_id(&state.pool, user.id)
        .await?
        .ok_or_else(|| AppError::Unauthorized.set_response_status())?;
    let address = client_address().await;
    let attempt = ssr::begin_attempt(&state, &row.email, &address).await?;
    if !backend::verify_password(current, row.password_hash.clone()).await? {
        tracing::warn!(target: AUDIT, account = user.id, %address, "password change: wrong current password");
        return Err(AppError::invalid_field(
            "current",
            td_string!(locale, anmelden.own_password_wrong),
            FieldMap::new(),
        )
        .set_response_status());
    }
    let hash = backend::hash_password(&new_password).await?;
    if !service::set_password(&state.pool, &Actor::person(&user), user.id, &hash).await? {
        return Err(AppError::Unauthorized.set_response_status());
    }
    ssr::attempt_succeeded(&state, attempt).await;
    // The new password rotated the account's session token, which ends every session;
    // this one signs in again with the new token.
    let renewed = auth
        .backend
        .get_user(&user.id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::Internal)?;
    start_session(&mut auth, &renewed).await?;
    tracing::info!(target: AUDIT, account = user.id, %address, "own password changed");
    leptos_axum::redirect("/konto/passwort?geaendert=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "abmelden")]
pub async fn logout() -> Result<(), AppError> {
    use crate::accounts::guard::{auth_session, AUDIT};
    let mut auth = auth_session().await?;
    if let Some(user) = auth.logout().await.map_err(|err| {
        tracing::error!(error = %err, "session could not be ended");
        AppError::Internal
    })? {
        tracing::info!(target: AUDIT, account = user.account.id, "logout");
    }
    leptos_axum::redirect("/");
    Ok(())
}

#[server(input = GetUrl, prefix = "/api", endpoint = "verwaltung/konten")]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, AppError> {
    use crate::accounts::repo;
    let (state, _, _) = ssr::admin().await?;
    let rows = repo::list(&state.pool).await?;
    let mut accounts = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut summary = row.summary()?;
        summary.plans = repo::plans_with_role(&state.pool, row.id)
            .await?
            .into_iter()
            .filter(|plan| plan.role.is_some())
            .collect();
        accounts.push(summary);
    }
    Ok(accounts)
}

/// Whether the app's own backup (a copy of the SQLite file) is there to download: not on
/// PostgreSQL, whose operators back up with `pg_dump` (README, „PostgreSQL“).
#[server(input = GetUrl, prefix = "/api", endpoint = "verwaltung/sicherung-moeglich")]
pub async fn backup_downloadable() -> Result<bool, AppError> {
    use crate::runtime::db::Backend;
    let (state, _, _) = ssr::admin().await?;
    Ok(Backend::of_pool(&state.pool) == Backend::Sqlite)
}

/// The site's plans (slug, title), for the new-account form.
#[server(input = GetUrl, prefix = "/api", endpoint = "verwaltung/plaene")]
pub async fn list_plan_choices() -> Result<Vec<(String, String)>, AppError> {
    let (state, _, _) = ssr::admin().await?;
    Ok(crate::plan::repo::all_plans(&state.pool)
        .await?
        .into_iter()
        .map(|(_, info, _)| (info.slug, info.title))
        .collect())
}

/// Gives account `id` role `role` in plan `plan` (a slug), or none (`keine`).
#[server(prefix = "/api", endpoint = "verwaltung/plan-rolle")]
pub async fn set_plan_role(id: i64, plan: String, role: String) -> Result<(), AppError> {
    use crate::domain::access::Role;
    use crate::error::FieldMap;

    let (state, _, actor) = ssr::admin().await?;
    let locale = crate::language::request_locale();
    let role = match role.as_str() {
        "keine" => None,
        code => Some(Role::parse(code).ok_or_else(|| {
            AppError::invalid_field(
                "role",
                Rule::RoleFromList.message(locale),
                FieldMap::from([("role".to_owned(), code.to_owned())]),
            )
            .set_response_status()
        })?),
    };
    let (plan_id, _) = crate::plan::api::ssr::plan(&state, &plan).await?;
    if !crate::accounts::service::set_plan_role(&state.pool, &actor, id, plan_id, role).await? {
        return Err(AppError::NotFound.set_response_status());
    }
    leptos_axum::redirect(&format!("/verwaltung/konten/{id}?rolle=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "verwaltung/konto-anlegen")]
pub async fn create_account(
    email: String,
    display_name: String,
    organisation: String,
    role: String,
    // The plan the role applies in (a slug); a site administrator needs none.
    #[server(default)] plan: String,
    password: String,
) -> Result<(), AppError> {
    use crate::accounts::{backend, service};
    use crate::editing::form::parse_new_account;
    use crate::error::FieldMap;

    let (state, _, actor) = ssr::admin().await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([
        ("email".to_owned(), email),
        ("display_name".to_owned(), display_name),
        ("organisation".to_owned(), organisation),
        ("role".to_owned(), role),
        ("password".to_owned(), password),
    ]);
    let input = parse_new_account(&values, locale)
        .map_err(|r| AppError::Invalid(r).set_response_status())?;
    let plans = if input.profile.role == crate::domain::access::Role::Admin {
        Vec::new()
    } else {
        let found = match plan.trim() {
            "" => crate::plan::repo::only_plan(&state.pool).await?,
            slug => crate::plan::repo::find_plan(&state.pool, Some(slug)).await?,
        };
        let Some((plan_id, _)) = found else {
            let mut values = values;
            values.remove("password");
            values.insert("plan".to_owned(), plan);
            return Err(AppError::invalid_field(
                "plan",
                crate::language::i18n::td_string!(locale, verwaltung.plan_required),
                values,
            )
            .set_response_status());
        };
        vec![plan_id]
    };
    let hash = backend::hash_password(&input.password)
        .await
        .map_err(AppError::from)?;
    match service::create(
        &state.pool,
        &actor,
        &input.email,
        &input.profile,
        &plans,
        &hash,
    )
    .await?
    {
        Some(_) => {
            leptos_axum::redirect("/verwaltung?angelegt=1");
            Ok(())
        }
        None => {
            let mut values = values;
            values.remove("password");
            Err(
                AppError::invalid_field("email", Rule::EmailTaken.message(locale), values)
                    .set_response_status(),
            )
        }
    }
}

#[server(prefix = "/api", endpoint = "verwaltung/konto-aendern")]
pub async fn update_account(
    id: i64,
    version: i64,
    display_name: String,
    organisation: String,
    role: String,
) -> Result<(), AppError> {
    use crate::accounts::service::{self, ProfileOutcome, ProfileUpdate};
    use crate::editing::form::parse_account_profile;
    use crate::error::FieldMap;

    let (state, _, actor) = ssr::admin().await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([
        ("display_name".to_owned(), display_name),
        ("organisation".to_owned(), organisation),
        ("role".to_owned(), role),
    ]);
    let profile = parse_account_profile(&values, locale)
        .map_err(|r| AppError::Invalid(r).set_response_status())?;
    match service::update_profile(&state.pool, &actor, id, &profile, version).await? {
        ProfileUpdate::Done(ProfileOutcome::Saved) => {
            leptos_axum::redirect(&format!("/verwaltung/konten/{id}?gespeichert=1"));
            Ok(())
        }
        ProfileUpdate::Done(ProfileOutcome::NotFound) => {
            Err(AppError::NotFound.set_response_status())
        }
        ProfileUpdate::Done(ProfileOutcome::LastAdmin) => {
            Err(ssr::refused(values, &Rule::LastAdminRole.message(locale)))
        }
        ProfileUpdate::Conflict(current) => {
            let theirs = FieldMap::from([
                ("display_name".to_owned(), current.display_name.clone()),
                ("organisation".to_owned(), current.organisation.clone()),
                ("role".to_owned(), current.role.clone()),
            ]);
            Err(crate::editing::api::ssr::conflict_for(
                &state,
                crate::history::model::EntityKind::Account,
                id,
                values,
                theirs,
                current.version,
                "",
            )
            .await?)
        }
    }
}

#[server(prefix = "/api", endpoint = "verwaltung/konto-sperren")]
pub async fn set_account_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::accounts::service::{self, ProfileOutcome};
    use crate::error::FieldMap;

    let (state, user, actor) = ssr::admin().await?;
    let locale = crate::language::request_locale();
    if disabled && id == user.id {
        return Err(ssr::refused(
            FieldMap::new(),
            &Rule::OwnAccountDisabled.message(locale),
        ));
    }
    match service::set_disabled(&state.pool, &actor, id, disabled).await? {
        ProfileOutcome::Saved => {
            leptos_axum::redirect(&format!("/verwaltung/konten/{id}?gespeichert=1"));
            Ok(())
        }
        ProfileOutcome::NotFound => Err(AppError::NotFound.set_response_status()),
        ProfileOutcome::LastAdmin => Err(ssr::refused(
            FieldMap::new(),
            &Rule::LastAdminDisabled.message(locale),
        )),
    }
}

#[server(prefix = "/api", endpoint = "verwaltung/passwort")]
pub async fn set_account_password(id: i64, password: String) -> Result<(), AppError> {
    use crate::accounts::{backend, service};
    use crate::domain::text::Password;
    use crate::error::FieldMap;

    let (state, _, actor) = ssr::admin().await?;
    let locale = crate::language::request_locale();
    let password = Password::parse(&password).map_err(|e| {
        AppError::invalid_field("password", e.message(locale), FieldMap::new())
            .set_response_status()
    })?;
    let hash = backend::hash_password(&password)
        .await
        .map_err(AppError::from)?;
    if !service::set_password(&state.pool, &actor, id, &hash).await? {
        return Err(AppError::NotFound.set_response_status());
    }
    leptos_axum::redirect(&format!("/verwaltung/konten/{id}?passwort=1"));
    Ok(())
}

#[server(input = GetUrl, prefix = "/api", endpoint = "verwaltung/konto")]
pub async fn get_account(id: i64) -> Result<AccountSummary, AppError> {
    let (state, _, _) = ssr::admin().await?;
    let row = crate::accounts::repo::find_by_id(&state.pool, id)
        .await?
        .ok_or_else(|| AppError::NotFound.set_response_status())?;
    let mut summary = row.summary()?;
    summary.plans = crate::accounts::repo::plans_with_role(&state.pool, id).await?;
    Ok(summary)
}
