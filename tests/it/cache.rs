//! The cache of rendered responses for signed-out readers (issue 16): what it serves
//! must be exactly what a fresh render would answer.

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::endpoints::{milestone_form, milestone_id, pairs, version};
use crate::common::{Answer, TestApp};
use umsetzungsmonitor::domain::access::Role;

/// Every kind of public answer: pages, a chart, exports, feeds, JSON.
const PUBLIC: [&str; 8] = [
    "/",
    "/potsdam-ag-auslaenderbehoerde/pakete/4",
    "/potsdam-ag-auslaenderbehoerde/zeitplan",
    "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg",
    "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv",
    "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom",
    "/potsdam-ag-auslaenderbehoerde/feeds/termine.ics",
    "/potsdam-ag-auslaenderbehoerde/api/v1/plan.json",
];

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

/// The raw bytes of an answer (compressed bodies are not text).
async fn raw(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

#[tokio::test]
async fn a_save_is_visible_at_once_on_every_public_answer() {
    let app = TestApp::with_example().await;
    let mut before = Vec::new();
    for path in PUBLIC {
        let first = get_with(&app, path, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        let second = get_with(&app, path, &[]).await;
        assert_eq!(
            second.body, first.body,
            "{path}: the cached answer is the rendered one"
        );
        before.push(first.body);
    }
    let stats = app.page_cache.stats();
    assert!(stats.hits >= PUBLIC.len() as u64, "{stats:?}");

    let member = app.signed_in(Role::Member, "Mitglied").await;
    // Open and in the calendar feed until now.
    let id = milestone_id(&app, "4.3").await;
    let mut form = milestone_form(id, version(&app, id).await, "Neu benannt im Cache-Test");
    form.iter_mut().find(|(k, _)| k == "status").unwrap().1 = "erledigt".into();
    form.iter_mut().find(|(k, _)| k == "completed").unwrap().1 = "20.11.2026".into();
    let saved = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    for (path, old) in PUBLIC.iter().zip(before) {
        let now = get_with(&app, path, &[]).await;
        assert_ne!(now.body, old, "{path} changed with the save");
    }
    for path in [
        "/potsdam-ag-auslaenderbehoerde/pakete/4",
        "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv",
        "/potsdam-ag-auslaenderbehoerde/api/v1/plan.json",
        "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom",
    ] {
        let now = get_with(&app, path, &[]).await;
        assert!(now.body.contains("Neu benannt im Cache-Test"), "{path}");
    }
}

#[tokio::test]
async fn signed_in_answers_are_never_cached_nor_served_to_the_public() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let misses = app.page_cache.stats().misses;
    let theirs = app.get_as("/", Some(&member)).await;
    assert!(theirs.body.contains("Angemeldet"));
    assert_eq!(theirs.headers["cache-control"], "private, no-store");
    assert_eq!(app.page_cache.stats().misses, misses, "not even looked up");
    assert_eq!(app.page_cache.stats().entries, 0);
    let public = get_with(&app, "/", &[]).await;
    assert!(!public.body.contains("Angemeldet"));
    // And the other way round: a cached public page is not what a member gets.
    let theirs = app.get_as("/", Some(&member)).await;
    assert!(theirs.body.contains("Angemeldet"));
    assert_eq!(app.page_cache.stats().hits, 0);
}

#[tokio::test]
async fn languages_never_mix_and_queries_are_entries_of_their_own() {
    let app = TestApp::with_example().await;
    for _ in 0..2 {
        let german = get_with(&app, "/", &[]).await;
        assert!(german.body.contains("<html lang=\"de\""));
        let english = get_with(&app, "/", &[("cookie", "sprache=en")]).await;
        assert!(english.body.contains("<html lang=\"en\""));
        let german_cookie = get_with(&app, "/", &[("cookie", "sprache=de")]).await;
        assert!(german_cookie.body.contains("<html lang=\"de\""));
    }
    let now = get_with(&app, "/potsdam-ag-auslaenderbehoerde/berichte", &[]).await;
    let past = get_with(
        &app,
        "/potsdam-ag-auslaenderbehoerde/berichte?stand=2026-01-01",
        &[],
    )
    .await;
    assert_ne!(now.body, past.body);
    assert_eq!(
        get_with(&app, "/potsdam-ag-auslaenderbehoerde/berichte", &[])
            .await
            .body,
        now.body
    );
    assert_eq!(
        get_with(
            &app,
            "/potsdam-ag-auslaenderbehoerde/berichte?stand=2026-01-01",
            &[]
        )
        .await
        .body,
        past.body
    );
}

#[tokio::test]
async fn compressed_once_served_by_accept_encoding_with_etag_and_304() {
    let app = TestApp::with_example().await;
    let (_, plain_headers, plain) = raw(&app, "/potsdam-ag-auslaenderbehoerde/pakete/1", &[]).await;
    assert!(plain_headers.get("content-encoding").is_none());
    let (status, headers, brotli) = raw(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "br");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with("-br\""), "{etag}");
    assert_ne!(
        etag,
        plain_headers["etag"].to_str().unwrap(),
        "one tag per encoding"
    );
    let mut unpacked = Vec::new();
    brotli::Decompressor::new(&brotli[..], 4096)
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain);
    assert!(
        brotli.len() * 4 < plain.len(),
        "{} vs {}",
        brotli.len(),
        plain.len()
    );
    let (_, headers, gzip) = raw(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(headers["content-encoding"], "gzip");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&gzip[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain);

    let (status, headers, body) = raw(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers["etag"], etag.as_str());
    // A stale tag gets the page.
    let (status, _, _) = raw(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        &[
            ("accept-encoding", "br"),
            ("if-none-match", "\"veraltet-br\""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_write_by_another_process_shows_at_the_next_request() {
    let app = TestApp::with_example().await;
    let before = get_with(&app, "/potsdam-ag-auslaenderbehoerde/aenderungen", &[]).await;
    // As a command-line import in another process would: straight into the file.
    let other = umsetzungsmonitor::runtime::db::open(&app.database_url(), 2)
        .await
        .unwrap();
    {
        use umsetzungsmonitor::history::model::EntityKind;
        use umsetzungsmonitor::history::repo::{Actor, ChangeSet, Entry, Scope, Visibility};
        let mut tx = other.begin().await.unwrap();
        let clock = umsetzungsmonitor::runtime::clock::Clock::fixed(crate::common::today());
        let changes = ChangeSet::begin(&mut tx, Actor::command_line(), &clock)
            .await
            .unwrap();
        let entry = Entry {
            scope: Scope {
                plan_id: Some(1),
                package_id: None,
            },
            entity: EntityKind::Plan,
            entity_id: 1,
            field: "owner",
            old: Some("alt"),
            new: Some("Neuer Herausgeber aus anderem Prozess"),
            comment: "",
            visibility: Visibility::Public,
        };
        changes.record(&mut tx, entry).await.unwrap();
        tx.commit().await.unwrap();
    }
    let after = get_with(&app, "/potsdam-ag-auslaenderbehoerde/aenderungen", &[]).await;
    assert_ne!(after.body, before.body);
    assert!(after.body.contains("Neuer Herausgeber aus anderem Prozess"));
}

#[tokio::test]
async fn readers_arriving_during_a_render_wait_for_it_instead_of_rendering_again() {
    let app = TestApp::with_example().await;
    let misses = app.page_cache.stats().misses;
    // 12 readers at once ask for a page nobody asked for yet (like the first readers after a save).
    let answers = futures_util::future::join_all(
        (0..12).map(|_| get_with(&app, "/potsdam-ag-auslaenderbehoerde/pakete/3", &[])),
    )
    .await;
    let first = &answers[0];
    assert_eq!(first.status, StatusCode::OK);
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body.len(), first.body.len(), "all got the same page");
        assert!(answer.body == first.body, "all got the same page");
    }
    let stats = app.page_cache.stats();
    assert_eq!(
        stats.misses - misses,
        1,
        "one render for all of them: {stats:?}"
    );
    assert!(stats.hits >= 11, "{stats:?}");
}
