//! Server functions that change the record. Each checks the role on the server, runs
//! in one write transaction with its history entries, and answers form errors with
//! the typed values so nothing entered is lost.

// A server function takes one argument per form field (that is how a plain HTML form
// posts to it without JavaScript), so long argument lists are the design here.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{MeetingView, MilestoneEditView, PackageEditView};
#[cfg(feature = "ssr")]
use crate::editing::messages::{FieldMessage, Rule};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use chrono::NaiveDate;

    use crate::domain::access::Permission;
    use crate::domain::dates::format_de;
    use crate::error::{AppError, EditConflict, FieldMap};
    use crate::history::model::EntityKind;
    use crate::history::repo::{self as history, Actor};
    use crate::plan::repo::edit::MilestoneRecord;
    use crate::runtime::viewer::CurrentUser;
    use crate::runtime::viewer::{allowed_in, require_signed_in};

    pub use crate::runtime::state::AppState;

    /// For a change in plan `slug` (the address of its form): the signed-in account with
    /// `permission` in that plan, the state and the plan's id. 401 signed out, 404 for a
    /// plan the site does not have, 403 without the permission there.
    pub async fn context(
        slug: &str,
        permission: Permission,
    ) -> Result<(AppState, CurrentUser, i64), AppError> {
        let user = require_signed_in().await?;
        let state = AppState::from_context()?;
        let (plan_id, info) = crate::plan::api::ssr::plan(&state, slug).await?;
        allowed_in(&user, plan_id, permission)?;
        // An archived plan takes no more changes; removing personal data stays possible.
        if info.archived && permission != Permission::Redact {
            return Err(AppError::Archived.set_response_status());
        }
        Ok((state, user, plan_id))
    }

    /// For a change of a milestone: the signed-in account (401 signed out); whether it may
    /// change this milestone is decided by the milestone's own plan, see [`allowed`].
    pub async fn signed_in() -> Result<(AppState, CurrentUser), AppError> {
        let user = require_signed_in().await?;
        Ok((AppState::from_context()?, user))
    }

    /// 403 unless `user` holds `permission` in the plan of `record` – the plan of the
    /// object changed, whatever address the form came from.
    pub fn allowed(
        user: &CurrentUser,
        record: &MilestoneRecord,
        permission: Permission,
    ) -> Result<(), AppError> {
        allowed_in(user, record.plan_id, permission)?;
        if record.plan_archived {
            return Err(AppError::Archived.set_response_status());
        }
        Ok(())
    }

    pub fn actor(user: &CurrentUser) -> Actor {
        Actor::person(user)
    }

    pub fn invalid(rejection: crate::error::FormRejection) -> AppError {
        AppError::Invalid(rejection).set_response_status()
    }

    pub fn not_found() -> AppError {
        AppError::NotFound.set_response_status()
    }

    fn date(value: Option<NaiveDate>) -> String {
        value.map(format_de).unwrap_or_default()
    }

    /// A stored milestone as its edit form shows it.
    pub fn form_values(record: &MilestoneRecord) -> FieldMap {
        FieldMap::from([
            ("title".to_owned(), record.title.clone()),
            ("title_en".to_owned(), record.title_en.clone()),
            ("description".to_owned(), record.description.clone()),
            ("status".to_owned(), record.status.clone()),
            ("forecast".to_owned(), date(record.forecast_on)),
            ("completed".to_owned(), date(record.completed_on)),
            ("public_note".to_owned(), record.public_note.clone()),
            ("internal_note".to_owned(), record.internal_note.clone()),
            ("evidence".to_owned(), record.evidence_links.clone()),
            ("demanded".to_owned(), date(record.demanded_on)),
            (
                "assessment".to_owned(),
                record.voices.assessment.clone().unwrap_or_default(),
            ),
            (
                "assessment_reason".to_owned(),
                record.voices.assessment_reason.clone(),
            ),
            (
                "assessment_evidence".to_owned(),
                record.voices.assessment_evidence.clone(),
            ),
        ])
    }

    /// Who saves in plan `plan_id`, as the record attributes the two voices. A form that
    /// carries the working group's assessment from an account that does not speak for
    /// the working group is refused (403), whatever else it says.
    pub fn speaker(
        state: &AppState,
        user: &CurrentUser,
        plan_id: i64,
        carries_assessment: bool,
    ) -> Result<crate::domain::edits::Speaker, AppError> {
        use crate::domain::voices::Voice;
        if carries_assessment {
            allowed_in(user, plan_id, Permission::AssessMilestones)?;
        }
        let role = user
            .role_in(plan_id)
            .ok_or_else(|| AppError::Forbidden.set_response_status())?;
        Ok(crate::domain::edits::Speaker {
            voice: Voice::of(role),
            organisation: user.organisation.clone(),
            today: state.clock.today(),
        })
    }

    /// Adds the working group's assessment to a form's values when the form carried it.
    pub fn with_assessment(
        values: &mut FieldMap,
        carried: bool,
        (assessment, reason, evidence): (String, String, String),
    ) {
        if carried {
            values.insert("assessment".to_owned(), assessment);
            values.insert("assessment_reason".to_owned(), reason);
            values.insert("assessment_evidence".to_owned(), evidence);
        }
    }

    /// The refusal of a save whose version is outdated: both sides, and who saved.
    pub async fn conflict(
        state: &AppState,
        values: FieldMap,
        current: &MilestoneRecord,
    ) -> Result<AppError, AppError> {
        conflict_for(
            state,
            EntityKind::Milestone,
            current.id,
            values,
            form_values(current),
            current.version,
            &current.updated_at,
        )
        .await
    }

    /// Who saved `entity` last and when, for a refusal: "Name (Organisation)" and the local
    /// time from the history, else no name and `fallback_at`.
    pub(crate) async fn saved_last(
        state: &AppState,
        entity: EntityKind,
        id: i64,
        fallback_at: &str,
    ) -> Result<(String, String), AppError> {
        let locale = crate::language::request_locale();
        Ok(match history::last_change(&state.pool, entity, id).await? {
            Some((name, organisation, at)) => (
                format!("{name} ({organisation})"),
                state.clock.local_time_in(locale, &at),
            ),
            None => (
                String::new(),
                state.clock.local_time_in(locale, fallback_at),
            ),
        })
    }

    /// A save refused because someone saved `entity` since its form was loaded: both
    /// versions, who saved last and when (from the history, else `fallback_at`), and the
    /// version to overwrite knowingly. Milestones, package texts, account profiles.
    pub async fn conflict_for(
        state: &AppState,
        entity: EntityKind,
        id: i64,
        values: FieldMap,
        theirs: FieldMap,
        current_version: i64,
        fallback_at: &str,
    ) -> Result<AppError, AppError> {
        let (saved_by, saved_at) = saved_last(state, entity, id, fallback_at).await?;
        Ok(AppError::Conflict(Box::new(EditConflict {
            values,
            theirs,
            saved_by,
            saved_at,
            current_version,
        }))
        .set_response_status())
    }

    /// The refusal of the meeting rows someone saved meanwhile: for each, the values
    /// stored now (as the row shows them), who saved and when, and the version to
    /// overwrite knowingly; with what was saved and everything the form showed.
    pub async fn row_conflicts(
        state: &AppState,
        values: FieldMap,
        saved: Vec<(i64, i64)>,
        stale: &[MilestoneRecord],
    ) -> Result<AppError, AppError> {
        use crate::error::{MeetingConflicts, RowConflict};
        let mut rows = Vec::with_capacity(stale.len());
        for record in stale {
            let stored = form_values(record);
            let theirs = [
                ("status", "status"),
                ("forecast", "forecast"),
                ("completed", "completed"),
                ("note", "public_note"),
            ]
            .into_iter()
            .map(|(row, form)| {
                (
                    row.to_owned(),
                    stored.get(form).cloned().unwrap_or_default(),
                )
            })
            .collect();
            let (saved_by, saved_at) =
                saved_last(state, EntityKind::Milestone, record.id, &record.updated_at).await?;
            rows.push(RowConflict {
                id: record.id,
                theirs,
                saved_by,
                saved_at,
                current_version: record.version,
            });
        }
        Ok(AppError::RowConflicts(Box::new(MeetingConflicts {
            values,
            saved,
            rows,
        }))
        .set_response_status())
    }

    pub fn package_edit_path(slug: &str, number: i64) -> String {
        format!("/{slug}/bearbeiten/pakete/{number}")
    }

    /// The meeting page of plan `slug`, for one package or (`None`) all of them.
    pub fn meeting_path(slug: &str, package: Option<u32>) -> String {
        match package {
            Some(number) => format!("/{slug}/bearbeiten/sitzung?paket={number}"),
            None => format!("/{slug}/bearbeiten/sitzung"),
        }
    }
}

