//! The HTTP router: Leptos pages and server functions, static files, response headers.

use std::any::Any;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, HeaderValue, Response};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

use super::page_cache::SharedPageCache;
use super::security::{
    limit_requests, plain_page, reject_cross_site, response_headers, PageNonce, PlainAnswer,
    SESSION_COOKIE,
};
use crate::accounts::backend::{AuthSession, Backend};
use crate::runtime::state::AppState;
use crate::runtime::viewer::Viewer;
use crate::shell::{shell, App};

/// The page routes, generated once per process.
///
/// Generating renders the app while a process-global flag suppresses resource loading
/// (leptos#4773): a page rendered anywhere in the process meanwhile would wait forever.
/// Generating once, before the first router exists, rules that out (it bit our tests,
/// which build one router per test in parallel).
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The session store on our `session` table, in the database the state's pool opens.
pub fn session_store(state: &AppState) -> super::sessions::Sessions {
    // Fails only for an address the pool could not have been opened with.
    super::sessions::Sessions::of(&state.pool)
        .expect("the pool's own address opens a session store")
}

/// Leptos puts its own random nonce on the hydration scripts; this replaces it with the
/// one `security::response_headers` chose for this request and names in the CSP header.
/// (Set from inside the render through `ResponseOptions`, the header was missing now and
/// then in end-to-end runs – cause not found; the page then got the no-script policy and
/// never hydrated. Chosen here, it does not depend on the render.)
fn provide_page_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The browser bundle and stylesheet under `/pkg`: sent as compressed at build time
/// (`.br`, `.gz` beside each file); named by content (`hash.txt`), they may be kept for a
/// year, else browsers ask again each time (a 304 when unchanged).
fn bundle_files(
    options: &leptos::config::LeptosOptions,
) -> tower_http::set_header::SetResponseHeader<
    tower_http::set_header::SetResponseHeader<tower_http::services::ServeDir, HeaderValue>,
    HeaderValue,
> {
    use tower_http::services::ServeDir;
    use tower_http::set_header::SetResponseHeaderLayer;
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = if options.hash_files {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        HeaderValue::from_static("public, no-cache")
    };
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    // A proxy must not hand the brotli variant to a browser that did not ask for it.
    let vary = SetResponseHeaderLayer::overriding(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding"),
    );
    let cache = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, cache);
    tower::Layer::layer(&cache, tower::Layer::layer(&vary, files))
}

/// The files at the top of the site root (`public/`: the favicon), each at its own route:
/// a plan's address `/{plan}` would otherwise answer for them.
fn site_root_files(options: &leptos::config::LeptosOptions) -> Router<AppState> {
    let root = std::path::Path::new(options.site_root.as_ref());
    let mut router = Router::new();
    let Ok(entries) = std::fs::read_dir(root) else {
        return router;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_file() && !name.starts_with('.') {
            router = router.route_service(
                &format!("/{name}"),
                tower_http::services::ServeFile::new(path),
            );
        }
    }
    router
}

/// An admin's download of a fresh database backup.
pub const BACKUP_DOWNLOAD: &str = "/verwaltung/sicherung";

/// The whole site: `page_cache` keeps rendered answers for signed-out readers.
pub fn router(state: AppState, page_cache: SharedPageCache) -> Router {
    let routes = page_routes();
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    // A cookie only after signing in; it ends after 8 hours without activity.
    let sessions = SessionManagerLayer::new(session_store(&state))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let auth = AuthManagerLayerBuilder::new(Backend::new(state.pool.clone()), sessions).build();
    Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                provide_page_nonce();
            },
            move || shell(options.clone()),
        )
        .merge(crate::charts::routes::routes())
        .merge(crate::indicators::routes::routes())
        .merge(crate::reports::routes::routes())
        .merge(crate::history::open_data::routes())
        .merge(crate::editing::sheet_routes::routes())
        .merge(crate::editing::indicator_routes::routes())
        .merge(crate::reports::site::routes())
        .merge(crate::server::language::routes())
        .route(BACKUP_DOWNLOAD, axum::routing::get(super::backup::download))
        .nest_service("/pkg", bundle_files(&state.leptos_options))
        // Before `/{plan}` could take them: the site root's own files (favicon).
        .merge(site_root_files(&state.leptos_options))
        // Static files from the site root (wasm, css, favicon); anything else is a 404 page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_page_nonce, shell))
        .layer(from_fn(super::form_feedback::form_feedback))
        .layer(from_fn_with_state(
            state.clone(),
            super::moved::moved_addresses,
        ))
        .layer(from_fn(resolve_viewer))
        .layer(auth)
        .layer(from_fn(crate::error::ssr::server_fn_error_status))
        .layer(from_fn(reject_cross_site))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            (state.clone(), page_cache),
            super::page_cache::serve_cached,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn(limit_requests))
        .layer(from_fn(response_headers))
        .with_state(state)
}

/// Finds who is asking, once per request, before any handler: the account of the session
/// (ending a session past its absolute lifetime), handed on as `runtime::viewer::Viewer`.
async fn resolve_viewer(
    mut auth: AuthSession,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response<Body> {
    let user = crate::accounts::guard::signed_in(&mut auth).await;
    request.extensions_mut().insert(Viewer(user));
    next.run(request).await
}

/// A panic never shows its message or a stack trace to users: it is logged, and the
/// user gets a plain error page, in German and English (the request, and with it the
/// reader's language, is gone).
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "request handler panicked");
    plain_page(PlainAnswer::Internal, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_a_two_language_500_page_without_details() {
        let response = panic_response(Box::new(String::from("secret detail at src/x.rs:1")));
        assert_eq!(
            response.status(),
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            response.headers()[axum::http::header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        let body = axum::body::to_bytes(response.into_body(), 10_000)
            .await
            .unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("<html lang=\"de\">"), "{body}");
        assert!(body.contains("<h1>Interner Fehler</h1>"), "{body}");
        assert!(
            body.contains("<div lang=\"en\"><h2>Internal error</h2>"),
            "{body}"
        );
        assert!(!body.contains("secret"));
    }
}
