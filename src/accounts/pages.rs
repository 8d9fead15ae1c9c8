//! `/anmelden` and the admins' account pages under `/verwaltung`; and the guard that
//! sends signed-out visitors of protected pages to the sign-in page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::api::{
    backup_downloadable, get_account, list_accounts, list_plan_choices, ChangeOwnPassword,
    CreateAccount, Login, SetAccountDisabled, SetAccountPassword, SetPlanRole, UpdateAccount,
};
use super::model::{AccountPlanRole, AccountSummary};
use crate::domain::access::{Permission, Role};
use crate::error::{AppError, EditConflict, FieldMap};
use crate::history::page::role_label;
use crate::language::i18n::{t_string, td_string};
use crate::language::{use_i18n, Locale};
use crate::runtime::viewer::CurrentUser;
use crate::runtime::viewer::CurrentUserResource;
use crate::ui::content::{german_only, German};
use crate::ui::errors::ErrorPage;
use crate::ui::form::{
    ConflictNotice, ErrorSummary, FormState, SelectField, SuccessNotice, TextField,
};

/// Shows `children` to accounts with `permission` in the page's plan (on the site's own
/// pages: in any plan; managing accounts: a site administrator); sends signed-out visitors to sign in (and back here
/// afterwards), and tells others they lack the permission (403).
#[component]
pub fn RequirePermission(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    let location = use_location();
    let children = StoredValue::new(children);
    let slug = StoredValue::new(use_context::<crate::plan::model::PlanSlug>());
    let allowed = move |account: &CurrentUser| match slug.get_value() {
        Some(crate::plan::model::PlanSlug(slug)) => account.can_in_plan(&slug, permission),
        None if permission == Permission::ManageAccounts => account.is_site_admin(),
        None => account.can_somewhere(permission),
    };
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, anmelden.loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(account)) if allowed(&account) => children.read_value()().into_any(),
                    Ok(Some(_)) => view! { <ErrorPage error=AppError::Forbidden/> }.into_any(),
                    Ok(None) => {
                        let here = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/anmelden?weiter={here}")/> }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<ServerAction<Login>>();
    // A refused sign-in without JavaScript comes back as an error that `<Routes>` provides;
    // the shared action above is created before that, so an action made here picks it up.
    let returned = ServerAction::<Login>::new();
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    let query = use_query_map();
    let next = move || query.read().get("weiter").unwrap_or_default();
    let i18n = use_i18n();
    let email_label = t_string!(i18n, anmelden.email);
    let password_label = t_string!(i18n, anmelden.password);
    view! {
        <Title text=t_string!(i18n, anmelden.title)/>
        <h1>{t_string!(i18n, anmelden.title)}</h1>
        <p class="intro">{t_string!(i18n, anmelden.intro)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                user.await.ok().flatten().map(|account: CurrentUser| view! {
                    <p class="success-notice">
                        {t_string!(
                            i18n,
                            anmelden.signed_in,
                            name = account.display_name,
                            organisation = account.organisation
                        ).to_string()}
                        " "
                        <a href="/bearbeiten">{t_string!(i18n, anmelden.to_editing)}</a>
                    </p>
                })
            })}
        </Suspense>
        {move || {
            let answer = login.value().get().or_else(|| returned.value().get());
            let state = FormState::new(FieldMap::new(), answer.as_ref());
            let next_value = state.values.get("next").cloned().unwrap_or_else(next);
            view! {
                <ErrorSummary state=state.clone() labels=vec![("email", email_label), ("password", password_label)]/>
                <ActionForm action=login attr:class="form form--narrow" attr:novalidate=true>
                    <input type="hidden" name="next" value=next_value/>
                    <TextField
                        name="email"
                        label=email_label
                        kind="email"
                        value=state.value("email")
                        error=state.error("email")
                        autocomplete=Some("username")
                        required=true
                    />
                    <TextField
                        name="password"
                        label=password_label
                        kind="password"
                        value=String::new()
                        error=state.error("password")
                        autocomplete=Some("current-password")
                        required=true
                    />
                    <button type="submit" class="button">{t_string!(i18n, anmelden.submit)}</button>
                </ActionForm>
            }
        }}
        <p class="field__hint">{t_string!(i18n, anmelden.hint)}</p>
    }
}

