//! The HTML shell and the router: which URL shows which page.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::plan::api::get_plan_info;
use crate::plan::dashboard::DashboardPage;
use crate::plan::package::PackageDetailPage;
use crate::ui::errors::NotFound;
use crate::ui::layout::{ExampleNotice, SiteFooter, SiteHeader};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="de">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
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
    // Loaded once per visit: the plan's title and example flag frame every page.
    let plan = Resource::new(|| (), |_| get_plan_info());
    // Set only in the browser once hydration ran; end-to-end tests wait for it.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <Stylesheet id="leptos" href="/pkg/umsetzungsmonitor.css"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="description" content="Öffentliches Protokoll, wie eine Verwaltung ihre Reformzusagen gegen den geforderten Zeitplan umsetzt."/>
        <Title formatter=page_title/>
        <Router>
            <div class="page" data-hydrated=move || hydrated.get().then_some("true")>
                <a class="skip-link" href="#inhalt">"Zum Inhalt springen"</a>
                <Suspense fallback=|| view! { <SiteHeader plan=None/> }>
                    {move || Suspend::new(async move {
                        let info = plan.await.ok().flatten();
                        let example = info.as_ref().is_some_and(|p| p.is_example);
                        view! {
                            <SiteHeader plan=info/>
                            {example.then(|| view! { <ExampleNotice/> })}
                        }
                    })}
                </Suspense>
                <main id="inhalt" class="wrap main" tabindex="-1">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=DashboardPage ssr=SsrMode::Async/>
                        <Route path=path!("/pakete/:nr") view=PackageDetailPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <Suspense fallback=|| view! { <SiteFooter plan=None/> }>
                    {move || Suspend::new(async move {
                        view! { <SiteFooter plan=plan.await.ok().flatten()/> }
                    })}
                </Suspense>
            </div>
        </Router>
    }
}
