//! What every island shares: the page's language and a mark that it is live.
//!
//! Pages render on the server only (Leptos' islands mode). An island is a component marked
//! `#[island]` whose props travel to the browser as JSON; there it hydrates and becomes
//! interactive, and nothing else on the page does. Translations stay with the server's
//! choice: the island gets the page's language as a prop and provides it to its
//! components here, so a label reads the same before and after hydration.

use leptos::prelude::*;

use crate::language::{I18nSubContextProvider, Locale};

/// Wraps an island's content: provides the language and marks the island
/// `data-hydrated="true"` once it is live in the browser (end-to-end tests wait for it;
/// the server never sets it).
#[component]
pub fn IslandFrame(locale: Locale, children: Children) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <I18nSubContextProvider initial_locale=Signal::stored(locale)>
            <div class="island" data-island="" data-hydrated=move || live.get().then_some("true")>
                {children()}
            </div>
        </I18nSubContextProvider>
    }
}
