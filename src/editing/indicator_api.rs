//! Server functions for entering indicator values: the dry run (GET: it writes nothing)
//! and applying exactly what it showed (one change set, or nothing).
// The one-period form's fields are the saving function's arguments, one each.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::indicator_values::CheckedValue;
use crate::domain::indicators::{Direction, Target, Unit};
use crate::domain::words::LevelWords;
use crate::error::AppError;
use crate::indicators::model::{IndicatorAbout, IndicatorSummary, StoredPoint};

/// The dry run of what was entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValuesCheck {
    pub lines: Vec<CheckedValue>,
    pub fingerprint: String,
    /// Entered through the one-period form (its errors stand beside its fields).
    pub from_form: bool,
}

impl ValuesCheck {
    pub fn count(&self, which: fn(&CheckedValue) -> bool) -> usize {
        self.lines.iter().filter(|c| which(c)).count()
    }
}

/// `/{plan}/bearbeiten/kennzahlen/{id}`: the indicator with its exact values, and the dry
/// run of what was entered (if anything).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEditView {
    pub id: i64,
    pub name: String,
    pub name_en: String,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Target,
    /// Earliest first.
    pub intermediate: Vec<Target>,
    /// Grows with every change of the targets (the target form's conflict check).
    pub version: i64,
    pub small_count: u32,
    /// Newest first, as stored (the working group sees every figure).
    pub points: Vec<StoredPoint>,
    pub check: Option<ValuesCheck>,
    /// What describes it (the admins' form).
    pub about: IndicatorAbout,
    pub words: LevelWords,
    /// The plan's packages (number, title, English title).
    pub packages: Vec<(u32, String, String)>,
}

/// `/{plan}/bearbeiten/kennzahlen` (and the form for a new one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEditList {
    pub indicators: Vec<IndicatorSummary>,
    pub words: LevelWords,
    /// The plan's packages (number, title, English title), for a new indicator.
    pub packages: Vec<(u32, String, String)>,
}

/// What was entered: a pasted text, or one period's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnteredValues {
    pub csv: Option<String>,
    pub period: Option<String>,
    pub value: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::editing::indicator_values::{
        check_lines, fingerprint, split, Line, ValueField, ValueOutcome, ValueProblem, MAX_TEXT,
    };
    use crate::indicators::model::StoredIndicator;
    use crate::runtime::state::AppState;

    /// The indicator `id` of the plan, as stored now.
    pub async fn indicator(
        state: &AppState,
        plan_id: i64,
        id: i64,
    ) -> Result<StoredIndicator, AppError> {
        crate::indicators::repo::indicators(&state.pool, plan_id, None)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(crate::editing::api::ssr::not_found)
    }

    /// The plan's packages for a choice: number, title, English title.
    pub async fn package_choices(
        state: &AppState,
        plan_id: i64,
    ) -> Result<Vec<(u32, String, String)>, AppError> {
        Ok(crate::plan::repo::packages(&state.pool, plan_id)
            .await?
            .into_iter()
            .map(|p| (p.number, p.title, p.title_en))
            .collect())
    }

    /// The id of package `number` of the plan (`None`: the whole plan).
    pub async fn package_id(
        state: &AppState,
        plan_id: i64,
        number: Option<u32>,
    ) -> Result<Option<i64>, AppError> {
        Ok(match number {
            Some(number) => crate::plan::repo::package(&state.pool, plan_id, number)
                .await?
                .map(|(id, _)| id),
            None => None,
        })
    }

    /// The form of indicator `id` refused because someone changed it since it was loaded.
    pub fn stale(values: crate::error::FieldMap, locale: crate::language::Locale) -> AppError {
        crate::editing::api::ssr::invalid(crate::error::FormRejection {
            errors: crate::error::FieldMap::new(),
            values,
            general: Some(
                crate::language::i18n::td_string!(locale, kennzahlen.changed_meanwhile).to_owned(),
            ),
        })
    }

    /// The dry run of `entered` against `indicator`; `None` when nothing was entered.
    pub fn check(
        indicator: &StoredIndicator,
        entered: &EnteredValues,
        today: chrono::NaiveDate,
    ) -> Option<ValuesCheck> {
        let from_form = entered.period.is_some() || entered.value.is_some();
        let lines = if from_form {
            let field = |f: &Option<String>| f.clone().unwrap_or_default().trim().to_owned();
            vec![Line {
                line: 1,
                fields: vec![
                    field(&entered.period),
                    field(&entered.value),
                    field(&entered.source),
                    field(&entered.note),
                ],
            }]
        } else {
            let text = entered.csv.as_deref().filter(|t| !t.trim().is_empty())?;
            if text.chars().count() > MAX_TEXT {
                return Some(ValuesCheck {
                    lines: vec![CheckedValue {
                        line: 1,
                        period: None,
                        value: None,
                        source: String::new(),
                        note: String::new(),
                        outcome: ValueOutcome::Problem {
                            field: ValueField::Line,
                            problem: ValueProblem::TooMuch,
                        },
                    }],
                    fingerprint: String::new(),
                    from_form,
                });
            }
            split(text)
        };
        let lines = check_lines(&lines, indicator.unit, &indicator.points, today);
        Some(ValuesCheck {
            fingerprint: fingerprint(&lines),
            lines,
            from_form,
        })
    }

    pub fn edit_path(slug: &str, id: i64) -> String {
        crate::domain::paths::plan_path(slug, &format!("/bearbeiten/kennzahlen/{id}"))
    }

    /// The dry run's address for what was entered, to return to it.
    pub fn check_path(slug: &str, id: i64, entered: &EnteredValues) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("csv", &entered.csv),
            ("zeitraum", &entered.period),
            ("wert", &entered.value),
            ("quelle", &entered.source),
            ("hinweis", &entered.note),
        ] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        format!("{}?{}", edit_path(slug, id), query.finish())
    }
}