#[server(input = GetUrl, prefix = "/api", endpoint = "bearbeiten/paket")]
pub async fn get_package_for_edit(plan: String, number: u32) -> Result<PackageEditView, AppError> {
    use crate::domain::access::Permission;
    use crate::plan::model::JudgedMilestone;
    use crate::plan::repo;

    let (state, _, plan_id) = ssr::context(&plan, Permission::EditMilestones).await?;
    let (package_id, package) = repo::package(&state.pool, plan_id, number)
        .await?
        .ok_or_else(ssr::not_found)?;
    let today = state.clock.today();
    let milestones = repo::package_milestones(&state.pool, plan_id, number, true).await?;
    Ok(PackageEditView {
        today,
        package,
        texts_version: repo::edit::package_version(&state.pool, package_id).await?,
        milestones: milestones
            .into_iter()
            .map(|m| JudgedMilestone::judge(m, today))
            .collect(),
        // The newest; older ones are on the package's public pages.
        status_updates: repo::status_updates_page(
            &state.pool,
            package_id,
            true,
            1,
            crate::plan::api::STATUS_UPDATES_PER_PAGE,
        )
        .await?
        .0,
        words: plan_words(&state, &plan).await?,
    })
}

/// What plan `slug` calls its packages.
#[cfg(feature = "ssr")]
async fn plan_words(
    state: &ssr::AppState,
    slug: &str,
) -> Result<crate::domain::words::LevelWords, AppError> {
    Ok(crate::plan::repo::find_plan(&state.pool, Some(slug))
        .await?
        .map(|(_, info)| info.words)
        .unwrap_or_default())
}

