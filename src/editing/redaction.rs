//! `/{plan}/bearbeiten/entfernen`: an admin of the plan removes text posted by mistake (a name in a note, a
//! status update about a person) from the record and its whole history, with a public
//! reason. Reached from a history entry (`?eintrag=`) or a status update (`?meldung=`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::pages::RequirePermission;
use crate::domain::access::Permission;
use crate::error::{AppError, FieldMap};
use crate::history::model::EntityKind;
use crate::history::page::field_label;
use crate::history::redaction::{RedactionView, Side};
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::ui::content::German;
use crate::ui::errors::ErrorPage;
use crate::ui::form::{ErrorSummary, FormState, TextField};

#[server(input = GetUrl, prefix = "/api", endpoint = "bearbeiten/entfernen")]
pub async fn get_redaction(
    plan: String,
    #[server(default)] eintrag: Option<i64>,
    #[server(default)] meldung: Option<i64>,
) -> Result<RedactionView, AppError> {
    use crate::history::redact;

    let (state, _, plan_id) = super::api::ssr::context(&plan, Permission::Redact).await?;
    let words = crate::plan::repo::find_plan(&state.pool, Some(&plan))
        .await?
        .map(|(_, info)| info.words)
        .unwrap_or_default();
    let mut conn = state.pool.acquire().await?;
    let found = match (eintrag, meldung) {
        (Some(id), None) => redact::entry_view(&mut conn, plan_id, id).await?,
        (None, Some(id)) => redact::status_update_view(&mut conn, plan_id, id).await?,
        _ => None,
    };
    let mut view = found.ok_or_else(super::api::ssr::not_found)?;
    view.words = words;
    let locale = crate::language::request_locale();
    view.when = match crate::domain::dates::parse_date(&view.when) {
        Ok(day) => crate::ui::format::format_date(locale, day),
        Err(_) => state.clock.local_time_in(locale, &view.when),
    };
    Ok(view)
}

#[server(prefix = "/api", endpoint = "bearbeiten/entfernen-bestaetigen")]
pub async fn redact_text(
    plan: String,
    #[server(default)] eintrag: Option<i64>,
    #[server(default)] meldung: Option<i64>,
    #[server(default)] seite: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::editing::form::parse_redaction;
    use crate::history::redact;
    use crate::history::redaction::notice;
    use crate::history::repo::ChangeSet;
    use crate::runtime::db::begin_write;

    let (state, user, plan_id) = super::api::ssr::context(&plan, Permission::Redact).await?;
    let locale = crate::language::request_locale();
    let values = FieldMap::from([("seite".to_owned(), seite), ("reason".to_owned(), reason)]);
    let (side, reason) = parse_redaction(&values, locale).map_err(super::api::ssr::invalid)?;
    let mut tx = begin_write(&state.pool).await?;
    let target = match (eintrag, meldung) {
        (Some(id), None) => redact::target_of_entry(&mut tx, plan_id, id, side).await?,
        (None, Some(id)) => redact::target_of_status_update(&mut tx, plan_id, id).await?,
        _ => None,
    };
    let target = target.ok_or_else(super::api::ssr::not_found)?;
    let changes = ChangeSet::begin(&mut tx, super::api::ssr::actor(&user), &state.clock).await?;
    let notice = notice(state.clock.today(), &reason);
    let redacted = redact::redact(&mut tx, &changes, &target, &reason, &notice).await?;
    tx.commit().await?;
    redact::flush_removed_text(&state.pool).await;
    tracing::info!(
        account = user.id,
        entity = target.entity.code(),
        entity_id = target.entity_id,
        field = %target.field,
        entries = redacted.entries,
        live = redacted.live,
        "text removed"
    );
    leptos_axum::redirect(&format!("/{plan}/aenderungen?entfernt=1"));
    Ok(())
}

fn labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
    vec![
        ("seite", td_string!(locale, bearbeiten.redact_choose)),
        ("reason", td_string!(locale, bearbeiten.redact_reason)),
    ]
}

#[component]
pub fn RedactionPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, bearbeiten.redact_title)/>
        <RequirePermission permission=Permission::Redact>
            <Redaction/>
        </RequirePermission>
    }
}