/// The indicators a member may enter values for.
#[server(input = GetUrl, prefix = "/api", endpoint = "bearbeiten/kennzahlen")]
pub async fn get_indicator_edit_list(plan: String) -> Result<IndicatorEditList, AppError> {
    use crate::domain::access::Permission;
    use crate::editing::api::ssr::context;
    use crate::indicators::model::Audience;
    let (state, _user, plan_id) = context(&plan, Permission::RecordIndicatorValues).await?;
    let (_, info) = crate::plan::api::ssr::plan(&state, &plan).await?;
    let today = state.clock.today();
    let (indicators, packages) = tokio::try_join!(
        async { Ok(crate::indicators::repo::indicators(&state.pool, plan_id, None).await?) },
        ssr::package_choices(&state, plan_id),
    )?;
    Ok(IndicatorEditList {
        indicators: indicators
            .iter()
            .map(|i| i.summary(today, Audience::Members))
            .collect(),
        words: info.words,
        packages,
    })
}

/// One indicator for entering values, with the dry run of what was entered. Writes
/// nothing.
#[server(input = GetUrl, prefix = "/api", endpoint = "bearbeiten/kennzahl")]
pub async fn get_indicator_edit(
    plan: String,
    id: i64,
    #[server(default)] entered: EnteredValues,
) -> Result<IndicatorEditView, AppError> {
    use crate::domain::access::Permission;
    use crate::editing::api::ssr::context;
    let (state, _user, plan_id) = context(&plan, Permission::RecordIndicatorValues).await?;
    let (_, info) = crate::plan::api::ssr::plan(&state, &plan).await?;
    let indicator = ssr::indicator(&state, plan_id, id).await?;
    let packages = ssr::package_choices(&state, plan_id).await?;
    let version = {
        let mut conn = state.pool.acquire().await?;
        crate::indicators::edit::version(&mut conn, id).await?
    };
    let check = ssr::check(&indicator, &entered, state.clock.today());
    let mut points = indicator.points.clone();
    points.reverse();
    Ok(IndicatorEditView {
        id,
        about: indicator.about(),
        words: info.words,
        packages,
        name: indicator.name,
        name_en: indicator.name_en,
        unit: indicator.unit,
        direction: indicator.direction,
        target: indicator.target,
        intermediate: indicator.intermediate,
        version,
        small_count: indicator.small_count,
        points,
        check,
    })
}