/// `/konto/passwort`: a signed-in member sets a new password of their own.
#[component]
pub fn OwnPasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangeOwnPassword>::new();
    let query = use_query_map();
    let i18n = use_i18n();
    let current_label = t_string!(i18n, anmelden.current_password);
    let new_label = t_string!(i18n, anmelden.own_new_password);
    let changed = move || query.read().get("geaendert").is_some();
    view! {
        <Title text=t_string!(i18n, anmelden.own_password_title)/>
        <RequirePermission permission=Permission::SeeInternal>
            <h1>{t_string!(i18n, anmelden.own_password_title)}</h1>
            {move || changed().then(|| view! {
                <SuccessNotice message=t_string!(i18n, anmelden.own_password_changed).to_owned()/>
            })}
            <p class="intro">{t_string!(i18n, anmelden.own_password_intro)}</p>
            {move || {
                let state = FormState::new(FieldMap::new(), change.value().get().as_ref());
                view! {
                    <ErrorSummary state=state.clone() labels=vec![("current", current_label), ("password", new_label)]/>
                    <ActionForm action=change attr:class="form form--narrow" attr:novalidate=true>
                        <TextField
                            name="current"
                            label=current_label
                            kind="password"
                            value=String::new()
                            error=state.error("current")
                            autocomplete=Some("current-password")
                            required=true
                        />
                        <TextField
                            name="password"
                            label=new_label
                            kind="password"
                            value=String::new()
                            error=state.error("password")
                            hint=Some(t_string!(i18n, anmelden.own_new_password_hint))
                            autocomplete=Some("new-password")
                            required=true
                        />
                        <button type="submit" class="button">{t_string!(i18n, anmelden.own_password_submit)}</button>
                    </ActionForm>
                }
            }}
        </RequirePermission>
    }
}

fn role_options(locale: Locale) -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code(), role_label(locale, r)))
        .collect()
}

/// A conflict's role codes as the page names them.
fn roles_in_words(mut conflict: EditConflict, locale: Locale) -> EditConflict {
    for values in [&mut conflict.values, &mut conflict.theirs] {
        if let Some(code) = values.get_mut("role") {
            if let Some(role) = Role::parse(code) {
                *code = role_label(locale, role).to_owned();
            }
        }
    }
    conflict
}

/// Field labels for the error summaries, in the page's language.
fn account_labels(locale: Locale) -> Vec<(&'static str, &'static str)> {
    vec![
        ("email", td_string!(locale, verwaltung.field_email)),
        ("display_name", td_string!(locale, verwaltung.field_name)),
        (
            "organisation",
            td_string!(locale, verwaltung.field_organisation),
        ),
        ("role", td_string!(locale, verwaltung.field_role)),
        ("plan", td_string!(locale, verwaltung.field_plan)),
        ("password", td_string!(locale, verwaltung.field_password)),
    ]
}

/// `/verwaltung`: all accounts and a form for a new one.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, verwaltung.accounts_title)/>
        <RequirePermission permission=Permission::ManageAccounts>
            <AccountsAdmin/>
        </RequirePermission>
    }
}

