//! `/anmelden` and the admins' account pages under `/verwaltung`; and the guard that
//! sends signed-out visitors of protected pages to the sign-in page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::api::{
    get_account, list_accounts, CreateAccount, Login, SetAccountDisabled, SetAccountPassword,
    UpdateAccount,
};
use super::model::{AccountSummary, CurrentUser};
use crate::app::CurrentUserResource;
use crate::domain::access::{Permission, Role};
use crate::error::{AppError, FieldMap};
use crate::language::i18n::t_string;
use crate::language::use_i18n;
use crate::ui::errors::ErrorPage;
use crate::ui::form::{ErrorSummary, FormState, SelectField, SuccessNotice, TextField};

/// Shows `children` to accounts with `permission`; sends signed-out visitors to sign in
/// (and back here afterwards), and tells others they lack the permission (403).
#[component]
pub fn RequirePermission(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let CurrentUserResource(user) = expect_context::<CurrentUserResource>();
    let location = use_location();
    let children = StoredValue::new(children);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, anmelden.loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(account)) if account.can(permission) => children.read_value()().into_any(),
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
            let state = FormState::new(FieldMap::new(), login.value().get().as_ref());
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

fn role_options() -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code(), r.label()))
        .collect()
}

const ACCOUNT_LABELS: &[(&str, &str)] = &[
    ("email", "E-Mail-Adresse"),
    ("display_name", "Name"),
    ("organisation", "Organisation"),
    ("role", "Rolle"),
    ("password", "Passwort"),
];

/// `/verwaltung`: all accounts and a form for a new one.
#[component]
pub fn AccountsPage() -> impl IntoView {
    view! {
        <Title text="Konten"/>
        <RequirePermission permission=Permission::ManageAccounts>
            <AccountsAdmin/>
        </RequirePermission>
    }
}

#[component]
fn AccountsAdmin() -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let accounts = Resource::new(move || create.version().get(), |_| list_accounts());
    let query = use_query_map();
    let created = move || query.read().get("angelegt").is_some();
    view! {
        <h1>"Konten der Arbeitsgruppe"</h1>
        {move || created().then(|| view! { <SuccessNotice message="Das Konto wurde angelegt.".to_owned()/> })}
        <Suspense fallback=|| view! { <p>"Konten werden geladen …"</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) => view! { <AccountTable accounts=list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="sicherung-titel">
            <h2 id="sicherung-titel">"Sicherung"</h2>
            <p>
                "Eine vollständige Kopie der Datenbank, im laufenden Betrieb erstellt "
                "(alle Pläne, Konten mit Passwort-Hashes, die ganze Änderungshistorie). "
                "Vertraulich aufbewahren; wiederherstellen mit "
                <code>"umsetzungsmonitor restore DATEI"</code> "."
            </p>
            <p><a class="button button--secondary" href="/verwaltung/sicherung" rel="external" download>"Sicherung herunterladen"</a></p>
        </section>
        <section aria-labelledby="neues-konto">
            <h2 id="neues-konto">"Neues Konto"</h2>
            {move || {
                let state = FormState::new(FieldMap::from([("role".to_owned(), "member".to_owned())]), create.value().get().as_ref());
                view! {
                    <ErrorSummary state=state.clone() labels=ACCOUNT_LABELS/>
                    <ActionForm action=create attr:class="form" attr:novalidate=true>
                        <TextField name="email" label="E-Mail-Adresse" kind="email" value=state.value("email") error=state.error("email") autocomplete=Some("off") required=true/>
                        <TextField name="display_name" label="Name" value=state.value("display_name") error=state.error("display_name") required=true/>
                        <TextField name="organisation" label="Organisation" value=state.value("organisation") error=state.error("organisation") hint=Some("Wird öffentlich bei jeder Änderung genannt, z. B. „Diakonie Potsdam“.") required=true/>
                        <SelectField name="role" label="Rolle" value=state.value("role") options=role_options() error=state.error("role")/>
                        <TextField name="password" label="Erstes Passwort" kind="password" value=String::new() error=state.error("password") hint=Some("Mindestens 12 Zeichen. Geben Sie es der Person auf einem sicheren Weg weiter.") autocomplete=Some("new-password") required=true/>
                        <button type="submit" class="button">"Konto anlegen"</button>
                    </ActionForm>
                }
            }}
        </section>
    }
}

