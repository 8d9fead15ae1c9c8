//! What a refused form shows after a plain HTML post (JavaScript off), kept out of the URL.
//!
//! Leptos answers a refused form post from a browser without JavaScript with a redirect
//! back to the form's page and puts the error, with everything that was typed, into that
//! page's address (`?__path=…&__err=…`). Two problems: whatever was typed (an internal note,
//! the other editor's text in a conflict) lands in proxy logs and the browser history; and
//! anyone can make such an address, so a third party could put a message of their choosing
//! onto the sign-in page.
//!
//! This middleware moves the error into the session: the redirect's `__err`/`__path` go into
//! the visitor's session (server-side, in the `session` table) and the redirect points to the
//! page's plain address; the next GET of that page takes it out of the session and hands it
//! to Leptos as before. `__err` and `__path` in a request's own address are always dropped,
//! so only the server function that really answered can put a message onto a page, and only
//! for the browser that posted.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const SESSION_KEY: &str = "formular_rueckmeldung";
const ERROR_PARAMS: [&str; 2] = ["__path", "__err"];

/// A refused form's answer, waiting for the page it returns to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Feedback {
    /// Path of the page the browser was sent back to.
    page: String,
    /// The server function that answered, and its encoded error (Leptos' own encoding).
    server_fn: String,
    error: String,
}

type Pairs = Vec<(String, String)>;

/// The query pairs of `query` except Leptos' error parameters, and those two
/// (`__path`, `__err`) if present.
fn split_query(query: &str) -> (Pairs, Option<(String, String)>) {
    let mut kept = Vec::new();
    let (mut path, mut error) = (None, None);
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "__path" => path = Some(value.into_owned()),
            "__err" => error = Some(value.into_owned()),
            _ => kept.push((key.into_owned(), value.into_owned())),
        }
    }
    (kept, path.zip(error))
}

fn encode_query(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", encode_query(pairs))
    }
}

/// `uri` without `__path`/`__err` (also percent-encoded, as `%5F%5Ferr`), and with the
/// given feedback's instead if any.
fn rewrite_uri(uri: &Uri, feedback: Option<&Feedback>) -> Option<Uri> {
    let query = uri.query().unwrap_or_default();
    let carries_params = url::form_urlencoded::parse(query.as_bytes())
        .any(|(key, _)| ERROR_PARAMS.contains(&key.as_ref()));
    if !carries_params && feedback.is_none() {
        return None;
    }
    let (mut pairs, _) = split_query(query);
    if let Some(feedback) = feedback {
        pairs.push(("__path".to_owned(), feedback.server_fn.clone()));
        pairs.push(("__err".to_owned(), feedback.error.clone()));
    }
    with_query(uri.path(), &pairs).parse().ok()
}

/// For a redirect that carries Leptos' error parameters: the feedback to keep, and the
/// redirect's new target (the same page on this site, without them).
fn take_from_location(location: &str) -> Option<(Feedback, String)> {
    if !location.contains("__err=") {
        return None;
    }
    // The target is the Referer, usually absolute; only its path and query matter.
    let base = url::Url::parse("http://localhost/").ok()?;
    let target = base.join(location).ok()?;
    let (kept, found) = split_query(target.query().unwrap_or_default());
    let (server_fn, error) = found?;
    let page = target.path().to_owned();
    let location = with_query(&page, &kept);
    Some((
        Feedback {
            page,
            server_fn,
            error,
        },
        location,
    ))
}

pub async fn form_feedback(session: Session, mut request: Request, next: Next) -> Response {
    // A waiting message belongs to the next GET of its page (and leaves the session then).
    let mut feedback = None;
    if request.method() == Method::GET {
        let path = request.uri().path();
        match session.get::<Feedback>(SESSION_KEY).await {
            Ok(Some(waiting)) if waiting.page == path => {
                if let Err(err) = session.remove::<Feedback>(SESSION_KEY).await {
                    tracing::warn!(error = %err, "form feedback stays in the session");
                }
                feedback = Some(waiting);
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "session unreadable for form feedback"),
        }
    }
    if let Some(uri) = rewrite_uri(request.uri(), feedback.as_ref()) {
        *request.uri_mut() = uri;
    }

    let mut response = next.run(request).await;

    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok());
    if let Some((feedback, target)) = location.and_then(take_from_location) {
        match (
            session.insert(SESSION_KEY, &feedback).await,
            HeaderValue::from_str(&target),
        ) {
            (Ok(()), Ok(target)) => {
                response.headers_mut().insert(header::LOCATION, target);
            }
            (Err(err), _) => {
                // Without the session the message is lost, but the input stays out of the URL.
                tracing::error!(error = %err, "form feedback not stored");
                if let Ok(target) = HeaderValue::from_str(&feedback.page) {
                    response.headers_mut().insert(header::LOCATION, target);
                }
            }
            (_, Err(_)) => {
                response
                    .headers_mut()
                    .insert(header::LOCATION, HeaderValue::from_static("/"));
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_with_an_error_leaves_only_the_page_address() {
        let (feedback, target) = take_from_location(
            "http://monitor.test/anmelden?weiter=%2Fbearbeiten&__path=%2Fapi%2Fanmelden&__err=eyJ4Ijox",
        )
        .unwrap();
        assert_eq!(target, "/anmelden?weiter=%2Fbearbeiten");
        assert_eq!(feedback.page, "/anmelden");
        assert_eq!(feedback.server_fn, "/api/anmelden");
        assert_eq!(feedback.error, "eyJ4Ijox");
        assert!(take_from_location("/bearbeiten?gespeichert=3").is_none());
    }

    #[test]
    fn an_error_in_a_requests_own_address_is_dropped() {
        let uri: Uri = "/anmelden?__path=/api/anmelden&__err=Ym9zZQ&weiter=/x"
            .parse()
            .unwrap();
        let clean = rewrite_uri(&uri, None).unwrap();
        assert_eq!(clean.to_string(), "/anmelden?weiter=%2Fx");
        let encoded: Uri = "/anmelden?%5F%5Fpath=/api/anmelden&%5f%5ferr=Ym9zZQ"
            .parse()
            .unwrap();
        assert_eq!(
            rewrite_uri(&encoded, None).unwrap().to_string(),
            "/anmelden"
        );
        let only_one: Uri = "/anmelden?__err=Ym9zZQ".parse().unwrap();
        assert_eq!(
            rewrite_uri(&only_one, None).unwrap().to_string(),
            "/anmelden"
        );
        let plain: Uri = "/pakete/1?stand=2025-01-01".parse().unwrap();
        assert!(rewrite_uri(&plain, None).is_none(), "others stay untouched");
    }

    #[test]
    fn the_stored_error_goes_back_to_its_page() {
        let uri: Uri = "/anmelden?weiter=%2Fx".parse().unwrap();
        let feedback = Feedback {
            page: "/anmelden".to_owned(),
            server_fn: "/api/anmelden".to_owned(),
            error: "eyJ4Ijox==".to_owned(),
        };
        let uri = rewrite_uri(&uri, Some(&feedback)).unwrap();
        let (kept, found) = split_query(uri.query().unwrap());
        assert_eq!(kept, [("weiter".to_owned(), "/x".to_owned())]);
        assert_eq!(
            found,
            Some(("/api/anmelden".to_owned(), "eyJ4Ijox==".to_owned()))
        );
    }
}
