//! The chart files and pages through the real router: content type, accessibility
//! markup, `?stand=`, 400 for a bad date, 404 for an unknown package, inline charts.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{main_of, TestApp};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get_full(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let request = Request::builder().uri(path).body(Body::empty()).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

fn svg_root(svg: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let child = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    (child("title"), child("desc"))
}

#[tokio::test]
async fn chart_files_are_accessible_svg() {
    let app = TestApp::with_example().await;
    for path in [
        "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/1.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/13.svg",
    ] {
        let (status, content_type, body) = get_full(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert_eq!(content_type, "image/svg+xml; charset=utf-8", "{path}");
        let (title, desc) = svg_root(&body);
        assert!(!title.is_empty(), "{path} has a title");
        assert!(desc.contains("Meilenstein"), "{path}: {desc}");
        assert!(desc.contains("21.11.2026"), "{path}: today in the summary");
    }
}

#[tokio::test]
async fn stand_draws_today_as_that_day() {
    let app = TestApp::with_example().await;
    for path in [
        "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/2.svg",
    ] {
        let (status, _, body) = get_full(&app, &format!("{path}?stand=2022-06-30")).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let (_, desc) = svg_root(&body);
        assert!(desc.contains("Stand 30.06.2022"), "{path}: {desc}");
        assert!(
            body.contains(">Stand 30.06.2022<") || body.contains("Stand 30.06.2022\n"),
            "{path}: today line labelled"
        );
    }
    // Seen from mid-2022, fewer milestones were overdue than today.
    let (_, _, now) = get_full(&app, "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg").await;
    let (_, _, then) = get_full(
        &app,
        "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg?stand=2022-06-30",
    )
    .await;
    let overdue = |svg: &str| svg.matches("fill=\"#A4161A\"").count();
    assert!(
        overdue(&then) < overdue(&now),
        "{} vs {}",
        overdue(&then),
        overdue(&now)
    );
}

#[tokio::test]
async fn a_bad_stand_is_a_clear_400_and_an_unknown_package_404() {
    let app = TestApp::with_example().await;
    for bad in [
        "2025-13-01",
        "31.12.2025",
        "gestern",
        "2025-02-30",
        "%3Cscript%3E",
    ] {
        for path in [
            "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg",
            "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg",
            "/potsdam-ag-auslaenderbehoerde/grafik/pakete/1.svg",
        ] {
            let (status, content_type, body) = get_full(&app, &format!("{path}?stand={bad}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}?stand={bad}");
            assert_eq!(content_type, "text/plain; charset=utf-8");
            assert!(
                body.contains("kein gültiges Datum") && body.contains("JJJJ-MM-TT"),
                "{body}"
            );
        }
    }
    for path in [
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/14.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/0.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/x.svg",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/1.png",
    ] {
        let (status, _, _) = get_full(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn pages_show_the_charts_inline_with_their_data_as_tables() {
    let app = TestApp::with_example().await;
    let (status, html) = app.get("/potsdam-ag-auslaenderbehoerde/zeitplan").await;
    assert_eq!(status, StatusCode::OK);
    let main = main_of(&html);
    assert!(main.contains("<h1>Zeitplan: Soll, Prognose und Ist</h1>"));
    assert!(main.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(main.contains("role=\"img\""));
    assert!(main.contains("href=\"/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg\""));
    // The same data as tables: one per package.
    assert_eq!(main.matches("<table").count(), 13);

    let (_, html) = app.get("/").await;
    let main = main_of(&html);
    assert!(main.contains("aria-describedby=\"grafik-fortschritt-beschreibung\""));
    assert!(main.contains("Erledigte Meilensteine (von 42) jeweils zum 31. Dezember"));
    assert!(main.contains("href=\"/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg\""));

    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/3").await;
    let main = main_of(&html);
    assert!(main.contains("aria-labelledby=\"grafik-paket-3-titel\""));
    assert!(main.contains("href=\"/potsdam-ag-auslaenderbehoerde/grafik/pakete/3.svg\""));
}

#[tokio::test]
async fn an_empty_database_has_no_chart_but_no_error_either() {
    let app = TestApp::empty().await;
    let (status, _, _) = get_full(&app, "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
}
