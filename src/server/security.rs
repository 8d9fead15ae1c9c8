//! Request-level protection: cross-site state changes are refused, and every response
//! carries the headers a public site should send.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;
use std::time::Duration;

use crate::accounts::guard::AUDIT;
use crate::language::i18n::td_string;
use crate::language::{locale_from_headers, Locale};
use leptos_i18n::Locale as _;

pub use crate::runtime::viewer::SESSION_COOKIE;

/// Why a state-changing request looks cross-site, if it does.
///
/// Same rule as Go's `http.CrossOriginProtection`: browsers send `Sec-Fetch-Site`; older
/// ones at least `Origin` on cross-origin POSTs. A request with neither is not a
/// browser acting for another site (curl, scripts) and passes.
pub fn cross_site_reason(method: &Method, headers: &HeaderMap) -> Option<&'static str> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => None,
            _ => Some("Sec-Fetch-Site ist nicht same-origin"),
        };
    }
    // No Origin either: passes (see above).
    let origin = headers.get(header::ORIGIN)?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, authority)| authority.trim_end_matches('/'));
    match (origin_host, host) {
        (Some(from), Some(to)) if from.eq_ignore_ascii_case(to) => None,
        _ => Some("Origin passt nicht zum Host"),
    }
}

/// The answers given before (or instead of) the app: refused, too large, too slow,
/// crashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainAnswer {
    CrossSite,
    TooLarge,
    Timeout,
    Internal,
}

impl PlainAnswer {
    fn status(self) -> StatusCode {
        match self {
            PlainAnswer::CrossSite => StatusCode::FORBIDDEN,
            PlainAnswer::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PlainAnswer::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            PlainAnswer::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Title and sentence in `locale` (from `locales/<language>/rahmen.json`).
    fn texts(self, locale: Locale) -> (&'static str, &'static str) {
        match self {
            PlainAnswer::CrossSite => (
                td_string!(locale, rahmen.plain_refused_title),
                td_string!(locale, rahmen.plain_refused_text),
            ),
            PlainAnswer::TooLarge => (
                td_string!(locale, rahmen.plain_too_large_title),
                td_string!(locale, rahmen.plain_too_large_text),
            ),
            PlainAnswer::Timeout => (
                td_string!(locale, rahmen.plain_timeout_title),
                td_string!(locale, rahmen.plain_timeout_text),
            ),
            PlainAnswer::Internal => (
                td_string!(locale, rahmen.plain_internal_title),
                td_string!(locale, rahmen.plain_internal_text),
            ),
        }
    }
}

/// A plain error page without scripts or styles, in the language the request's cookie
/// chose; German without one. `None` (a crash, where the request is gone) says it in
/// German and then in English, each part marked with its language.
pub fn plain_page(answer: PlainAnswer, locale: Option<Locale>) -> Response<Body> {
    let escape = |text: &str| html_escape::encode_text(text).into_owned();
    let part = |locale: Locale, heading: &str| {
        let (title, text) = answer.texts(locale);
        let link = td_string!(locale, rahmen.to_overview);
        format!(
            "<{heading}>{}</{heading}><p>{}</p><p><a href=\"/\">{}</a></p>",
            escape(title),
            escape(text),
            escape(link)
        )
    };
    let page_locale = locale.unwrap_or_default();
    let title = escape(answer.texts(page_locale).0);
    let body = match locale {
        Some(locale) => part(locale, "h1"),
        None => format!(
            "{}<div lang=\"en\">{}</div>",
            part(Locale::de, "h1"),
            part(Locale::en, "h2")
        ),
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Umsetzungsmonitor</title></head><body><main>{body}</main></body></html>",
        page_locale.as_str()
    );
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = answer.status();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// Refuses cross-site POSTs with 403 before any handler runs.
pub async fn reject_cross_site(request: Request, next: Next) -> Response<Body> {
    if let Some(reason) = cross_site_reason(request.method(), request.headers()) {
        tracing::warn!(
            target: AUDIT,
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            reason,
            "refused: cross-site request"
        );
        return plain_page(
            PlainAnswer::CrossSite,
            Some(locale_from_headers(request.headers()).unwrap_or_default()),
        );
    }
    next.run(request).await
}

/// The largest request body accepted: the biggest form (a milestone with every text
/// field full) is far below it. Larger bodies get 413 before any handler reads them.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The body limit of a request: the spreadsheet upload takes a larger file (see
/// `editing::sheet_routes`); for the two file uploads, `Some` address of the form that
/// shows the refusal beside its file field.
fn body_limit(method: &Method, path: &str) -> (usize, Option<String>) {
    use crate::editing::{indicator_routes, sheet_routes};
    if method != Method::POST {
        return (MAX_BODY_BYTES, None);
    }
    match sheet_routes::too_large_answer(path) {
        Some(answer) => (sheet_routes::MAX_UPLOAD_BODY_BYTES, Some(answer)),
        None => (MAX_BODY_BYTES, indicator_routes::too_large_answer(path)),
    }
}

/// How long one request may take before the answer is 503 (a PDF of a very large plan
/// takes a few seconds; nothing should take this long).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Body size limit and timeout for every request. The body is read here, up to the
/// limit, so a body without `Content-Length` (chunked) is limited the same way and no
/// handler ever sees a partial one.
pub async fn limit_requests(request: Request, next: Next) -> Response<Body> {
    let locale = Some(locale_from_headers(request.headers()).unwrap_or_default());
    let (limit, refused_at) = body_limit(request.method(), request.uri().path());
    // A file too large for the upload goes back to its form, with the message beside
    // the file field; anything else gets the plain page.
    let too_large = move || match &refused_at {
        Some(form) => Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, form.as_str())
            .body(Body::empty())
            .unwrap_or_else(|_| plain_page(PlainAnswer::TooLarge, locale)),
        None => plain_page(PlainAnswer::TooLarge, locale),
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large();
    }
    let run = async move {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
            return too_large();
        };
        next.run(Request::from_parts(parts, Body::from(bytes)))
            .await
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, run).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out after {REQUEST_TIMEOUT:?}");
            plain_page(PlainAnswer::Timeout, locale)
        }
    }
}