#[component]
fn AccountsAdmin() -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let accounts = Resource::new(move || create.version().get(), |_| list_accounts());
    let plans = Resource::new(|| (), |_| list_plan_choices());
    let backup = Resource::new(|| (), |_| backup_downloadable());
    let query = use_query_map();
    let created = move || query.read().get("angelegt").is_some();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <h1>{t_string!(i18n, verwaltung.accounts_heading)}</h1>
        {move || created().then(|| view! { <SuccessNotice message=t_string!(i18n, verwaltung.created).to_owned()/> })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, verwaltung.accounts_loading)}</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) => view! { <AccountTable accounts=list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="sicherung-titel">
            <h2 id="sicherung-titel">{t_string!(i18n, verwaltung.backup_heading)}</h2>
            <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                if backup.await.unwrap_or(true) {
                    view! {
                        <p>
                            {t_string!(i18n, verwaltung.backup_text)} " "
                            <code>{t_string!(i18n, verwaltung.restore_command)}</code> "."
                        </p>
                        <p><a class="button button--secondary" href="/verwaltung/sicherung" download>{t_string!(i18n, verwaltung.backup_download)}</a></p>
                    }.into_any()
                } else {
                    view! {
                        <p>
                            {t_string!(i18n, verwaltung.backup_postgres)} " "
                            <code>"pg_dump"</code> ", " <code>"pg_restore"</code> " "
                            {t_string!(i18n, verwaltung.backup_postgres_readme)}
                        </p>
                    }.into_any()
                }
            })}
            </Suspense>
        </section>
        <section aria-labelledby="neues-konto">
            <h2 id="neues-konto">{t_string!(i18n, verwaltung.new_heading)}</h2>
            <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let plan_options: Vec<(String, String)> = plans.await.unwrap_or_default();
                let first_plan = plan_options.first().map(|(slug, _)| slug.clone()).unwrap_or_default();
                let state = FormState::new(
                    FieldMap::from([
                        ("role".to_owned(), "member".to_owned()),
                        ("plan".to_owned(), first_plan),
                    ]),
                    create.value().get().as_ref(),
                );
                let german = german_only(locale);
                view! {
                    <ErrorSummary state=state.clone() labels=account_labels(locale)/>
                    <ActionForm action=create attr:class="form" attr:novalidate=true>
                        <TextField name="email" label=t_string!(i18n, verwaltung.field_email) kind="email" value=state.value("email") error=state.error("email") autocomplete=Some("off") required=true/>
                        <TextField name="display_name" label=t_string!(i18n, verwaltung.field_name) value=state.value("display_name") error=state.error("display_name") required=true/>
                        <TextField name="organisation" label=t_string!(i18n, verwaltung.field_organisation) lang=german value=state.value("organisation") error=state.error("organisation") hint=Some(t_string!(i18n, verwaltung.organisation_hint)) required=true/>
                        <SelectField name="role" label=t_string!(i18n, verwaltung.field_role) value=state.value("role") options=role_options(locale) error=state.error("role") hint=Some(t_string!(i18n, verwaltung.role_hint))/>
                        <PlanSelect options=plan_options value=state.value("plan") error=state.error("plan")/>
                        <TextField name="password" label=t_string!(i18n, verwaltung.first_password) kind="password" value=String::new() error=state.error("password") hint=Some(t_string!(i18n, verwaltung.first_password_hint)) autocomplete=Some("new-password") required=true/>
                        <button type="submit" class="button">{t_string!(i18n, verwaltung.create_submit)}</button>
                    </ActionForm>
                }
            })}
            </Suspense>
        </section>
    }
}