#[server(input = GetUrl, prefix = "/api", endpoint = "bearbeiten/meilenstein")]
pub async fn get_milestone_for_edit(plan: String, id: i64) -> Result<MilestoneEditView, AppError> {
    use crate::domain::access::Permission;
    use crate::history::model::EntityKind;
    use crate::history::repo as history;
    use crate::plan::repo::edit;

    let (state, user, plan_id) = ssr::context(&plan, Permission::EditMilestones).await?;
    let voice = crate::domain::voices::Voice::of(
        user.role_in(plan_id)
            .ok_or_else(|| AppError::Forbidden.set_response_status())?,
    );
    let mut conn = state.pool.acquire().await?;
    // A milestone of another plan under this plan's address does not exist here.
    let record = edit::load_milestone(&mut conn, id)
        .await?
        .filter(|r| r.plan_id == plan_id)
        .ok_or_else(ssr::not_found)?;
    let locale = crate::language::request_locale();
    let last_saved = history::last_change(&mut *conn, EntityKind::Milestone, id)
        .await?
        .map(|(name, organisation, at)| {
            (
                format!("{name} ({organisation})"),
                state.clock.local_time_in(locale, &at),
            )
        });
    let mut rebaselinings: Vec<_> =
        history::rebaselinings(&state.pool, &state.clock, plan_id, Some(record.package_id))
            .await?
            .into_iter()
            .filter(|r| r.milestone_id == id)
            .collect();
    crate::history::model::localize_times(&state.clock, locale, &mut [], &mut rebaselinings);
    Ok(MilestoneEditView {
        id,
        version: record.version,
        package_number: record.package_number as u32,
        package_title: record.package_title.clone(),
        values: ssr::form_values(&record),
        voice,
        organisation: user.organisation.clone(),
        voices: record.voices.voices(),
        demanded: record.demanded_on,
        last_saved,
        rebaselinings,
        words: plan_words(&state, &plan).await?,
    })
}