/// Content Security Policy for pages: scripts only from this site or with this
/// response's nonce (Leptos' hydration scripts carry it), wasm compilation for the
/// hydrate bundle, nothing else from anywhere.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not a page (JSON, files): no scripts at all.
const DEFAULT_CSP: &str =
    "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'";

/// The CSP nonce of one response, chosen before rendering: the page's scripts carry it
/// (`routes::provide_page_nonce` hands it to Leptos) and its CSP header names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNonce(pub String);

impl PageNonce {
    fn random() -> PageNonce {
        let bytes: [u8; 16] = rand::random();
        PageNonce(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// Whether the request carries a session cookie (signed in, or a refused form kept in
/// the session): such requests are never answered from or into a shared cache.
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookies| {
            cookies
                .split(';')
                .any(|c| c.trim_start().starts_with(SESSION_COOKIE))
        })
}

/// Headers on every response; signed-in responses are never stored by caches. HTML
/// gets the page CSP with this response's nonce; everything else no scripts at all.
pub async fn response_headers(mut request: Request, next: Next) -> Response<Body> {
    let nonce = PageNonce::random();
    request.extensions_mut().insert(nonce.clone());
    let signed_in = has_session_cookie(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let policy = if html {
            HeaderValue::from_str(&page_csp(&nonce.0)).ok()
        } else {
            None
        };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            policy.unwrap_or(HeaderValue::from_static(DEFAULT_CSP)),
        );
    }
    if signed_in {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn reads_are_never_refused() {
        let cross = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ]);
        assert_eq!(cross_site_reason(&Method::GET, &cross), None);
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        for (site, refused) in [
            ("same-origin", false),
            ("none", false),
            ("same-site", true),
            ("cross-site", true),
        ] {
            let h = headers(&[("sec-fetch-site", site), ("host", "monitor.example")]);
            assert_eq!(
                cross_site_reason(&Method::POST, &h).is_some(),
                refused,
                "{site}"
            );
        }
    }

    #[test]
    fn origin_must_match_the_host_without_fetch_metadata() {
        let same = headers(&[
            ("origin", "https://Monitor.example"),
            ("host", "monitor.example"),
        ]);
        assert_eq!(cross_site_reason(&Method::POST, &same), None);
        let port = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert_eq!(cross_site_reason(&Method::POST, &port), None);
        let other = headers(&[
            ("origin", "https://evil.example"),
            ("host", "monitor.example"),
        ]);
        assert!(cross_site_reason(&Method::POST, &other).is_some());
        let null = headers(&[("origin", "null"), ("host", "monitor.example")]);
        assert!(cross_site_reason(&Method::POST, &null).is_some());
    }

    #[test]
    fn requests_without_browser_signals_pass() {
        assert_eq!(
            cross_site_reason(&Method::POST, &headers(&[("host", "x")])),
            None
        );
    }
}