/// Saves what the dry run `fingerprint` showed, in one change set; when the record or the
/// input changed since, saves nothing and returns to the new dry run.
#[server(prefix = "/api", endpoint = "bearbeiten/kennzahl-werte")]
pub async fn apply_indicator_values(
    plan: String,
    id: i64,
    #[server(default)] csv: Option<String>,
    #[server(default)] period: Option<String>,
    #[server(default)] value: Option<String>,
    #[server(default)] source: Option<String>,
    #[server(default)] note: Option<String>,
    fingerprint: String,
) -> Result<(), AppError> {
    use crate::domain::access::Permission;
    use crate::editing::api::ssr::{actor, context};
    use crate::history::repo::ChangeSet;
    use crate::indicators::edit::save_point;
    use crate::indicators::model::PointDraft;
    use crate::runtime::db::begin_write;
    let (state, user, plan_id) = context(&plan, Permission::RecordIndicatorValues).await?;
    let entered = EnteredValues {
        csv,
        period,
        value,
        source,
        note,
    };
    let mut tx = begin_write(&state.pool).await?;
    // Checked again inside the write transaction: what it saves is what it checked.
    let indicator = ssr::indicator(&state, plan_id, id).await?;
    let check = ssr::check(&indicator, &entered, state.clock.today());
    let again = format!("{}&veraendert=1", ssr::check_path(&plan, id, &entered));
    let Some(check) = check
        .filter(|c| c.fingerprint == fingerprint && !c.lines.iter().any(CheckedValue::is_problem))
    else {
        leptos_axum::redirect(&again);
        return Ok(());
    };
    let target = indicator.point_target(plan_id);
    let saving: Vec<&CheckedValue> = check.lines.iter().filter(|c| c.is_saved()).collect();
    if !saving.is_empty() {
        let changes = ChangeSet::begin(&mut tx, actor(&user), &state.clock).await?;
        for line in &saving {
            let (Some(period), Some(value)) = (line.period, line.value) else {
                continue;
            };
            let point = PointDraft {
                period,
                value,
                source_reference: line.source.clone(),
                note: line.note.clone(),
            };
            save_point(&mut tx, &changes, target, &point).await?;
        }
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!(
        "{}?gespeichert={}",
        ssr::edit_path(&plan, id),
        saving.len()
    ));
    Ok(())
}

/// Defines a new indicator of the plan (admins); every field goes into the history.
#[server(prefix = "/api", endpoint = "bearbeiten/kennzahl-anlegen")]
pub async fn create_indicator(
    plan: String,
    key: String,
    name: String,
    #[server(default)] name_en: String,
    #[server(default)] package: String,
    unit: String,
    direction: String,
    #[server(default)] description: String,
    #[server(default)] method: String,
    #[server(default)] source: String,
    #[server(default)] small_count: String,
    target_value: String,
    target_on: String,
    #[server(default)] intermediate: String,
) -> Result<(), AppError> {
    use super::indicator_form::{fields, parse_definition};
    use super::messages::{FieldMessage, IndicatorRule};
    use crate::domain::access::Permission;
    use crate::editing::api::ssr::{actor, context, invalid};
    use crate::error::FieldMap;
    use crate::history::repo::ChangeSet;
    use crate::indicators::edit::{find_by_key, insert_indicator};
    use crate::indicators::model::IndicatorDraft;
    use crate::runtime::db::begin_write;
    let (state, user, plan_id) = context(&plan, Permission::DefineIndicators).await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([
        (fields::KEY.to_owned(), key),
        (fields::NAME.to_owned(), name),
        (fields::NAME_EN.to_owned(), name_en),
        (fields::PACKAGE.to_owned(), package),
        (fields::UNIT.to_owned(), unit),
        (fields::DIRECTION.to_owned(), direction),
        (fields::DESCRIPTION.to_owned(), description),
        (fields::METHOD.to_owned(), method),
        (fields::SOURCE.to_owned(), source),
        (fields::SMALL_COUNT.to_owned(), small_count),
        (fields::TARGET_VALUE.to_owned(), target_value),
        (fields::TARGET_ON.to_owned(), target_on),
        (fields::INTERMEDIATE.to_owned(), intermediate),
    ]);
    let packages = crate::plan::repo::packages(&state.pool, plan_id).await?;
    let numbers: Vec<u32> = packages.iter().map(|p| p.number).collect();
    let definition = parse_definition(&values, &numbers, locale).map_err(invalid)?;
    let mut tx = begin_write(&state.pool).await?;
    if find_by_key(&mut tx, plan_id, &definition.key)
        .await?
        .is_some()
    {
        return Err(invalid(crate::error::FormRejection {
            errors: FieldMap::from([(
                fields::KEY.to_owned(),
                IndicatorRule::KeyTaken.message(locale),
            )]),
            values,
            general: None,
        }));
    }
    let package_id = ssr::package_id(&state, plan_id, definition.about.package_number).await?;
    let sort_order: i64 = sqlx::query_scalar(
        "SELECT coalesce(max(sort_order), 0) + 10 FROM indicator WHERE plan_id = $1",
    )
    .bind(plan_id)
    .fetch_one(&mut *tx)
    .await?;
    let about = definition.about;
    let draft = IndicatorDraft {
        key: definition.key,
        package_number: about.package_number,
        sort_order,
        name: about.name,
        name_en: about.name_en,
        description: about.description,
        description_en: String::new(),
        unit: definition.unit,
        direction: definition.direction,
        method: about.method,
        source: about.source,
        small_count: about.small_count,
        target: definition.target,
        intermediate: definition.intermediate,
        is_example: false,
    };
    let changes = ChangeSet::begin(&mut tx, actor(&user), &state.clock).await?;
    let id = insert_indicator(&mut tx, &changes, plan_id, package_id, &draft).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?angelegt=1", ssr::edit_path(&plan, id)));
    Ok(())
}

