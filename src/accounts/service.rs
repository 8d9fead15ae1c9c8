//! Account changes with their history, shared by the admin pages and the command line.

use crate::runtime::db::Pool;

use super::repo::{self, NewAccount};
use crate::domain::access::Role;
use crate::domain::edits::AccountProfile;
use crate::domain::text::Email;
use crate::history::model::EntityKind;
use crate::history::repo::{text, Actor, ChangeSet, FieldValues, Scope, Visibility};
use crate::runtime::clock::Clock;
use crate::runtime::db::begin_write;

const NO_PLAN: Scope = Scope {
    plan_id: None,
    package_id: None,
};

fn profile_values(name: &str, organisation: &str, role: Role) -> FieldValues {
    FieldValues::from([
        ("display_name", text(name)),
        ("organisation", text(organisation)),
        ("role", Some(role.code().to_owned())),
    ])
}

/// Account changes belong to no plan and no as-of report: they are recorded at the
/// real time, also when a demonstration fixes "today".
fn real_time() -> Clock {
    Clock::system(chrono_tz::UTC)
}

/// Creates an account with its role in each of `plans` (plan ids; a site administrator
/// needs none); `None` if the e-mail address is taken.
pub async fn create(
    pool: &Pool,
    actor: &Actor,
    email: &Email,
    profile: &AccountProfile,
    plans: &[i64],
    password_hash: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM account WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let id = repo::insert(
        &mut tx,
        &NewAccount {
            email: email.as_str(),
            display_name: profile.display_name.as_str(),
            organisation: profile.organisation.as_str(),
            role: profile.role,
            password_hash,
        },
    )
    .await?;
    let mut values = profile_values(
        profile.display_name.as_str(),
        profile.organisation.as_str(),
        profile.role,
    );
    values.insert("email", Some(email.as_str().to_owned()));
    let changes = ChangeSet::begin(&mut tx, actor.clone(), &real_time()).await?;
    changes
        .record_diff(
            &mut tx,
            NO_PLAN,
            EntityKind::Account,
            id,
            None,
            &values,
            "",
            |_| Visibility::Admin,
        )
        .await?;
    if profile.role != Role::Admin {
        for &plan_id in plans {
            grant(&mut tx, &changes, id, plan_id, Some(profile.role)).await?;
        }
    }
    tx.commit().await?;
    Ok(Some(id))
}

/// Sets the account's role in plan `plan_id` (`None`: none there), with its history entry
/// (in the plan's scope, visible to admins). False if account or plan do not exist.
pub async fn set_plan_role(
    pool: &Pool,
    actor: &Actor,
    account_id: i64,
    plan_id: i64,
    role: Option<Role>,
) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let plan_exists: Option<i64> = sqlx::query_scalar("SELECT id FROM plan WHERE id = $1")
        .bind(plan_id)
        .fetch_optional(&mut *tx)
        .await?;
    if plan_exists.is_none() || repo::find_by_id(&mut *tx, account_id).await?.is_none() {
        return Ok(false);
    }
    let changes = ChangeSet::begin(&mut tx, actor.clone(), &real_time()).await?;
    grant(&mut tx, &changes, account_id, plan_id, role).await?;
    tx.commit().await?;
    Ok(true)
}

async fn grant(
    tx: &mut crate::runtime::db::Conn,
    changes: &ChangeSet,
    account_id: i64,
    plan_id: i64,
    role: Option<Role>,
) -> Result<(), sqlx::Error> {
    let before: Option<String> =
        sqlx::query_scalar("SELECT role FROM plan_role WHERE account_id = $1 AND plan_id = $2")
            .bind(account_id)
            .bind(plan_id)
            .fetch_optional(&mut *tx)
            .await?;
    let after = role.map(|r| r.code().to_owned());
    if before == after {
        return Ok(());
    }
    repo::set_plan_role(tx, account_id, plan_id, role).await?;
    changes
        .record(
            tx,
            crate::history::repo::Entry {
                scope: Scope {
                    plan_id: Some(plan_id),
                    package_id: None,
                },
                entity: EntityKind::Account,
                entity_id: account_id,
                field: "plan_role",
                old: before.as_deref(),
                new: after.as_deref(),
                comment: "",
                visibility: Visibility::Admin,
            },
        )
        .await?;
    Ok(())
}

