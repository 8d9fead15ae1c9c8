//! The shell: the HTML document, the router (which URL shows which page) and the frame
//! around every page (`layout`). Above the capabilities: it imports their pages, and no
//! page imports it.

pub mod layout;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::{path, SsrMode};

use crate::accounts::api::{get_current_user, Login, Logout};
use crate::accounts::pages::{AccountPage, AccountsPage, LoginPage, OwnPasswordPage};
use crate::charts::pages::SchedulePage;
use crate::domain::paths::plan_of_path;
use crate::editing::indicator_define_page::IndicatorNewPage;
use crate::editing::indicator_page::{IndicatorEditListPage, IndicatorEditPage};
use crate::editing::meeting_page::MeetingPage;
use crate::editing::pages::{EditStartPage, MilestoneEditPage, NewMilestonePage, PackageEditPage};
use crate::editing::redaction::RedactionPage;
use crate::editing::sheet_page::{SheetCheckPage, SheetPage};
use crate::history::page::ChangesPage;
use crate::history::verification_page::VerificationPage;
use crate::indicators::pages::{IndicatorPage, IndicatorsPage};
use crate::language::i18n::t_string;
use crate::language::switch::LanguageProvider;
use crate::language::use_i18n;
use crate::legal::pages::{AccessibilityPage, EasyLanguagePage, ImprintPage, PrivacyPage};
use crate::plan::api::get_plan_info;
use crate::plan::comparison::ComparisonPage;
use crate::plan::dashboard::DashboardPage;
use crate::plan::home::HomePage;
use crate::plan::model::{PlanInfoResource, PlanSlug};
use crate::plan::package::PackageDetailPage;
use crate::reports::page::ReportsPage;
use crate::runtime::viewer::CurrentUserResource;
use crate::ui::errors::NotFound;
use layout::{ArchivedNotice, ExampleNotice, SiteFooter, SiteHeader};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands: nothing outside an island hydrates, so no page data travels twice (as HTML
    // and as a hydration payload). `HydrationScripts` says so too, but only where it is
    // rendered: pages without islands get no scripts at all.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let scripts = has_islands(&request_path()).then(|| {
        // The hydration scripts carry the response's CSP nonce (`server::security::PageNonce`).
        view! { <HydrationScripts options=options.clone() islands=true/> }
    });
    view! {
        <!DOCTYPE html>
        // `lang` comes from the language provider (leptos_meta writes it into this tag).
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options)/>
                {scripts}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Where the pages with islands (the editing forms, `editing::islands`) live: only they load
/// the wasm bundle. Every other page is plain HTML and CSS, and works the same with
/// JavaScript off. A page that gets an island adds its address here.
/// (Under the plan's prefix: `/{plan}/bearbeiten/pakete/…`.)
const ISLAND_PAGES: [&str; 3] = [
    "/bearbeiten/pakete/",
    "/bearbeiten/meilensteine/",
    "/bearbeiten/sitzung",
];

fn has_islands(path: &str) -> bool {
    let Some(slug) = plan_of_path(path) else {
        return false;
    };
    let rest = &path[1 + slug.len()..];
    ISLAND_PAGES.iter().any(|prefix| rest.starts_with(prefix))
}

/// The path of the request being rendered (server-side; the shell is never rendered in the
/// browser).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// The stylesheet's address: named by content when the build wrote a hash file
/// (`scripts/build.sh`), else by the crate. Server-rendered only, in the shell.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HASHED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let pkg = &options.site_pkg_dir;
    let name = &options.output_name;
    let hash = options
        .hash_files
        .then(|| {
            HASHED
                .get_or_init(|| {
                    std::fs::read_to_string(options.hash_file.as_ref())
                        .ok()?
                        .lines()
                        .find_map(|l| l.strip_prefix("css:").map(|h| h.trim().to_owned()))
                })
                .clone()
        })
        .flatten();
    match hash {
        Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
        None => format!("/{pkg}/{name}.css"),
    }
}

/// The document title of every page.
///
/// leptos_meta 0.8 writes the server-rendered `<title>` without escaping its text, so a
/// title from the database could close the element and inject markup; escape it there.
/// In the browser the title is set as plain text and must stay unescaped.
fn page_title(title: String) -> String {
    let full = format!("{title} – Umsetzungsmonitor");
    #[cfg(feature = "ssr")]
    let full = html_escape::encode_text(&full).into_owned();
    full
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <LanguageProvider>
            <Head/>
            <Router>
                <Frame/>
            </Router>
        </LanguageProvider>
    }
}