/// Sets new targets (final and intermediate) with a public reason (admins). Refused
/// when someone changed them since the form was loaded (`version`).
#[server(prefix = "/api", endpoint = "bearbeiten/kennzahl-ziel")]
pub async fn change_indicator_targets(
    plan: String,
    id: i64,
    version: i64,
    target_value: String,
    target_on: String,
    #[server(default)] intermediate: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use super::indicator_form::{fields, parse_targets};
    use crate::domain::access::Permission;
    use crate::editing::api::ssr::{actor, context, invalid};
    use crate::error::FieldMap;
    use crate::history::repo::ChangeSet;
    use crate::indicators::edit::change_targets;
    use crate::runtime::db::begin_write;
    let (state, user, plan_id) = context(&plan, Permission::DefineIndicators).await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([
        (fields::TARGET_VALUE.to_owned(), target_value),
        (fields::TARGET_ON.to_owned(), target_on),
        (fields::INTERMEDIATE.to_owned(), intermediate),
        (fields::REASON.to_owned(), reason),
    ]);
    let mut tx = begin_write(&state.pool).await?;
    let indicator = ssr::indicator(&state, plan_id, id).await?;
    if crate::indicators::edit::version(&mut tx, id).await? != version {
        return Err(ssr::stale(values, locale));
    }
    let change = parse_targets(
        &values,
        indicator.unit,
        (indicator.target, &indicator.intermediate),
        locale,
    )
    .map_err(invalid)?;
    let changes = ChangeSet::begin(&mut tx, actor(&user), &state.clock).await?;
    change_targets(
        &mut tx,
        &changes,
        indicator.point_target(plan_id),
        change.target,
        &change.intermediate,
        &change.reason,
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?ziel=1", ssr::edit_path(&plan, id)));
    Ok(())
}

/// Changes what describes an indicator: names, package, description, method, source and
/// threshold (admins). Refused when someone changed it since the form was loaded
/// (`version`), and a threshold raised above a value that has been public already.
#[server(prefix = "/api", endpoint = "bearbeiten/kennzahl-angaben")]
pub async fn describe_indicator(
    plan: String,
    id: i64,
    version: i64,
    name: String,
    #[server(default)] name_en: String,
    #[server(default)] package: String,
    #[server(default)] description: String,
    #[server(default)] method: String,
    #[server(default)] source: String,
    #[server(default)] small_count: String,
) -> Result<(), AppError> {
    use super::indicator_form::{fields, parse_about};
    use super::messages::{FieldMessage, IndicatorRule};
    use crate::domain::access::Permission;
    use crate::editing::api::ssr::{actor, context, invalid};
    use crate::error::FieldMap;
    use crate::history::repo::ChangeSet;
    use crate::indicators::edit::{describe, published_below, version as version_of};
    use crate::runtime::db::begin_write;
    let (state, user, plan_id) = context(&plan, Permission::DefineIndicators).await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([
        (fields::NAME.to_owned(), name),
        (fields::NAME_EN.to_owned(), name_en),
        (fields::PACKAGE.to_owned(), package),
        (fields::DESCRIPTION.to_owned(), description),
        (fields::METHOD.to_owned(), method),
        (fields::SOURCE.to_owned(), source),
        (fields::SMALL_COUNT.to_owned(), small_count),
    ]);
    let packages = crate::plan::repo::packages(&state.pool, plan_id).await?;
    let numbers: Vec<u32> = packages.iter().map(|p| p.number).collect();
    let about = parse_about(&values, &numbers, locale).map_err(invalid)?;
    let mut tx = begin_write(&state.pool).await?;
    let indicator = ssr::indicator(&state, plan_id, id).await?;
    if version_of(&mut tx, id).await? != version {
        return Err(ssr::stale(values, locale));
    }
    if indicator.unit == crate::domain::indicators::Unit::Count
        && about.small_count > indicator.small_count
        && published_below(&mut tx, id, about.small_count).await?
    {
        return Err(invalid(crate::error::FormRejection {
            errors: FieldMap::from([(
                fields::SMALL_COUNT.to_owned(),
                IndicatorRule::ThresholdPublished.message(locale),
            )]),
            values,
            general: None,
        }));
    }
    let package_id = ssr::package_id(&state, plan_id, about.package_number).await?;
    let changes = ChangeSet::begin(&mut tx, actor(&user), &state.clock).await?;
    let changed = describe(&mut tx, &changes, plan_id, &indicator, package_id, &about).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("{}?angaben={changed}", ssr::edit_path(&plan, id)));
    Ok(())
}
