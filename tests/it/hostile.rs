//! Hostile input against every endpoint: injection strings in every field, oversized
//! and malformed bodies, odd query parameters. Never a 500, nothing stored that should
//! not be, and whatever is stored comes back escaped.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::endpoints::{pairs, POST_ENDPOINTS};
use common::TestApp;
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::server::security::MAX_BODY_BYTES;

/// Markup that must never come back unescaped.
const SCRIPT: &str = "<script>alert('xss')</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const SQL: &str = "'; DROP TABLE milestone; --";

fn hostile_values() -> Vec<String> {
    vec![
        SCRIPT.to_owned(),
        IMG.to_owned(),
        // Text fields are <textarea>s on the edit pages: their end tag must not end them.
        format!("</textarea>{IMG}"),
        SQL.to_owned(),
        "' OR '1'='1".to_owned(),
        "Robert\u{0}'); --".to_owned(),
        "\u{1b}[31mrot".to_owned(),
        "\u{202e}txt.exe".to_owned(),
        "#set page(fill: red) *fett* $x^2$".to_owned(),
        "=HYPERLINK(\"http://evil.test\")".to_owned(),
        "../../../../etc/passwd".to_owned(),
        "-1".to_owned(),
        "99999999999999999999999999".to_owned(),
        "x".repeat(6_000),
        "🏳️‍🌈".repeat(300),
    ]
}

/// Whether a browser would read this answer as markup (HTML, SVG, Atom/XML). JSON,
/// CSV and iCalendar carry text as text, and go out with `nosniff`.
fn is_markup(answer: &common::Answer) -> bool {
    let kind = answer
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    kind.starts_with("text/html") || kind.contains("xml")
}

/// Fails the test if a page shows injected markup as markup.
fn assert_escaped(path: &str, body: &str) {
    if let Some(at) = body.find(SCRIPT) {
        let from = body.floor_char_boundary(at.saturating_sub(300));
        panic!(
            "{path} shows {SCRIPT} unescaped: …{}",
            &body[from..at + SCRIPT.len()]
        );
    }
    assert!(
        !body.contains("<img src=x"),
        "{path} shows an injected <img>"
    );
}

/// Every page and file that shows stored text, as the given session sees it.
async fn everything_shown(
    app: &TestApp,
    session: &common::Session,
) -> Vec<(String, common::Answer)> {
    let mut paths: Vec<String> = [
        "/",
        "/potsdam-ag-auslaenderbehoerde/zeitplan",
        "/potsdam-ag-auslaenderbehoerde/aenderungen",
        "/potsdam-ag-auslaenderbehoerde/berichte",
        "/potsdam-ag-auslaenderbehoerde/bearbeiten",
        "/verwaltung",
        "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom",
        "/potsdam-ag-auslaenderbehoerde/feeds/termine.ics",
        "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg",
        "/potsdam-ag-auslaenderbehoerde/api/v1/plan.json",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    for number in 1..=13 {
        paths.push(format!("/potsdam-ag-auslaenderbehoerde/pakete/{number}"));
        paths.push(format!(
            "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/{number}"
        ));
    }
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM milestone")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    paths.extend(
        ids.iter()
            .map(|id| format!("/potsdam-ag-auslaenderbehoerde/bearbeiten/meilensteine/{id}")),
    );
    let accounts: Vec<i64> = sqlx::query_scalar("SELECT id FROM account")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    paths.extend(accounts.iter().map(|id| format!("/verwaltung/konten/{id}")));
    let mut shown = Vec::new();
    for path in paths {
        let request = Request::builder()
            .uri(&path)
            .header(header::COOKIE, &session.cookie)
            .body(Body::empty())
            .unwrap();
        let answer = app.send(request).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        shown.push((path, answer));
    }
    shown
}

