//! The language switch works without JavaScript, and the legal pages exist on every page.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{main_of, TestApp};

/// A plain browser request (no JavaScript), optionally with a cookie header.
async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::builder()
        .uri(path)
        .header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let answer = app.send(request.body(Body::empty()).unwrap()).await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn german_is_the_default_and_english_needs_the_choice() {
    let app = TestApp::with_example().await;
    let request = Request::builder()
        .uri("/")
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .body(Body::empty())
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.body.contains("<html lang=\"de\""),
        "{}",
        &answer.body[..200]
    );
    assert!(answer.body.contains("Zum Inhalt springen"));
    // Reading sets no cookie at all.
    assert!(answer.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn switching_sets_a_cookie_and_returns_to_the_page() {
    let app = TestApp::with_example().await;
    let request = Request::builder()
        .uri("/sprache/en?zurueck=%2Fpakete%2F1%3Fstand%3D2024-01-01")
        .body(Body::empty())
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(
        answer.headers[header::LOCATION],
        "/pakete/1?stand=2024-01-01"
    );
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("sprache=en;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax")
    );

    // Away from this site: never.
    for hostile in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let request = Request::builder()
            .uri(format!("/sprache/de?zurueck={hostile}"))
            .body(Body::empty())
            .unwrap();
        let answer = app.send(request).await;
        assert_eq!(answer.headers[header::LOCATION], "/", "{hostile}");
    }
    let (status, _) = page(&app, "/sprache/fr", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn with_the_cookie_every_page_is_english() {
    let app = TestApp::with_example().await;
    for path in [
        "/",
        "/pakete/1",
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
    ] {
        let (status, html) = page(&app, path, Some("sprache=en")).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains("<html lang=\"en\""), "{path}");
        assert!(html.contains("Skip to content"), "{path}");
        assert!(
            html.contains(">Main navigation<") || html.contains("aria-label=\"Main navigation\""),
            "{path}"
        );
        // The switch offers German, in German.
        assert!(html.contains("lang=\"de\" hreflang=\"de\""), "{path}");
    }
    let (_, html) = page(&app, "/", Some("sprache=de")).await;
    assert!(html.contains("<html lang=\"de\""));
}

#[tokio::test]
async fn every_page_links_the_legal_pages_and_they_show_placeholders() {
    let app = TestApp::with_example().await;
    let (_, start) = page(&app, "/", None).await;
    for path in [
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
        "/leichte-sprache",
    ] {
        assert!(
            start.contains(&format!("href=\"{path}\"")),
            "footer lacks {path}"
        );
        let (status, html) = page(&app, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(main_of(&html).matches("<h1").count(), 1, "{path}");
    }
    let (_, imprint) = page(&app, "/impressum", None).await;
    let main = main_of(&imprint);
    assert!(main.contains("§ 5 DDG") && main.contains("§ 18 Abs. 2 MStV"));
    assert!(
        main.contains("Platzhalter"),
        "the example says it holds placeholders"
    );
    assert!(main.contains("[Name der Organisation, die diese Seite betreibt]"));
    // No mailto link to a placeholder.
    assert!(!main.contains("mailto:[E-Mail"));

    let (_, privacy) = page(&app, "/datenschutz", None).await;
    let main = main_of(&privacy);
    assert!(main.contains("sitzung") && main.contains("„sprache“"));
    assert!(main.contains("Stahnsdorfer Damm 77"));

    let (_, statement) = page(&app, "/barrierefreiheit", None).await;
    let main = main_of(&statement);
    assert!(main.contains("teilweise mit den Anforderungen vereinbar"));
    assert!(main.contains("Durchsetzungsstelle für digitale Barrierefreiheit"));
    assert!(main.contains("mailto:durchsetzung.BIT@msgiv.brandenburg.de"));
    assert!(main.contains("21.11.2026"));

    let (_, english) = page(&app, "/barrierefreiheit", Some("sprache=en")).await;
    assert!(main_of(&english).contains("21 November 2026"));

    let (_, easy) = page(&app, "/leichte-sprache", Some("sprache=en")).await;
    let main = main_of(&easy);
    assert!(
        main.contains("<div lang=\"de\" class=\"easy-language\">"),
        "{main}"
    );
    assert!(main.contains("Maßnahmen·pakete"));
    assert!(main.contains("<p lang=\"en\">"));
}
