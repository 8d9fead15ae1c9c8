//! What every island shares: the page's language, a mark that it is live, and a form
//! that posts in the background.
//!
//! Pages render on the server only (Leptos' islands mode). An island is a component marked
//! `#[island]` whose props travel to the browser as JSON; there it hydrates and becomes
//! interactive, and nothing else on the page does. Translations stay with the server's
//! choice: the island gets the page's language as a prop and provides it to its
//! components here (`language::page_locale`), so a label reads the same before and after
//! hydration.

use leptos::prelude::*;

use crate::error::AppError;
use crate::language::Locale;

/// What the last post of a form returned: nothing yet, saved, or refused.
pub type Outcome = Option<Result<(), AppError>>;

/// Wraps an island's content: provides the page's language and marks the island
/// `data-hydrated="true"` once it is live in the browser (end-to-end tests wait for it;
/// the server never sets it).
#[component]
pub fn IslandFrame(locale: Locale, children: Children) -> impl IntoView {
    provide_context(locale);
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <div class="island" data-island="" data-hydrated=move || live.get().then_some("true")>
            {children()}
        </div>
    }
}

/// A form posting to a server function (`action`, its address). Without JavaScript it is a
/// plain HTML form. In the browser it posts the same fields in the background and puts
/// the answer into `outcome`: a refusal shows in place; a save that succeeds answers with
/// the address to go to (the page with its notice), which the browser then loads.
///
/// One such form for every island, instead of Leptos' `ActionForm` per server function:
/// the bundle carries no per-function argument encoding, only this one request.
#[component]
pub fn IslandForm(
    action: &'static str,
    outcome: RwSignal<Outcome>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submit(event, outcome);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, outcome);
    };
    view! {
        <form action=action method="post" class=class novalidate on:submit=on_submit>
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;

    use super::Outcome;
    use crate::error::AppError;

    /// Sends the form as the browser would (URL-encoded), but asking for the server
    /// function's own answer (JSON) instead of a redirect back to the page.
    pub fn submit(event: leptos::ev::SubmitEvent, outcome: RwSignal<Outcome>) {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(body) = web_sys::FormData::new_with_form(&form)
            .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data))
            .ok()
            .map(|params| String::from(params.to_string()))
        else {
            // Leave it to the browser: a plain post still works.
            return;
        };
        event.prevent_default();
        let action = form.action();
        leptos::task::spawn_local(async move {
            match post(&action, body).await {
                Ok(Some(next)) => {
                    let _ = window().location().set_href(&next);
                }
                Ok(None) => outcome.set(Some(Ok(()))),
                Err(error) => outcome.set(Some(Err(error))),
            }
        });
    }

    /// The answer: where to go next (a redirect), nothing, or the refusal.
    async fn post(action: &str, body: String) -> Result<Option<String>, AppError> {
        let transport = |error: gloo_net::Error| AppError::Transport(error.to_string());
        let response = gloo_net::http::Request::post(action)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .body(body)
            .map_err(transport)?
            .send()
            .await
            .map_err(transport)?;
        if response.ok() {
            return Ok(response.headers().get("location"));
        }
        let text = response.text().await.map_err(transport)?;
        Err(leptos::serde_json::from_str::<AppError>(&text)
            .unwrap_or_else(|_| AppError::Transport(format!("HTTP {}", response.status()))))
    }
}