#[component]
fn Redaction() -> impl IntoView {
    let query = use_query_map();
    let target = move || {
        let query = query.read();
        let id = |name: &str| query.get(name).and_then(|raw| raw.parse::<i64>().ok());
        (id("eintrag"), id("meldung"))
    };
    let slug = crate::plan::model::use_plan_slug();
    let data = Resource::new(
        move || (slug.clone(), target()),
        |(slug, (eintrag, meldung))| get_redaction(slug, eintrag, meldung),
    );
    let redact = ServerAction::<RedactText>::new();
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, bearbeiten.redact_title)}</h1>
        <p>{t_string!(i18n, bearbeiten.redact_intro)}</p>
        <Suspense fallback=move || view! { <p>{t_string!(i18n, bearbeiten.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <RedactionForm view redact/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RedactionForm(view: RedactionView, redact: ServerAction<RedactText>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let RedactionView {
        target_kind,
        target_id,
        entity,
        entity_title,
        package_number,
        field,
        values,
        when,
        organisation,
        words,
    } = view;
    let place = match (entity, package_number) {
        (EntityKind::StatusUpdate, Some(n)) => format!(
            "{}, {}",
            td_string!(locale, bearbeiten.redact_status_update),
            td_string!(
                locale,
                bearbeiten.package_link,
                package = words.numbered(locale, n)
            )
        ),
        (_, Some(n)) => td_string!(
            locale,
            bearbeiten.package_link,
            package = words.numbered(locale, n)
        )
        .to_string(),
        _ => String::new(),
    };
    let field_name = field_label(locale, &field).to_owned();
    let default_side = values
        .last()
        .map(|(side, _)| side.code().to_owned())
        .unwrap_or_default();
    let loaded = FieldMap::from([("seite".to_owned(), default_side)]);
    let target_name = if target_kind == "meldung" {
        "meldung"
    } else {
        "eintrag"
    };
    view! {
        <dl class="facts">
            <div class="facts__row">
                <dt>{t_string!(i18n, bearbeiten.redact_where)}</dt>
                <dd>{place} <German text=entity_title/></dd>
            </div>
            <div class="facts__row">
                <dt>{t_string!(i18n, bearbeiten.redact_field)}</dt>
                <dd>{field_name}</dd>
            </div>
            <div class="facts__row">
                <dt>{t_string!(i18n, bearbeiten.redact_when)}</dt>
                <dd>{when}</dd>
            </div>
            <div class="facts__row">
                <dt>{t_string!(i18n, bearbeiten.redact_by)}</dt>
                <dd><German text=organisation/></dd>
            </div>
        </dl>
        {move || {
            let state = FormState::new(loaded.clone(), redact.value().get().as_ref());
            let chosen = state.value("seite");
            let side_error = state.error("seite");
            let side_class = if side_error.is_some() { "fieldset field--error" } else { "fieldset" };
            let side_described = side_error.as_ref().map(|_| "feld-seite-fehler");
            let values = values.clone();
            view! {
                <ErrorSummary state=state.clone() labels=labels(locale)/>
                <ActionForm action=redact attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="plan" value=crate::plan::model::use_plan_slug()/>
                    <input type="hidden" name=target_name value=target_id.to_string()/>
                    <fieldset class=side_class id="feld-seite" aria-describedby=side_described>
                        <legend>{t_string!(i18n, bearbeiten.redact_choose)}</legend>
                        {side_error.map(|e| view! {
                            <p class="field__error" id="feld-seite-fehler">
                                <span class="visually-hidden">{t_string!(i18n, rahmen.form_error_prefix)} " "</span>{e}
                            </p>
                        })}
                        {values.into_iter().map(|(side, text)| {
                            let id = format!("feld-seite-{}", side.code());
                            let label = match side {
                                Side::Old => td_string!(locale, bearbeiten.redact_old),
                                Side::New => td_string!(locale, bearbeiten.redact_new),
                            };
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="seite" value=side.code() checked=chosen == side.code()/>
                                    <label for=id>
                                        <strong>{label}</strong>": "
                                        <German text=text/>
                                    </label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <TextField name="reason" label=t_string!(i18n, bearbeiten.redact_reason) value=state.value("reason") error=state.error("reason") hint=Some(t_string!(i18n, bearbeiten.redact_reason_hint)) required=true/>
                    <button type="submit" class="button button--danger">{t_string!(i18n, bearbeiten.redact_submit)}</button>
                </ActionForm>
            }
        }}
    }
}