#[component]
fn AccountTable(accounts: Vec<AccountSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>"Alle Konten; gesperrte zuletzt"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Organisation"</th>
                        <th scope="col">"E-Mail-Adresse"</th>
                        <th scope="col">"Rolle"</th>
                        <th scope="col">"Zustand"</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|account| view! {
                        <tr>
                            <th scope="row"><a href=format!("/verwaltung/konten/{}", account.id)>{account.display_name}</a></th>
                            <td data-label="Organisation">{account.organisation}</td>
                            <td data-label="E-Mail">{account.email}</td>
                            <td data-label="Rolle">{account.role.label()}</td>
                            <td data-label="Zustand">{if account.disabled { "gesperrt" } else { "aktiv" }}</td>
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
    view! {
        <Title text="Konto"/>
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
    let account = Resource::new(
        move || (id(), update.version().get(), disable.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let notice = move || {
        let q = query.read();
        if q.get("passwort").is_some() {
            Some("Das neue Passwort gilt; alle Sitzungen des Kontos wurden beendet.")
        } else if q.get("gespeichert").is_some() {
            Some("Gespeichert.")
        } else {
            None
        }
    };
    view! {
        <p><a href="/verwaltung">"← Alle Konten"</a></p>
        {move || notice().map(|m| view! { <SuccessNotice message=m.to_owned()/> })}
        <Suspense fallback=|| view! { <p>"Konto wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(summary) => view! { <AccountForms summary update disable password/> }.into_any(),
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
) -> impl IntoView {
    let id = summary.id.to_string();
    let loaded = FieldMap::from([
        ("display_name".to_owned(), summary.display_name.clone()),
        ("organisation".to_owned(), summary.organisation.clone()),
        ("role".to_owned(), summary.role.code().to_owned()),
    ]);
    let (id_a, id_b, id_c) = (id.clone(), id.clone(), id);
    let disabled = summary.disabled;
    view! {
        <h1>{summary.display_name.clone()}</h1>
        <p>{summary.email.clone()} {if disabled { " · gesperrt" } else { " · aktiv" }}</p>
        <section aria-labelledby="profil">
            <h2 id="profil">"Angaben und Rolle"</h2>
            {move || {
                let state = FormState::new(loaded.clone(), update.value().get().as_ref());
                let id = id_a.clone();
                view! {
                    <ErrorSummary state=state.clone() labels=ACCOUNT_LABELS/>
                    <ActionForm action=update attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id/>
                        <TextField name="display_name" label="Name" value=state.value("display_name") error=state.error("display_name") required=true/>
                        <TextField name="organisation" label="Organisation" value=state.value("organisation") error=state.error("organisation") required=true/>
                        <SelectField name="role" label="Rolle" value=state.value("role") options=role_options() error=state.error("role")/>
                        <button type="submit" class="button">"Speichern"</button>
                    </ActionForm>
                }
            }}
        </section>
        <section aria-labelledby="sperren">
            <h2 id="sperren">{if disabled { "Konto entsperren" } else { "Konto sperren" }}</h2>
            <p>{if disabled {
                "Das Konto ist gesperrt. Nach dem Entsperren kann sich die Person wieder anmelden."
            } else {
                "Ein gesperrtes Konto kann sich nicht mehr anmelden; laufende Sitzungen enden sofort. Die Änderungen der Person bleiben im Verlauf."
            }}</p>
            {move || {
                let state = FormState::new(FieldMap::new(), disable.value().get().as_ref());
                let id = id_b.clone();
                view! {
                    <ErrorSummary state labels=ACCOUNT_LABELS/>
                    <ActionForm action=disable attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                        <button type="submit" class="button button--secondary">
                            {if disabled { "Entsperren" } else { "Sperren" }}
                        </button>
                    </ActionForm>
                }
            }}
        </section>
        <section aria-labelledby="passwort">
            <h2 id="passwort">"Neues Passwort"</h2>
            {move || {
                let state = FormState::new(FieldMap::new(), password.value().get().as_ref());
                let id = id_c.clone();
                view! {
                    <ErrorSummary state=state.clone() labels=ACCOUNT_LABELS/>
                    <ActionForm action=password attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id/>
                        <TextField name="password" label="Neues Passwort" kind="password" value=String::new() error=state.error("password") hint=Some("Mindestens 12 Zeichen. Alle Sitzungen des Kontos enden.") autocomplete=Some("new-password") required=true/>
                        <button type="submit" class="button button--secondary">"Passwort setzen"</button>
                    </ActionForm>
                }
            }}
        </section>
    }
    .into_any()
}