#[tokio::test]
async fn hostile_values_in_every_field_of_every_endpoint() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let (target_email, _) = app.account(Role::Member, "Zielperson").await;
    let target: i64 = sqlx::query_scalar("SELECT id FROM account WHERE email = $1")
        .bind(&target_email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut accepted = 0;
    let mut refused = 0;
    let mut round = 0;
    for endpoint in POST_ENDPOINTS {
        let fields = endpoint.body(&app, 0, target).await;
        for (index, (name, _)) in fields.iter().enumerate() {
            // Hashing a password is slow on purpose; two values suffice there.
            let values = if name == "password" {
                vec![SCRIPT.to_owned(), "x".repeat(6_000)]
            } else {
                hostile_values()
            };
            for value in values {
                round += 1;
                let mut form = endpoint.body(&app, round, target).await;
                form[index].1 = value.clone();
                let answer = app
                    .post_as(endpoint.path(), &pairs(&form), Some(&admin))
                    .await;
                let status = answer.status;
                assert!(
                    !status.is_server_error(),
                    "{} field {name} = {value:.40?}: {status} {}",
                    endpoint.path(),
                    answer.body
                );
                if status.is_success() {
                    accepted += 1;
                } else {
                    refused += 1;
                    // A refusal is a message, never a stack trace or an SQL error.
                    assert!(!answer.body.contains("panicked"), "{}", answer.body);
                    assert!(
                        !answer.body.to_lowercase().contains("sqlite"),
                        "{}",
                        answer.body
                    );
                    if status == StatusCode::BAD_REQUEST {
                        let message = answer.error().to_string();
                        assert!(!message.is_empty(), "{}", answer.body);
                    }
                }
            }
        }
    }
    assert!(
        accepted > 50 && refused > 50,
        "accepted {accepted}, refused {refused}"
    );

    // Nothing stored that should not be: no control characters, nothing over length.
    for (table, column) in [
        ("milestone", "title"),
        ("milestone", "public_note"),
        ("milestone", "internal_note"),
        ("measure_package", "title"),
        ("measure_package", "summary"),
        ("status_update", "body"),
        ("account", "display_name"),
        ("account", "organisation"),
    ] {
        let values: Vec<Option<String>> =
            sqlx::query_scalar(&format!("SELECT {column} FROM {table}"))
                .fetch_all(&app.pool)
                .await
                .unwrap();
        let bad = values
            .iter()
            .flatten()
            .filter(|v| v.contains(['\0', '\u{1b}']) || v.chars().count() > 5000)
            .count();
        assert_eq!(
            bad, 0,
            "{table}.{column} holds control characters or too much"
        );
    }
    // SQL in a field is stored as text, verbatim; the tables are all still there.
    let verbatim: i64 = sqlx::query_scalar("SELECT count(*) FROM milestone WHERE title = $1")
        .bind(SQL)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        verbatim >= 1,
        "an accepted SQL string should be stored as typed"
    );
    assert!(app.count("milestone").await >= 43);
    assert_eq!(common::integrity_check(&app.pool).await, "ok");

    // Stored markup comes back escaped on every page and in every file that shows it.
    let stored_scripts: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM milestone WHERE title = $1 OR public_note = $1) + \
         (SELECT count(*) FROM status_update WHERE body = $1)",
    )
    .bind(SCRIPT)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(
        stored_scripts >= 2,
        "the markup should have been stored as text"
    );
    let mut markup = 0;
    for (path, answer) in everything_shown(&app, &admin).await {
        assert_eq!(
            answer.headers["x-content-type-options"], "nosniff",
            "{path}"
        );
        if is_markup(&answer) {
            markup += 1;
            assert_escaped(&path, &answer.body);
        } else if path.ends_with(".json") {
            // Open data carries the text as typed.
            assert!(answer.body.contains(SCRIPT), "{path} lost the stored text");
        }
    }
    assert!(markup > 60, "only {markup} pages checked");
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_anything_is_read() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let history = app.count("history_entry").await;
    let huge = "x".repeat(MAX_BODY_BYTES + 1);
    for endpoint in POST_ENDPOINTS {
        let mut form = endpoint.body(&app, 1, 1).await;
        form[0].1 = huge.clone();
        let answer = app
            .post_as(endpoint.path(), &pairs(&form), Some(&admin))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            endpoint.path()
        );
        assert!(answer.body.contains("Anfrage zu groß"), "{}", answer.body);
    }
    // Without Content-Length (chunked), the same limit holds.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..40).map(|_| Ok(vec![b'a'; 8 * 1024])).collect();
    let request = Request::builder()
        .method("POST")
        .uri("/api/bearbeiten/meldung")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, &admin.cookie)
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        app.count("history_entry").await,
        history,
        "nothing was saved"
    );
}