/// An account's role in each plan, each row its own form (works without JavaScript).
#[component]
fn PlanRoles(
    account_id: i64,
    plans: Vec<AccountPlanRole>,
    plan_role: ServerAction<SetPlanRole>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let options = move || {
        let mut options = vec![("keine", td_string!(locale, verwaltung.role_none))];
        options.extend(role_options(locale));
        options
    };
    view! {
        <p>{t_string!(i18n, verwaltung.plan_roles_intro)}</p>
        {move || {
            let state = FormState::new(FieldMap::new(), plan_role.value().get().as_ref());
            view! { <ErrorSummary state labels=account_labels(locale)/> }
        }}
        <div class="table-wrap">
            <table class="data-table">
                <caption>{t_string!(i18n, verwaltung.plan_roles_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, verwaltung.col_plan)}</th>
                        <th scope="col">{t_string!(i18n, verwaltung.field_role)}</th>
                    </tr>
                </thead>
                <tbody>
                    {plans.into_iter().map(|plan| {
                        let select_id = format!("rolle-{}", plan.slug);
                        let current = plan.role.map_or("keine", Role::code);
                        view! {
                            <tr>
                                <th scope="row"><label for=select_id.clone() lang="de">{plan.title}</label></th>
                                <td>
                                    <ActionForm action=plan_role attr:class="inline-form">
                                        <input type="hidden" name="id" value=account_id.to_string()/>
                                        <input type="hidden" name="plan" value=plan.slug.clone()/>
                                        <select id=select_id name="role">
                                            {options().into_iter().map(|(code, label)| view! {
                                                <option value=code selected=code == current>{label}</option>
                                            }).collect_view()}
                                        </select>
                                        " "
                                        <button type="submit" class="button button--small button--secondary">
                                            {t_string!(i18n, verwaltung.plan_role_submit)}
                                            <span class="visually-hidden">{format!(" ({})", plan.slug)}</span>
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The plan a new account's role applies in.
#[component]
fn PlanSelect(
    options: Vec<(String, String)>,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if error.is_some() {
        "field field--error"
    } else {
        "field"
    };
    let described = if error.is_some() {
        "feld-plan-hinweis feld-plan-fehler"
    } else {
        "feld-plan-hinweis"
    };
    view! {
        <div class=class>
            <label for="feld-plan">{t_string!(i18n, verwaltung.field_plan)}</label>
            <p class="field__hint" id="feld-plan-hinweis">{t_string!(i18n, verwaltung.plan_hint)}</p>
            {error.map(|e| view! {
                <p class="field__error" id="feld-plan-fehler">
                    <span class="visually-hidden">{t_string!(i18n, rahmen.form_error_prefix)} " "</span>{e}
                </p>
            })}
            <select id="feld-plan" name="plan" aria-describedby=described>
                {options.into_iter().map(|(slug, title)| {
                    let selected = slug == value;
                    view! { <option value=slug selected=selected lang="de">{title}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn AccountTable(accounts: Vec<AccountSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{t_string!(i18n, verwaltung.table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, verwaltung.field_name)}</th>
                        <th scope="col">{t_string!(i18n, verwaltung.field_organisation)}</th>
                        <th scope="col">{t_string!(i18n, verwaltung.field_email)}</th>
                        <th scope="col">{t_string!(i18n, verwaltung.field_role)}</th>
                        <th scope="col">{t_string!(i18n, verwaltung.col_plan_roles)}</th>
                        <th scope="col">{t_string!(i18n, verwaltung.col_state)}</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|account| view! {
                        <tr>
                            <th scope="row"><a href=format!("/verwaltung/konten/{}", account.id)>{account.display_name}</a></th>
                            <td data-label=t_string!(i18n, verwaltung.field_organisation)><German text=account.organisation/></td>
                            <td data-label=t_string!(i18n, verwaltung.col_email_short)>{account.email}</td>
                            <td data-label=t_string!(i18n, verwaltung.field_role)>{role_label(locale, account.role)}</td>
                            <td data-label=t_string!(i18n, verwaltung.col_plan_roles)>
                                {account.plans.iter().map(|plan| format!(
                                    "{} ({})",
                                    plan.slug,
                                    plan.role.map(|r| role_label(locale, r)).unwrap_or_default()
                                )).collect::<Vec<_>>().join(", ")}
                            </td>
                            <td data-label=t_string!(i18n, verwaltung.col_state)>{if account.disabled { t_string!(i18n, verwaltung.disabled) } else { t_string!(i18n, verwaltung.active) }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/verwaltung/konten/{id}`: change an account, lock it, set a new password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, verwaltung.account_title)/>
        <RequirePermission permission=Permission::ManageAccounts>
            <AccountAdmin/>
        </RequirePermission>
    }
}

#[component]
fn AccountAdmin() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
    };
    let update = ServerAction::<UpdateAccount>::new();
    let disable = ServerAction::<SetAccountDisabled>::new();
    let password = ServerAction::<SetAccountPassword>::new();
    let plan_role = ServerAction::<SetPlanRole>::new();
    let account = Resource::new(
        move || (id(), update.version().get(), disable.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let i18n = use_i18n();
    let notice = move || {
        let q = query.read();
        if q.get("passwort").is_some() {
            Some(t_string!(i18n, verwaltung.password_set))
        } else if q.get("rolle").is_some() {
            Some(t_string!(i18n, verwaltung.plan_role_saved))
        } else if q.get("gespeichert").is_some() {
            Some(t_string!(i18n, verwaltung.saved))
        } else {
            None
        }
    };
    view! {
        <p><a href="/verwaltung">{t_string!(i18n, verwaltung.all_accounts)}</a></p>
        {move || notice().map(|m| view! { <SuccessNotice message=m.to_owned()/> })}
        <Suspense fallback=move || view! { <p>{t_string!(i18n, verwaltung.account_loading)}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(summary) => view! { <AccountForms summary update disable password plan_role/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountForms(
    summary: AccountSummary,
    update: ServerAction<UpdateAccount>,
    disable: ServerAction<SetAccountDisabled>,
    password: ServerAction<SetAccountPassword>,
    plan_role: ServerAction<SetPlanRole>,
) -> impl IntoView {
    let id = summary.id.to_string();
    let site_admin = summary.role == Role::Admin;
    let plans = summary.plans.clone();
    let account_id = summary.id;
    let loaded = FieldMap::from([
        ("display_name".to_owned(), summary.display_name.clone()),
        ("organisation".to_owned(), summary.organisation.clone()),
        ("role".to_owned(), summary.role.code().to_owned()),
    ]);
    let (id_a, id_b, id_c) = (id.clone(), id.clone(), id);
    let disabled = summary.disabled;
    let version = summary.version;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let german = german_only(locale);
    view! {
        <h1>{summary.display_name.clone()}</h1>
        <p>
            {summary.email.clone()} " · "
            {if disabled { t_string!(i18n, verwaltung.disabled) } else { t_string!(i18n, verwaltung.active) }}
        </p>
        <section aria-labelledby="profil">
            <h2 id="profil">{t_string!(i18n, verwaltung.profile_heading)}</h2>
            {move || {
                let state = FormState::new(loaded.clone(), update.value().get().as_ref());
                let id = id_a.clone();
                // After a conflict the form carries the version now stored.
                let form_version = state.version(version);
                view! {
                    {state.conflict.clone().map(|conflict| view! {
                        <ConflictNotice conflict=roles_in_words(conflict, locale) labels=account_labels(locale)/>
                    })}
                    <ErrorSummary state=state.clone() labels=account_labels(locale)/>
                    <ActionForm action=update attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="version" value=form_version.to_string()/>
                        <TextField name="display_name" label=t_string!(i18n, verwaltung.field_name) value=state.value("display_name") error=state.error("display_name") required=true/>
                        <TextField name="organisation" label=t_string!(i18n, verwaltung.field_organisation) lang=german value=state.value("organisation") error=state.error("organisation") required=true/>
                        <SelectField name="role" label=t_string!(i18n, verwaltung.field_role) value=state.value("role") options=role_options(locale) error=state.error("role")/>
                        <button type="submit" class="button">{t_string!(i18n, verwaltung.save)}</button>
                    </ActionForm>
                }
            }}
        </section>
        <section aria-labelledby="plan-rollen">
            <h2 id="plan-rollen">{t_string!(i18n, verwaltung.plan_roles_heading)}</h2>
            {if site_admin {
                view! { <p>{t_string!(i18n, verwaltung.plan_roles_site_admin)}</p> }.into_any()
            } else {
                view! { <PlanRoles account_id plans plan_role/> }.into_any()
            }}
        </section>
        <section aria-labelledby="sperren">
            <h2 id="sperren">{if disabled { t_string!(i18n, verwaltung.enable_heading) } else { t_string!(i18n, verwaltung.disable_heading) }}</h2>
            <p>{if disabled { t_string!(i18n, verwaltung.enable_text) } else { t_string!(i18n, verwaltung.disable_text) }}</p>
            {move || {
                let state = FormState::new(FieldMap::new(), disable.value().get().as_ref());
                let id = id_b.clone();
                view! {
                    <ErrorSummary state labels=account_labels(locale)/>
                    <ActionForm action=disable attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                        <button type="submit" class="button button--secondary">
                            {if disabled { t_string!(i18n, verwaltung.enable) } else { t_string!(i18n, verwaltung.disable) }}
                        </button>
                    </ActionForm>
                }
            }}
        </section>
        <section aria-labelledby="passwort">
            <h2 id="passwort">{t_string!(i18n, verwaltung.new_password)}</h2>
            {move || {
                let state = FormState::new(FieldMap::new(), password.value().get().as_ref());
                let id = id_c.clone();
                view! {
                    <ErrorSummary state=state.clone() labels=account_labels(locale)/>
                    <ActionForm action=password attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id/>
                        <TextField name="password" label=t_string!(i18n, verwaltung.new_password) kind="password" value=String::new() error=state.error("password") hint=Some(t_string!(i18n, verwaltung.new_password_hint)) autocomplete=Some("new-password") required=true/>
                        <button type="submit" class="button button--secondary">{t_string!(i18n, verwaltung.password_submit)}</button>
                    </ActionForm>
                }
            }}
        </section>
    }
    .into_any()
}
