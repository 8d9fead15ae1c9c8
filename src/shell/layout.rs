//! The frame around every page: skip link, header, example-data notice, footer.

use leptos::prelude::*;

use crate::accounts::api::Logout;
use crate::domain::access::Permission;
use crate::domain::paths::plan_path;
use crate::language::i18n::t_string;
use crate::language::switch::LanguageSwitch;
use crate::language::use_i18n;
use crate::plan::model::PlanInfo;
use crate::runtime::viewer::CurrentUser;
use crate::ui::content::{German, Localized};

#[component]
pub fn SiteHeader(plan: Option<PlanInfo>, user: Option<CurrentUser>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = plan.as_ref().map(|p| p.slug.clone());
    let plan_title = plan.map(|p| (p.title, p.title_en));
    let is_admin = user.as_ref().is_some_and(|u| u.is_site_admin());
    let can_edit = match &slug {
        Some(slug) => user
            .as_ref()
            .is_some_and(|u| u.can_in_plan(slug, Permission::EditMilestones)),
        None => false,
    };
    let account = user.map(|user| {
        view! {
            <div class="account-bar">
                <p class="account-bar__who">
                    {t_string!(i18n, rahmen.signed_in_as)} " " <strong>{user.display_name}</strong> {format!(" ({})", user.organisation)}
                </p>
                <a class="account-bar__link" href="/konto/passwort">{t_string!(i18n, anmelden.own_password_link)}</a>
                <LogoutButton/>
            </div>
        }
    });
    let signed_in = account.is_some();
    view! {
        <header class="site-header">
            <div class="wrap site-header__inner">
                <a class="brand" href=slug.as_deref().map_or_else(|| "/".to_owned(), |s| plan_path(s, ""))>
                    <span class="brand__name">"Umsetzungsmonitor"</span>
                    {plan_title.map(|(german, english)| view! { <span class="brand__plan"><Localized german english/></span> })}
                </a>
                <nav class="site-nav" aria-label=t_string!(i18n, rahmen.nav_label)>
                    <ul>
                        {match slug {
                            Some(slug) => view! {
                                <li><a href=plan_path(&slug, "")>{t_string!(i18n, rahmen.nav_overview)}</a></li>
                                <li><a href=plan_path(&slug, "/zeitplan")>{t_string!(i18n, rahmen.nav_schedule)}</a></li>
                                <li><a href=plan_path(&slug, "/kennzahlen")>{t_string!(i18n, rahmen.nav_indicators)}</a></li>
                                <li><a href=plan_path(&slug, "/aenderungen")>{t_string!(i18n, rahmen.nav_changes)}</a></li>
                                <li><a href=plan_path(&slug, "/berichte")>{t_string!(i18n, rahmen.nav_reports)}</a></li>
                                {can_edit.then(|| view! { <li><a href=plan_path(&slug, "/bearbeiten")>{t_string!(i18n, rahmen.nav_edit)}</a></li> })}
                            }
                            .into_any(),
                            None => view! {
                                <li><a href="/">{t_string!(i18n, rahmen.nav_plans)}</a></li>
                                <li><a href="/vergleich">{t_string!(i18n, rahmen.nav_compare)}</a></li>
                            }
                            .into_any(),
                        }}
                        {is_admin.then(|| view! { <li><a href="/verwaltung">{t_string!(i18n, rahmen.nav_accounts)}</a></li> })}
                        {(!signed_in).then(|| view! { <li><a href="/anmelden">{t_string!(i18n, rahmen.nav_login)}</a></li> })}
                    </ul>
                </nav>
                <LanguageSwitch/>
            </div>
            {account.map(|bar| view! { <div class="wrap">{bar}</div> })}
        </header>
    }
}

/// Signing out is a POST (never a state change over GET).
#[component]
fn LogoutButton() -> impl IntoView {
    let logout = expect_context::<ServerAction<Logout>>();
    let i18n = use_i18n();
    view! {
        <ActionForm action=logout attr:class="inline-form">
            <button type="submit" class="button button--quiet">{t_string!(i18n, rahmen.logout)}</button>
        </ActionForm>
    }
}

/// Shown on every page while the plan is example data.
#[component]
pub fn ExampleNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="example-notice" role="note" aria-label=t_string!(i18n, rahmen.example_label)>
            <div class="wrap">
                <p>
                    <strong>{t_string!(i18n, rahmen.example_title)}</strong>
                    " "
                    {t_string!(i18n, rahmen.example_text)}
                </p>
            </div>
        </div>
    }
}

/// Shown on every page of an archived plan.
#[component]
pub fn ArchivedNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="example-notice" role="note">
            <div class="wrap">
                <p>{t_string!(i18n, rahmen.archived_notice)}</p>
            </div>
        </div>
    }
}

#[component]
pub fn SiteFooter(plan: Option<PlanInfo>) -> impl IntoView {
    let check = plan.as_ref().map(|p| plan_path(&p.slug, "/pruefung"));
    let owner = plan.map(|p| p.owner);
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <nav class="footer-nav" aria-label=t_string!(i18n, rahmen.footer_nav_label)>
                    <ul>
                        <li><a href="/impressum">{t_string!(i18n, rahmen.link_imprint)}</a></li>
                        <li><a href="/datenschutz">{t_string!(i18n, rahmen.link_privacy)}</a></li>
                        <li><a href="/barrierefreiheit">{t_string!(i18n, rahmen.link_accessibility)}</a></li>
                        <li><a href="/leichte-sprache">{t_string!(i18n, rahmen.link_easy_language)}</a></li>
                        {check.map(|href| view! { <li><a href=href>{t_string!(i18n, rahmen.link_check_history)}</a></li> })}
                    </ul>
                </nav>
                {owner.map(|owner| view! { <p>{t_string!(i18n, rahmen.published_by)} " " <German text=owner/></p> })}
                <p>{t_string!(i18n, rahmen.about)}</p>
            </div>
        </footer>
    }
}