#[server(prefix = "/api", endpoint = "bearbeiten/meilenstein-anlegen")]
pub async fn create_milestone(
    plan: String,
    package: u32,
    title: String,
    // The form's English fields; without `englisch` the stored English title stays.
    #[server(default)] englisch: bool,
    #[server(default)] title_en: String,
    description: String,
    status: String,
    #[server(default)] demanded: String,
    forecast: String,
    // Why a forecast moves later (the edit form's fields; a new milestone has none).
    #[server(default)] forecast_category: String,
    #[server(default)] forecast_reason: String,
    completed: String,
    public_note: String,
    internal_note: String,
    evidence: String,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::form::{optional_date, parse_milestone, Stored};
    use crate::error::FieldMap;
    use crate::history::repo::{ChangeSet, Scope};
    use crate::plan::repo::{self, edit};
    use crate::runtime::db::begin_write;

    let (state, user, plan_id) = ssr::context(&plan, Permission::EditMilestones).await?;
    let locale = crate::language::request_locale();
    let (package_id, _) = repo::package(&state.pool, plan_id, package)
        .await?
        .ok_or_else(ssr::not_found)?;
    if !demanded.trim().is_empty() && !user.can_in(plan_id, Permission::ChangeDemandedDates) {
        return Err(AppError::Forbidden.set_response_status());
    }
    let mut values = FieldMap::from([
        ("title".to_owned(), title),
        ("description".to_owned(), description),
        ("status".to_owned(), status),
        ("demanded".to_owned(), demanded.clone()),
        ("forecast".to_owned(), forecast),
        ("forecast_category".to_owned(), forecast_category),
        ("forecast_reason".to_owned(), forecast_reason),
        ("completed".to_owned(), completed),
        ("public_note".to_owned(), public_note),
        ("internal_note".to_owned(), internal_note),
        ("evidence".to_owned(), evidence),
    ]);
    if englisch {
        values.insert("title_en".to_owned(), title_en);
    }
    let demanded = match optional_date(&demanded) {
        Ok(date) => date,
        Err(err) => {
            return Err(
                AppError::invalid_field("demanded", err.message(locale), values)
                    .set_response_status(),
            )
        }
    };
    let edit_input = parse_milestone(
        &values,
        Stored {
            demanded,
            forecast: None,
        },
        state.clock.today(),
        locale,
    )
    .map_err(ssr::invalid)?;
    let speaker = ssr::speaker(&state, &user, plan_id, edit_input.assessment.is_some())?;
    let mut tx = begin_write(&state.pool).await?;
    let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
    let scope = Scope {
        plan_id: Some(plan_id),
        package_id: Some(package_id),
    };
    let id =
        edit::create_milestone(&mut tx, &changes, scope, &edit_input, demanded, &speaker).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "{}?angelegt={id}",
        ssr::package_edit_path(&plan, package.into())
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "bearbeiten/meilenstein-speichern")]
pub async fn save_milestone(
    id: i64,
    version: i64,
    title: String,
    // The form's English fields; without `englisch` the stored English title stays.
    #[server(default)] englisch: bool,
    #[server(default)] title_en: String,
    description: String,
    status: String,
    forecast: String,
    // Why a forecast moves later (the edit form's fields; a new milestone has none).
    #[server(default)] forecast_category: String,
    #[server(default)] forecast_reason: String,
    completed: String,
    public_note: String,
    internal_note: String,
    evidence: String,
    // The working group's assessment; without `einschaetzung` the stored one stays.
    #[server(default)] einschaetzung: bool,
    #[server(default)] assessment: String,
    #[server(default)] assessment_reason: String,
    #[server(default)] assessment_evidence: String,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::form::{parse_milestone, Stored};
    use crate::error::FieldMap;
    use crate::history::repo::ChangeSet;
    use crate::plan::repo::edit::{self, Saved};
    use crate::runtime::db::begin_write;

    let (state, user) = ssr::signed_in().await?;
    let locale = crate::language::request_locale();
    let mut values = FieldMap::from([
        ("title".to_owned(), title),
        ("description".to_owned(), description),
        ("status".to_owned(), status),
        ("forecast".to_owned(), forecast),
        ("forecast_category".to_owned(), forecast_category),
        ("forecast_reason".to_owned(), forecast_reason),
        ("completed".to_owned(), completed),
        ("public_note".to_owned(), public_note),
        ("internal_note".to_owned(), internal_note),
        ("evidence".to_owned(), evidence),
    ]);
    if englisch {
        values.insert("title_en".to_owned(), title_en);
    }
    ssr::with_assessment(
        &mut values,
        einschaetzung,
        (assessment, assessment_reason, assessment_evidence),
    );
    let mut tx = begin_write(&state.pool).await?;
    let current = edit::load_milestone(&mut tx, id)
        .await?
        .ok_or_else(ssr::not_found)?;
    ssr::allowed(&user, &current, Permission::EditMilestones)?;
    let stored = Stored {
        demanded: current.demanded_on,
        forecast: current.forecast_on,
    };
    let edit_input =
        parse_milestone(&values, stored, state.clock.today(), locale).map_err(ssr::invalid)?;
    let speaker = ssr::speaker(
        &state,
        &user,
        current.plan_id,
        edit_input.assessment.is_some(),
    )?;
    let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
    match edit::update_milestone(&mut tx, &changes, id, version, &edit_input, &speaker).await? {
        Saved::Saved(record) => {
            tx.commit().await?;
            leptos_axum::redirect(&format!(
                "{}?gespeichert={id}",
                ssr::package_edit_path(&record.plan_slug, record.package_number)
            ));
            Ok(())
        }
        Saved::Conflict(current) => {
            drop(tx);
            Err(ssr::conflict(&state, values, &current).await?)
        }
        Saved::NotFound => Err(ssr::not_found()),
    }
}