/// Stylesheet, icons, feeds and description: the same on every page of a plan (the
/// site's own pages offer the feed of all plans).
#[component]
fn Head() -> impl IntoView {
    let i18n = use_i18n();
    let feeds = match plan_of_path(&request_path()) {
        Some(slug) => view! {
            <Link rel="alternate" type_="application/atom+xml" href=format!("/{slug}/feeds/aenderungen.atom") title=t_string!(i18n, rahmen.feed_changes)/>
            <Link rel="alternate" type_="text/calendar" href=format!("/{slug}/feeds/termine.ics") title=t_string!(i18n, rahmen.feed_dates)/>
        }
        .into_any(),
        None => view! {
            <Link rel="alternate" type_="application/atom+xml" href="/feeds/alle-plaene.atom" title=t_string!(i18n, rahmen.feed_all_plans)/>
        }
        .into_any(),
    };
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        {feeds}
        <Meta name="description" content=t_string!(i18n, rahmen.site_description)/>
        <Title formatter=page_title/>
    }
}

/// Around every page of a plan (`/{plan}/…`): the plan's slug for the pages below.
#[component]
fn PlanScope() -> impl IntoView {
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("plan").unwrap_or_default());
    provide_context(PlanSlug(slug));
    view! { <Outlet/> }
}

/// Everything inside the router. (Errors of forms sent without JavaScript reach only the
/// actions created inside `<Routes>`, which provides them: see `LoginPage`.)
#[component]
fn Frame() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    provide_context(login);
    provide_context(logout);
    let user = Resource::new(
        move || (login.version().get(), logout.version().get()),
        |_| get_current_user(),
    );
    provide_context(CurrentUserResource(user));
    // The plan's title and example flag frame every page of it (the site's own pages
    // show the site's only plan, or none when it holds several).
    let slug = plan_of_path(&request_path()).map(str::to_owned);
    let plan = Resource::new(move || slug.clone(), get_plan_info);
    provide_context(PlanInfoResource(plan));
    let i18n = use_i18n();

    view! {
        <div class="page">
            <a class="skip-link" href="#inhalt">{t_string!(i18n, rahmen.skip_link)}</a>
            <Suspense fallback=|| view! { <SiteHeader plan=None user=None/> }>
                {move || Suspend::new(async move {
                    let info = plan.await.ok().flatten();
                    let account = user.await.ok().flatten();
                    let example = info.as_ref().is_some_and(|p| p.is_example);
                    let archived = info.as_ref().is_some_and(|p| p.archived);
                    view! {
                        <SiteHeader plan=info user=account/>
                        {example.then(|| view! { <ExampleNotice/> })}
                        {archived.then(|| view! { <ArchivedNotice/> })}
                    }
                })}
            </Suspense>
            <main id="inhalt" class="wrap main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    // The site's own pages first: the router takes the first route that
                    // matches, and a plan's slug is never one of these words.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/vergleich") view=ComparisonPage ssr=SsrMode::Async/>
                    <Route path=path!("/impressum") view=ImprintPage ssr=SsrMode::Async/>
                    <Route path=path!("/datenschutz") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/barrierefreiheit") view=AccessibilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/leichte-sprache") view=EasyLanguagePage ssr=SsrMode::Async/>
                    <Route path=path!("/anmelden") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/konto/passwort") view=OwnPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/verwaltung") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/verwaltung/konten/:id") view=AccountPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/:plan") view=PlanScope ssr=SsrMode::Async>
                        <Route path=path!("") view=DashboardPage ssr=SsrMode::Async/>
                        <Route path=path!("/pakete/:nr") view=PackageDetailPage ssr=SsrMode::Async/>
                        <Route path=path!("/zeitplan") view=SchedulePage ssr=SsrMode::Async/>
                        <Route path=path!("/kennzahlen") view=IndicatorsPage ssr=SsrMode::Async/>
                        <Route path=path!("/kennzahlen/:id") view=IndicatorPage ssr=SsrMode::Async/>
                        <Route path=path!("/aenderungen") view=ChangesPage ssr=SsrMode::Async/>
                        <Route path=path!("/berichte") view=ReportsPage ssr=SsrMode::Async/>
                        <Route path=path!("/pruefung") view=VerificationPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten") view=EditStartPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/pakete/:nr") view=PackageEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/pakete/:nr/meilensteine/neu") view=NewMilestonePage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/meilensteine/:id") view=MilestoneEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/entfernen") view=RedactionPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/sitzung") view=MeetingPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/tabelle") view=SheetPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/kennzahlen") view=IndicatorEditListPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/kennzahlen/neu") view=IndicatorNewPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/kennzahlen/:id") view=IndicatorEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/bearbeiten/tabelle/pruefung/:token") view=SheetCheckPage ssr=SsrMode::Async/>
                    </ParentRoute>
                </Routes>
            </main>
            <Suspense fallback=|| view! { <SiteFooter plan=None/> }>
                {move || Suspend::new(async move {
                    view! { <SiteFooter plan=plan.await.ok().flatten()/> }
                })}
            </Suspense>
        </div>
    }
}
