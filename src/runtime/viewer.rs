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
    /// The account's own role: `Admin` is a site administrator (every plan, the accounts);
    /// any other grants nothing by itself – rights come from `plans`.
    pub role: Role,
    /// The role in each plan the account works on.
    pub plans: Vec<PlanRole>,
}

/// A role granted in one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRole {
    pub plan_id: i64,
    pub slug: String,
    pub role: Role,
}

impl CurrentUser {
    /// A site administrator: every plan, the accounts, the plans themselves.
    pub fn is_site_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// The account's role in plan `plan_id`, if it has one there.
    pub fn role_in(&self, plan_id: i64) -> Option<Role> {
        if self.is_site_admin() {
            return Some(Role::Admin);
        }
        self.plans
            .iter()
            .find(|grant| grant.plan_id == plan_id)
            .map(|grant| grant.role)
    }

    /// Whether the account holds `permission` in plan `plan_id`. Managing accounts is a
    /// site administrator's, whatever the plan.
    pub fn can_in(&self, plan_id: i64, permission: Permission) -> bool {
        match permission {
            Permission::ManageAccounts => self.is_site_admin(),
            _ => self
                .role_in(plan_id)
                .is_some_and(|role| role.allows(permission)),
        }
    }

    /// As [`Self::can_in`], for the plan with this slug (what pages know).
    pub fn can_in_plan(&self, slug: &str, permission: Permission) -> bool {
        match permission {
            Permission::ManageAccounts => self.is_site_admin(),
            _ if self.is_site_admin() => true,
            _ => self
                .plans
                .iter()
                .any(|grant| grant.slug == slug && grant.role.allows(permission)),
        }
    }

    /// Whether the account holds `permission` in any plan (what the navigation offers).
    pub fn can_somewhere(&self, permission: Permission) -> bool {
        self.is_site_admin() || self.plans.iter().any(|grant| grant.role.allows(permission))
    }
}

/// The signed-in account (or none), shared by every page; provided by the shell.
#[derive(Clone, Copy)]
pub struct CurrentUserResource(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// Whether the signed-in account holds a permission in plan `slug`, for what a page
/// offers (the server checks again on every save).
pub fn user_can(slug: &str, permission: Permission) -> impl Fn() -> bool + Clone {
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    let slug = slug.to_owned();
    move || {
        user.get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.can_in_plan(&slug, permission))
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

/// 403 unless `user` holds `permission` in plan `plan_id` (the plan of the object
/// changed, as the server found it).
///
/// Takes the account read at the start of the request: the request's context is only
/// certain before the first database await of a server function.
#[cfg(feature = "ssr")]
pub fn allowed_in(
    user: &CurrentUser,
    plan_id: i64,
    permission: Permission,
) -> Result<(), AppError> {
    if user.can_in(plan_id, permission) {
        Ok(())
    } else {
        tracing::warn!(target: AUDIT, account = user.id, plan = plan_id, ?permission, "refused: missing permission");
        Err(AppError::Forbidden.set_response_status())
    }
}

/// The signed-in account, if it is a site administrator; else 401 or 403.
#[cfg(feature = "ssr")]
pub async fn require_site_admin() -> Result<CurrentUser, AppError> {
    let user = require_signed_in().await?;
    if user.is_site_admin() {
        Ok(user)
    } else {
        tracing::warn!(target: AUDIT, account = user.id, "refused: not a site administrator");
        Err(AppError::Forbidden.set_response_status())
    }
}

/// The signed-in account; 401 when signed out.
#[cfg(feature = "ssr")]
pub async fn require_signed_in() -> Result<CurrentUser, AppError> {
    current_user()
        .await?
        .ok_or_else(|| AppError::Unauthorized.set_response_status())
}

/// Whether `user` (the reader) may see internal notes and names in plan `plan_id`.
pub fn sees_internal(user: Option<&CurrentUser>, plan_id: i64) -> bool {
    user.is_some_and(|u| u.can_in(plan_id, Permission::SeeInternal))
}