#[server(prefix = "/api", endpoint = "bearbeiten/soll-termin")]
pub async fn change_demanded_date(
    id: i64,
    version: i64,
    demanded: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::form::parse_demanded_date;
    use crate::error::FieldMap;
    use crate::history::repo::ChangeSet;
    use crate::plan::repo::edit::{self, Saved};
    use crate::runtime::db::begin_write;

    let (state, user) = ssr::signed_in().await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([
        ("demanded".to_owned(), demanded),
        ("reason".to_owned(), reason),
    ]);
    let mut tx = begin_write(&state.pool).await?;
    let current = edit::load_milestone(&mut tx, id)
        .await?
        .ok_or_else(ssr::not_found)?;
    ssr::allowed(&user, &current, Permission::ChangeDemandedDates)?;
    let change = parse_demanded_date(&values, current.demanded_on, locale).map_err(ssr::invalid)?;
    let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
    match edit::change_demanded_date(&mut tx, &changes, id, version, &change).await? {
        Saved::Saved(record) => {
            tx.commit().await?;
            leptos_axum::redirect(&format!(
                "/{}/bearbeiten/meilensteine/{id}?soll-termin=1",
                record.plan_slug
            ));
            Ok(())
        }
        Saved::Conflict(current) => {
            drop(tx);
            Err(ssr::conflict(&state, values, &current).await?)
        }
        Saved::NotFound => Err(ssr::not_found()),
    }
}

#[server(prefix = "/api", endpoint = "bearbeiten/meilenstein-verschieben")]
pub async fn move_milestone(id: i64, direction: String) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::history::repo::ChangeSet;
    use crate::plan::repo::edit::{self, Direction};
    use crate::runtime::db::begin_write;

    let (state, user) = ssr::signed_in().await?;
    let direction = match direction.as_str() {
        "hoch" => Direction::Up,
        "runter" => Direction::Down,
        _ => {
            return Err(AppError::BadRequest(
                Rule::Direction.message(crate::language::request_locale()),
            )
            .set_response_status())
        }
    };
    let mut tx = begin_write(&state.pool).await?;
    let current = edit::load_milestone(&mut tx, id)
        .await?
        .ok_or_else(ssr::not_found)?;
    ssr::allowed(&user, &current, Permission::EditMilestones)?;
    let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
    edit::move_milestone(&mut tx, &changes, id, direction).await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "bearbeiten/meldung")]
