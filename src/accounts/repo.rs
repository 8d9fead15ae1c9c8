//! SQL for accounts.

use crate::runtime::db::{Conn, Pool};
use sqlx::FromRow;

use super::model::{AccountPlanRole, AccountSummary};
use crate::domain::access::Role;
use crate::runtime::viewer::{CurrentUser, PlanRole};

#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub organisation: String,
    pub role: String,
    pub password_hash: String,
    pub session_token: String,
    pub disabled_at: Option<String>,
    /// Counts profile saves (optimistic check of the admins' profile form).
    pub version: i64,
}

impl AccountRow {
    pub fn role(&self) -> Result<Role, sqlx::Error> {
        Role::parse(&self.role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {:?}", self.role).into()))
    }

    /// The account as a signed-in person, with its roles per plan.
    pub async fn current_user(&self, pool: &Pool) -> Result<CurrentUser, sqlx::Error> {
        Ok(CurrentUser {
            id: self.id,
            display_name: self.display_name.clone(),
            organisation: self.organisation.clone(),
            role: self.role()?,
            plans: plan_roles(pool, self.id).await?,
        })
    }

    pub fn summary(&self) -> Result<AccountSummary, sqlx::Error> {
        Ok(AccountSummary {
            id: self.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            organisation: self.organisation.clone(),
            role: self.role()?,
            disabled: self.disabled_at.is_some(),
            version: self.version,
            plans: Vec::new(),
        })
    }
}

const COLUMNS: &str =
    "id, email, display_name, organisation, role, password_hash, session_token, disabled_at, version";

pub async fn find_by_email(pool: &Pool, email: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM account WHERE email = $1"))
        .bind(email)
        .fetch_optional(pool)
        .await
}

pub async fn find_by_id(
    conn: impl sqlx::any::AnyExecutor<'_>,
    id: i64,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM account WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn list(pool: &Pool) -> Result<Vec<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM account ORDER BY disabled_at IS NOT NULL, organisation, display_name"
    ))
    .fetch_all(pool)
    .await
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub organisation: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

/// A fresh random token; rotating it ends every session of the account.
pub fn new_session_token() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), 43)
}

pub async fn insert(conn: &mut Conn, account: &NewAccount<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO account (email, display_name, organisation, role, password_hash, session_token) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account.email)
    .bind(account.display_name)
    .bind(account.organisation)
    .bind(account.role.code())
    .bind(account.password_hash)
    .bind(new_session_token())
    .fetch_one(conn)
    .await
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

pub async fn update_profile(
    conn: &mut Conn,
    id: i64,
    display_name: &str,
    organisation: &str,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE account SET display_name = $1, organisation = $2, role = $3, version = version + 1, \
         updated_at = {NOW} WHERE id = $4"
    ))
    .bind(display_name)
    .bind(organisation)
    .bind(role.code())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Disabling rotates the session token, so every session of the account ends.
pub async fn set_disabled(conn: &mut Conn, id: i64, disabled: bool) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE account SET disabled_at = CASE WHEN $1 THEN coalesce(disabled_at, {NOW}) END, \
         session_token = $2, updated_at = {NOW} WHERE id = $3"
    ))
    .bind(disabled)
    .bind(new_session_token())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new password also ends every session of the account.
pub async fn set_password_hash(conn: &mut Conn, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE account SET password_hash = $1, session_token = $2, updated_at = {NOW} WHERE id = $3"
    ))
    .bind(hash)
    .bind(new_session_token())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn count_active_admins(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM account WHERE role = 'admin' AND disabled_at IS NULL")
        .fetch_one(conn)
        .await
}

/// The account's role in each plan, in the order the plans were created.
pub async fn plan_roles(
    conn: impl sqlx::any::AnyExecutor<'_>,
    account_id: i64,
) -> Result<Vec<PlanRole>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT plan.id, plan.slug, plan_role.role FROM plan_role \
         JOIN plan ON plan.id = plan_role.plan_id WHERE plan_role.account_id = $1 ORDER BY plan.id",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(plan_id, slug, role)| {
            Ok(PlanRole {
                plan_id,
                slug,
                role: Role::parse(&role)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
            })
        })
        .collect()
}

/// Grants `role` in plan `plan_id` (replacing a role there), or takes the plan away (`None`).
pub async fn set_plan_role(
    conn: &mut Conn,
    account_id: i64,
    plan_id: i64,
    role: Option<Role>,
) -> Result<(), sqlx::Error> {
    match role {
        Some(role) => {
            sqlx::query(
                "INSERT INTO plan_role (account_id, plan_id, role) VALUES ($1, $2, $3) \
                 ON CONFLICT (account_id, plan_id) DO UPDATE SET role = excluded.role",
            )
            .bind(account_id)
            .bind(plan_id)
            .bind(role.code())
            .execute(conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM plan_role WHERE account_id = $1 AND plan_id = $2")
                .bind(account_id)
                .bind(plan_id)
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

/// Every plan of the site, with the role of account `account_id` there (or none).
pub async fn plans_with_role(
    pool: &Pool,
    account_id: i64,
) -> Result<Vec<AccountPlanRole>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT plan.slug, plan.title, plan_role.role FROM plan \
         LEFT JOIN plan_role ON plan_role.plan_id = plan.id AND plan_role.account_id = $1 \
         ORDER BY plan.id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, title, role)| AccountPlanRole {
            slug,
            title,
            role: role.as_deref().and_then(Role::parse),
        })
        .collect())
}
