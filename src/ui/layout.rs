//! The frame around every page: skip link, header, example-data notice, footer.

use leptos::prelude::*;

use crate::accounts::api::Logout;
use crate::accounts::model::CurrentUser;
use crate::domain::access::Permission;
use crate::plan::model::PlanInfo;

#[component]
pub fn SiteHeader(plan: Option<PlanInfo>, user: Option<CurrentUser>) -> impl IntoView {
    let plan_title = plan.map(|p| p.title);
    let is_admin = user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ManageAccounts));
    let account = user.map(|user| {
        view! {
            <div class="account-bar">
                <p class="account-bar__who">
                    "Angemeldet: " <strong>{user.display_name}</strong> {format!(" ({})", user.organisation)}
                </p>
                <LogoutButton/>
            </div>
        }
    });
    let signed_in = account.is_some();
    view! {
        <header class="site-header">
            <div class="wrap site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__name">"Umsetzungsmonitor"</span>
                    {plan_title.map(|title| view! { <span class="brand__plan">{title}</span> })}
                </a>
                <nav class="site-nav" aria-label="Hauptnavigation">
                    <ul>
                        <li><a href="/">"Übersicht"</a></li>
                        <li><a href="/zeitplan">"Zeitplan"</a></li>
                        <li><a href="/aenderungen">"Änderungen"</a></li>
                        <li><a href="/berichte">"Berichte & Daten"</a></li>
                        {signed_in.then(|| view! { <li><a href="/bearbeiten">"Bearbeiten"</a></li> })}
                        {is_admin.then(|| view! { <li><a href="/verwaltung">"Konten"</a></li> })}
                        {(!signed_in).then(|| view! { <li><a href="/anmelden">"Anmelden"</a></li> })}
                    </ul>
                </nav>
            </div>
            {account.map(|bar| view! { <div class="wrap">{bar}</div> })}
        </header>
    }
}

/// Signing out is a POST (never a state change over GET).
#[component]
fn LogoutButton() -> impl IntoView {
    let logout = expect_context::<ServerAction<Logout>>();
    view! {
        <ActionForm action=logout attr:class="inline-form">
            <button type="submit" class="button button--quiet">"Abmelden"</button>
        </ActionForm>
    }
}

/// Shown on every page while the plan is example data.
#[component]
pub fn ExampleNotice() -> impl IntoView {
    view! {
        <div class="example-notice" role="note" aria-label="Hinweis auf Beispieldaten">
            <div class="wrap">
                <p>
                    <strong>"Beispieldaten: "</strong>
                    "Dieser Plan ist ein Beispielkatalog. Die Meilensteine und Termine sind "
                    "frei erfunden (illustrativ) und geben nicht den tatsächlichen Stand wieder. "
                    "Die AG Ausländerbehörde ersetzt ihn durch ihren eigenen Katalog."
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn SiteFooter(plan: Option<PlanInfo>) -> impl IntoView {
    let owner = plan.map(|p| p.owner);
    view! {
        <footer class="site-footer">
            <div class="wrap">
                {owner.map(|owner| view! { <p>"Herausgegeben von: " {owner}</p> })}
                <p>
                    "Der Umsetzungsmonitor stellt den geforderten Zeitplan (Soll), die Prognose "
                    "der Verwaltung und die tatsächliche Umsetzung (Ist) nebeneinander. "
                    "Er erfasst Maßnahmen, keine Personen."
                </p>
            </div>
        </footer>
    }
}