pub enum ProfileOutcome {
    Saved,
    NotFound,
    /// The change would leave no active admin.
    LastAdmin,
}

/// What saving a profile did: as [`ProfileOutcome`], or refused because someone saved the
/// profile after the form was loaded (the account as it is now; nothing saved).
pub enum ProfileUpdate {
    Done(ProfileOutcome),
    Conflict(Box<repo::AccountRow>),
}

/// Saves a profile whose form was loaded at `version`.
pub async fn update_profile(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    profile: &AccountProfile,
    version: i64,
) -> Result<ProfileUpdate, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = repo::find_by_id(&mut *tx, id).await? else {
        return Ok(ProfileUpdate::Done(ProfileOutcome::NotFound));
    };
    if version != current.version {
        return Ok(ProfileUpdate::Conflict(Box::new(current)));
    }
    let current_role = current.role()?;
    if current_role == Role::Admin
        && profile.role != Role::Admin
        && current.disabled_at.is_none()
        && repo::count_active_admins(&mut tx).await? <= 1
    {
        return Ok(ProfileUpdate::Done(ProfileOutcome::LastAdmin));
    }
    repo::update_profile(
        &mut tx,
        id,
        profile.display_name.as_str(),
        profile.organisation.as_str(),
        profile.role,
    )
    .await?;
    let changes = ChangeSet::begin(&mut tx, actor.clone(), &real_time()).await?;
    changes
        .record_diff(
            &mut tx,
            NO_PLAN,
            EntityKind::Account,
            id,
            Some(&profile_values(
                &current.display_name,
                &current.organisation,
                current_role,
            )),
            &profile_values(
                profile.display_name.as_str(),
                profile.organisation.as_str(),
                profile.role,
            ),
            "",
            |_| Visibility::Admin,
        )
        .await?;
    tx.commit().await?;
    Ok(ProfileUpdate::Done(ProfileOutcome::Saved))
}

/// Disabling ends every session of the account at once.
pub async fn set_disabled(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    disabled: bool,
) -> Result<ProfileOutcome, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let Some(current) = repo::find_by_id(&mut *tx, id).await? else {
        return Ok(ProfileOutcome::NotFound);
    };
    if disabled
        && current.disabled_at.is_none()
        && current.role()? == Role::Admin
        && repo::count_active_admins(&mut tx).await? <= 1
    {
        return Ok(ProfileOutcome::LastAdmin);
    }
    repo::set_disabled(&mut tx, id, disabled).await?;
    let was = current.disabled_at.is_some();
    if was != disabled {
        let changes = ChangeSet::begin(&mut tx, actor.clone(), &real_time()).await?;
        changes
            .record_diff(
                &mut tx,
                NO_PLAN,
                EntityKind::Account,
                id,
                Some(&FieldValues::from([("disabled", Some(was.to_string()))])),
                &FieldValues::from([("disabled", Some(disabled.to_string()))]),
                "",
                |_| Visibility::Admin,
            )
            .await?;
    }
    tx.commit().await?;
    Ok(ProfileOutcome::Saved)
}

/// Sets a new password (and so ends the account's sessions). False if there is no such account.
pub async fn set_password(
    pool: &Pool,
    actor: &Actor,
    id: i64,
    hash: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    if repo::find_by_id(&mut *tx, id).await?.is_none() {
        return Ok(false);
    }
    repo::set_password_hash(&mut tx, id, hash).await?;
    let changes = ChangeSet::begin(&mut tx, actor.clone(), &real_time()).await?;
    changes
        .record(
            &mut tx,
            crate::history::repo::Entry {
                scope: NO_PLAN,
                entity: EntityKind::Account,
                entity_id: id,
                field: "password",
                old: None,
                new: Some("neu gesetzt"),
                comment: "",
                visibility: Visibility::Admin,
            },
        )
        .await?;
    tx.commit().await?;
    Ok(true)
}