#[tokio::test]
async fn malformed_utf8_and_garbage_bodies_get_a_clear_400() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let history = app.count("history_entry").await;
    let bodies: [&[u8]; 5] = [
        b"body=\xff\xfe\xfd&package=1&occurred_on=20.11.2026",
        b"\xc3\x28=\xa0\xa1",
        b"%ff%fe=%c3%28",
        b"package[][][][][][][][][][][][][][][][][][][][][][]=1",
        b"{\"json\": true}",
    ];
    for endpoint in POST_ENDPOINTS {
        for body in bodies {
            let request = Request::builder()
                .method("POST")
                .uri(endpoint.path())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header("sec-fetch-site", "same-origin")
                .header(header::COOKIE, &admin.cookie)
                .body(Body::from(body.to_vec()))
                .unwrap();
            let answer = app.send(request).await;
            assert!(
                answer.status.is_client_error(),
                "{} {:?}: {} {}",
                endpoint.path(),
                String::from_utf8_lossy(body),
                answer.status,
                answer.body
            );
        }
    }
    assert_eq!(app.count("history_entry").await, history);
}

#[tokio::test]
async fn hostile_paths_and_query_parameters_on_every_get_route() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let values = [
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "%27%3B%20DROP%20TABLE%20milestone%3B%20--",
        "%FF%FE",
        "%00",
        "-1",
        "99999999999999999999999",
        "2026-02-30",
        "..%2F..%2Fetc%2Fpasswd",
        &"9".repeat(5_000),
    ];
    let routes = [
        "/?x={}",
        "/potsdam-ag-auslaenderbehoerde/pakete/{}",
        "/potsdam-ag-auslaenderbehoerde/zeitplan?stand={}",
        "/potsdam-ag-auslaenderbehoerde/aenderungen?seite={}",
        "/potsdam-ag-auslaenderbehoerde/berichte?stand={}",
        "/anmelden?weiter={}",
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/{}",
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/{}/meilensteine/neu",
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/meilensteine/{}",
        "/verwaltung/konten/{}",
        "/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg?stand={}",
        "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg?stand={}",
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/{}.svg",
        "/potsdam-ag-auslaenderbehoerde/export/sachstandsbericht.pdf?stand={}",
        "/potsdam-ag-auslaenderbehoerde/export/meilensteine.xlsx?stand={}&intern={}",
        "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv?stand={}",
        "/potsdam-ag-auslaenderbehoerde/api/v1/plan.json?stand={}",
        "/potsdam-ag-auslaenderbehoerde/feeds/termine.ics?stand={}",
        "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom?stand={}",
        "/api/package?plan=potsdam-ag-auslaenderbehoerde&number={}",
        "/api/aenderungen?plan=potsdam-ag-auslaenderbehoerde&page={}",
        "/api/bearbeiten/meilenstein?plan=potsdam-ag-auslaenderbehoerde&id={}",
        "/{}",
    ];
    for route in routes {
        for value in values {
            let path = route.replace("{}", value);
            for session in [None, Some(&admin)] {
                let answer = app.get_as(&path, session).await;
                assert!(
                    !answer.status.is_server_error(),
                    "{path:.80}: {} {:.300}",
                    answer.status,
                    answer.body
                );
                // Browsers must never sniff an answer into HTML.
                assert_eq!(answer.headers["x-content-type-options"], "nosniff");
                if is_markup(&answer) {
                    assert_escaped(&path, &answer.body);
                } else if answer.status.is_client_error() {
                    // A German sentence as plain text may quote the input, cut short.
                    assert!(answer.body.len() < 1_000, "{path:.80}: {}", answer.body);
                }
                assert!(!answer.body.contains("panicked"), "{path:.80}");
            }
        }
    }
    assert!(app.count("milestone").await >= 43);
}
