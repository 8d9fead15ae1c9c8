//! The frame around every page: skip link, header, example-data notice, footer.

use leptos::prelude::*;

use crate::plan::model::PlanInfo;

#[component]
pub fn SiteHeader(plan: Option<PlanInfo>) -> impl IntoView {
    let plan_title = plan.map(|p| p.title);
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
                    </ul>
                </nav>
            </div>
        </header>
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