pub async fn post_status_update(
    plan: String,
    package: u32,
    occurred_on: String,
    body: String,
    link: String,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::form::parse_status_update;
    use crate::error::FieldMap;
    use crate::history::repo::{ChangeSet, Scope};
    use crate::plan::repo::{self, edit};
    use crate::runtime::db::begin_write;

    let (state, user, plan_id) = ssr::context(&plan, Permission::PostStatusUpdates).await?;
    let locale = crate::language::request_locale();
    let (package_id, _) = repo::package(&state.pool, plan_id, package)
        .await?
        .ok_or_else(ssr::not_found)?;
    let values = FieldMap::from([
        ("occurred_on".to_owned(), occurred_on),
        ("body".to_owned(), body),
        ("link".to_owned(), link),
    ]);
    let input = parse_status_update(&values, state.clock.today(), locale).map_err(ssr::invalid)?;
    let mut tx = begin_write(&state.pool).await?;
    let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
    let scope = Scope {
        plan_id: Some(plan_id),
        package_id: Some(package_id),
    };
    edit::insert_status_update(&mut tx, &changes, scope, &input).await?;
    tx.commit().await?;
    // With and without JavaScript alike: the page again, with the new update and a notice.
    leptos_axum::redirect(&format!(
        "{}?gemeldet=1",
        ssr::package_edit_path(&plan, package.into())
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "bearbeiten/paket-texte")]
pub async fn save_package_texts(
    plan: String,
    package: u32,
    version: i64,
    title: String,
    summary: String,
    goal: String,
    responsible_unit: String,
    source_reference: String,
    // The form's English fields; without `englisch` the stored English texts stay.
    #[server(default)] englisch: bool,
    #[server(default)] title_en: String,
    #[server(default)] summary_en: String,
    #[server(default)] goal_en: String,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::form::parse_package_texts;
    use crate::error::FieldMap;
    use crate::history::repo::{ChangeSet, Scope};
    use crate::plan::repo::{self, edit};
    use crate::runtime::db::begin_write;

    let (state, user, plan_id) = ssr::context(&plan, Permission::EditPackages).await?;
    let locale = crate::language::request_locale();
    let (package_id, _) = repo::package(&state.pool, plan_id, package)
        .await?
        .ok_or_else(ssr::not_found)?;
    let mut values = FieldMap::from([
        ("title".to_owned(), title),
        ("summary".to_owned(), summary),
        ("goal".to_owned(), goal),
        ("responsible_unit".to_owned(), responsible_unit),
        ("source_reference".to_owned(), source_reference),
    ]);
    if englisch {
        values.extend([
            ("title_en".to_owned(), title_en),
            ("summary_en".to_owned(), summary_en),
            ("goal_en".to_owned(), goal_en),
        ]);
    }
    let texts = parse_package_texts(&values, locale).map_err(ssr::invalid)?;
    let mut tx = begin_write(&state.pool).await?;
    let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
    let scope = Scope {
        plan_id: Some(plan_id),
        package_id: Some(package_id),
    };
    match edit::update_package_texts(&mut tx, &changes, scope, &texts, version).await? {
        edit::TextsSaved::Saved | edit::TextsSaved::Unchanged => {
            tx.commit().await?;
            leptos_axum::redirect(&format!(
                "{}?texte=1",
                ssr::package_edit_path(&plan, package.into())
            ));
            Ok(())
        }
        edit::TextsSaved::Conflict(current, current_version) => {
            drop(tx);
            let mut theirs = FieldMap::from([
                ("title".to_owned(), current.title.clone()),
                ("summary".to_owned(), current.summary.clone()),
                ("goal".to_owned(), current.goal.clone()),
                (
                    "responsible_unit".to_owned(),
                    current.responsible_unit.clone(),
                ),
                (
                    "source_reference".to_owned(),
                    current.source_reference.clone(),
                ),
            ]);
            if englisch {
                theirs.extend([
                    ("title_en".to_owned(), current.title_en.clone()),
                    ("summary_en".to_owned(), current.summary_en.clone()),
                    ("goal_en".to_owned(), current.goal_en.clone()),
                ]);
            }
            Err(ssr::conflict_for(
                &state,
                crate::history::model::EntityKind::Package,
                package_id,
                values,
                theirs,
                current_version,
                "",
            )
            .await?)
        }
    }
}

/// More open milestones than this, and the meeting page shows one package at a time.
#[cfg(feature = "ssr")]
const MEETING_ROWS_AT_ONCE: i64 = 200;

/// `/{plan}/bearbeiten/sitzung`: the plan's open milestones (of one package with `paket`),
/// ready for the meeting form.
#[server(input = GetUrl, prefix = "/api", endpoint = "bearbeiten/sitzung")]
pub async fn get_meeting(plan: String, paket: Option<u32>) -> Result<MeetingView, AppError> {
    use crate::domain::access::Permission;
    use crate::editing::meeting::MeetingMilestone;
    use crate::plan::repo::{self, edit};

    let (state, user, plan_id) = ssr::context(&plan, Permission::EditMilestones).await?;
    let locale = crate::language::request_locale();
    let voice = crate::domain::voices::Voice::of(
        user.role_in(plan_id)
            .ok_or_else(|| AppError::Forbidden.set_response_status())?,
    );
    let packages = repo::packages(&state.pool, plan_id).await?;
    if paket.is_some_and(|n| !packages.iter().any(|p| p.number == n)) {
        return Err(ssr::not_found());
    }
    // A large plan goes through one package at a time: thousands of rows in one form
    // make a page of megabytes (2,600 milestones: 3.2 MB, 1.1 s to render).
    let mut paket = paket;
    let mut limited = None;
    if paket.is_none() {
        let open = edit::open_per_package(&state.pool, plan_id).await?;
        let total: i64 = open.iter().map(|(_, count)| count).sum();
        if total > MEETING_ROWS_AT_ONCE {
            paket = open.first().map(|&(number, _)| number);
            limited = Some(total as u32);
        }
    }
    let records = edit::open_milestones(&state.pool, plan_id, paket).await?;
    let milestones = records
        .iter()
        .map(|record| {
            let values = ssr::form_values(record);
            let get = |field: &str| values.get(field).cloned().unwrap_or_default();
            MeetingMilestone {
                id: record.id,
                version: record.version,
                package_number: record.package_number as u32,
                title: record.title.clone(),
                demanded: record
                    .demanded_on
                    .map(|d| crate::ui::format::format_date(locale, d))
                    .unwrap_or_default(),
                status: get("status"),
                forecast: get("forecast"),
                completed: get("completed"),
                note: get("public_note"),
            }
        })
        .collect();
    Ok(MeetingView {
        today: state.clock.today(),
        packages: packages.into_iter().map(|p| (p.number, p.title)).collect(),
        package: paket,
        limited,
        milestones,
        words: plan_words(&state, &plan).await?,
        voice,
        organisation: user.organisation.clone(),
    })
}

/// Saves the meeting form: only the rows that differ from what the page showed when it
/// was loaded, each against its own version, all in one change set. A row with an error
/// saves nothing at all (every error beside its field, everything typed kept); a row
/// someone saved meanwhile is refused alone (409, with both values) while the others are
/// saved.
#[server(prefix = "/api", endpoint = "bearbeiten/sitzung-speichern")]
pub async fn save_meeting(
    plan: String,
    #[server(default)] paket: Option<u32>,
    #[server(default)] rows: Vec<crate::editing::meeting::MeetingRow>,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::form::{parse_milestone, Stored};
    use crate::editing::meeting::{changed_rows, row_errors};
    use crate::error::{FieldMap, FormRejection};
    use crate::history::repo::ChangeSet;
    use crate::plan::repo::edit::{self, Saved};
    use crate::runtime::db::begin_write;

    let (state, user, plan_id) = ssr::context(&plan, Permission::EditMilestones).await?;
    let locale = crate::language::request_locale();
    let today = state.clock.today();
    let back = ssr::meeting_path(&plan, paket);
    let joiner = if paket.is_some() { '&' } else { '?' };
    let changed = changed_rows(&rows);
    if changed.is_empty() {
        leptos_axum::redirect(&format!("{back}{joiner}gespeichert=0"));
        return Ok(());
    }
    let shown: FieldMap = rows.iter().flat_map(|r| r.shown()).collect();
    let speaker = ssr::speaker(&state, &user, plan_id, false)?;
    let mut tx = begin_write(&state.pool).await?;
    let mut errors = FieldMap::new();
    let mut edits = Vec::new();
    let mut stale = Vec::new();
    for row in changed {
        // A milestone of another plan is not in this plan's meeting.
        let record = edit::load_milestone(&mut tx, row.id)
            .await?
            .filter(|r| r.plan_id == plan_id)
            .ok_or_else(ssr::not_found)?;
        if record.version != row.version {
            stale.push(record);
            continue;
        }
        let stored = Stored {
            demanded: record.demanded_on,
            forecast: record.forecast_on,
        };
        match parse_milestone(&row.over(ssr::form_values(&record)), stored, today, locale) {
            Ok(input) => edits.push((row, input)),
            Err(rejection) => errors.extend(row_errors(row.id, &rejection.errors)),
        }
    }
    if !errors.is_empty() {
        return Err(ssr::invalid(FormRejection {
            errors,
            values: shown,
            general: None,
        }));
    }
    let mut saved = Vec::new();
    if !edits.is_empty() {
        let changes = ChangeSet::begin(&mut tx, ssr::actor(&user), &state.clock).await?;
        for (row, input) in edits {
            match edit::update_milestone(&mut tx, &changes, row.id, row.version, &input, &speaker)
                .await?
            {
                Saved::Saved(record) => saved.push((record.id, record.version)),
                Saved::Conflict(current) => stale.push(current),
                Saved::NotFound => return Err(ssr::not_found()),
            }
        }
    }
    tx.commit().await?;
    if stale.is_empty() {
        leptos_axum::redirect(&format!("{back}{joiner}gespeichert={}", saved.len()));
        return Ok(());
    }
    Err(ssr::row_conflicts(&state, shown, saved, &stale).await?)
}
