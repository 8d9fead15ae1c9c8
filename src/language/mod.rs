//! The page language: German (the default) or English.
//!
//! The texts live in `locales/<language>/<namespace>.json` and are compiled in by
//! leptos_i18n (see `build.rs`). The reader picks a language with a plain link
//! (`/sprache/en?zurueck=/pakete/1`), which works without JavaScript: the server keeps
//! the choice in the cookie [`LANGUAGE_COOKIE`] and renders every page in it; `<html lang>`
//! follows. Nobody gets the cookie without choosing a language.
//!
//! Pages write `t_string!(i18n, namespace.key)`: plain text, fixed for the page's life.
//! Switching reloads the page anyway, and the reactive `t!` costs a closure and a view
//! type per text in the wasm bundle.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod switch;

pub use i18n::{use_i18n, I18nContextProvider, Locale};
/// `Locale::as_str` and friends.
pub use leptos_i18n::Locale as _;

/// The page's language, for components that also run inside islands (the forms). On the
/// server it is the i18n context's; in the browser, where only islands run, each island
/// provides its page's language (`ui::island::IslandFrame`), so the bundle carries no
/// i18n context. Texts are then `td_string!(locale, …)`.
pub fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_i18n().get_locale_untracked()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::use_context::<Locale>().unwrap_or_default()
    }
}

/// Remembers the chosen language (set only by [`routes`] when a reader switches).
pub const LANGUAGE_COOKIE: &str = "sprache";

/// The path that switches to `locale` and returns to `back` (a path on this site).
pub fn switch_href(locale: Locale, back: &str) -> String {
    format!(
        "/sprache/{}?zurueck={}",
        locale.as_str(),
        leptos_router::location::Url::escape(back)
    )
}

/// The language a request asked for through its cookie header; `None` without the cookie.
pub fn locale_from_cookie_header(header: &str) -> Option<Locale> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| value.trim().parse().ok())
}

/// The language a request's headers ask for (its cookie); `None` without the cookie.
/// HTTP/2 may split cookies over several headers, so every one is read.
#[cfg(feature = "ssr")]
pub fn locale_from_headers(headers: &axum::http::HeaderMap) -> Option<Locale> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(locale_from_cookie_header)
}

/// The language of the request a server function answers: the reader's choice, else German.
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| locale_from_headers(&parts.headers))
        .unwrap_or_default()
}

/// Where to go after switching: a path on this site, or the start page
/// ([`crate::domain::local_path`]).
pub fn safe_return_path(back: Option<&str>) -> &str {
    back.and_then(crate::domain::local_path::local_path)
        .unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_names_the_language() {
        assert_eq!(locale_from_cookie_header("sprache=en"), Some(Locale::en));
        assert_eq!(
            locale_from_cookie_header("umsetzungsmonitor_sitzung=x; sprache=de"),
            Some(Locale::de)
        );
        assert_eq!(locale_from_cookie_header("sprache=fr"), None);
        assert_eq!(locale_from_cookie_header("andere=en"), None);
        assert_eq!(locale_from_cookie_header(""), None);
    }

    #[test]
    fn switching_returns_only_to_this_site() {
        assert_eq!(
            safe_return_path(Some("/pakete/1?stand=2024-01-01")),
            "/pakete/1?stand=2024-01-01"
        );
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "pakete",
            "/a\nb",
        ] {
            assert_eq!(safe_return_path(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_return_path(None), "/");
    }

    #[test]
    fn the_switch_link_keeps_the_page() {
        let back = "/pakete/1?stand=2024-01-01&x=a b";
        let href = switch_href(Locale::en, back);
        let escaped = href.strip_prefix("/sprache/en?zurueck=").unwrap();
        assert!(!escaped.contains(['/', '?', '&', '=', ' ']), "{href}");
        assert_eq!(leptos_router::location::Url::unescape(escaped), back);
    }
}
