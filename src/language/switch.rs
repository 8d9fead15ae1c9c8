//! The language switch in the page header, and the provider that picks the language.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_use::UseLocalesOptions;

use super::{switch_href, use_i18n, I18nContextProvider, Locale};
use leptos_i18n::Locale as _;

/// Provides the language to everything inside.
///
/// On the server the language comes from the reader's cookie only, never from the
/// browser's `Accept-Language`: German is the default of this German public site, and
/// the same address shows the same page until the reader switches. In the browser,
/// leptos_i18n takes the language the server wrote into `<html lang>`.
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let from_cookie = UseLocalesOptions::default().ssr_lang_header_getter(requested_language);
    view! {
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=from_cookie>
            {children()}
        </I18nContextProvider>
    }
}

/// The language the request's cookie names, as an `Accept-Language` value.
fn requested_language() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>()?;
        super::locale_from_headers(&parts.headers).map(|locale| locale.as_str().to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// "Deutsch | English", each name in its own language; the current one is marked.
///
/// Plain links to the server, so switching reloads the page in the chosen language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || format!("{}{}", location.pathname.get(), location.search.get());
    let entry = move |locale: Locale, name: &'static str| {
        let code = locale.as_str();
        move || {
            if i18n.get_locale() == locale {
                view! {
                    <li>
                        <span class="language-switch__current" lang=code aria-current="true">{name}</span>
                    </li>
                }
                .into_any()
            } else {
                view! {
                    <li>
                        <a href=switch_href(locale, &back()) lang=code hreflang=code>{name}</a>
                    </li>
                }
                .into_any()
            }
        }
    };
    view! {
        <nav class="language-switch" aria-label=move || crate::language::i18n::t_string!(i18n, rahmen.language_label)>
            <ul>
                {entry(Locale::de, "Deutsch")}
                {entry(Locale::en, "English")}
            </ul>
        </nav>
    }
}
