//! Regression tests for the security review (issue 17): each fails on the code before the fix.

use crate::common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::{form_urlencoded, main_of, Answer, Session, TestApp};
use umsetzungsmonitor::accounts::backend::{password_checks_peak, PASSWORD_CHECKS_AT_ONCE};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::error::AppError;

const WRONG: &str = "falsch-falsch-falsch";

/// A sign-in as a browser's script sends it, over a connection from `peer`.
async fn sign_in_from(
    app: &TestApp,
    peer: &str,
    forwarded_for: Option<&str>,
    email: &str,
    password: &str,
) -> Answer {
    app.send(sign_in_request(peer, forwarded_for, email, password))
        .await
}

fn sign_in_request(
    peer: &str,
    forwarded_for: Option<&str>,
    email: &str,
    password: &str,
) -> Request<Body> {
    let peer: SocketAddr = peer.parse().unwrap();
    let mut request = Request::builder()
        .method("POST")
        .uri("/api/anmelden")
        .header(header::HOST, "monitor.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin");
    if let Some(hops) = forwarded_for {
        request = request.header("x-forwarded-for", hops);
    }
    let mut request = request
        .body(Body::from(form_urlencoded(&[
            ("email", email),
            ("password", password),
        ])))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

fn html_get(path: &str, session: Option<&Session>) -> Request<Body> {
    let mut request = Request::builder()
        .uri(path)
        .header(header::ACCEPT, "text/html");
    if let Some(session) = session {
        request = request.header(header::COOKIE, &session.cookie);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn sign_in_sends_only_to_paths_on_this_site() {
    let app = TestApp::with_example().await;
    let (email, password) = app.account(Role::Member, "Mitglied").await;
    for (next, expected) in [
        ("/\t/evil.example/login", "/bearbeiten"),
        ("/\n/evil.example", "/bearbeiten"),
        ("/\r\nSet-Cookie: x=y", "/bearbeiten"),
        ("//evil.example", "/bearbeiten"),
        ("/\\evil.example", "/bearbeiten"),
        ("https://evil.example/", "/bearbeiten"),
        (
            "/potsdam-ag-auslaenderbehoerde/zeitplan?stand=2026-01-01",
            "/potsdam-ag-auslaenderbehoerde/zeitplan?stand=2026-01-01",
        ),
    ] {
        let answer = app
            .post_as(
                "/api/anmelden",
                &[("email", &email), ("password", &password), ("next", next)],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{next:?}: {}", answer.body);
        assert_eq!(answer.headers["location"], expected, "{next:?}");
    }
}

/// Leptos' encoding of a server function error in an address (URL-safe base64 of its JSON).
fn encoded_error(error: &AppError) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = serde_json::to_vec(error).unwrap();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
}

#[tokio::test]
async fn nobody_can_put_a_message_onto_the_sign_in_page_through_its_address() {
    let app = TestApp::with_example().await;
    let planted =
        AppError::BadRequest("Ihr Konto ist gesperrt. Rufen Sie sofort 0900 123456 an.".to_owned());
    for (path_key, err_key) in [("__path", "__err"), ("%5F%5Fpath", "%5f%5Ferr")] {
        let path = format!(
            "/anmelden?{path_key}=%2Fapi%2Fanmelden&{err_key}={}",
            encoded_error(&planted)
        );
        let page = app.send(html_get(&path, None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("0900 123456"),
            "{path}: {}",
            main_of(&page.body)
        );
    }
}

#[tokio::test]
async fn a_refused_sign_in_without_javascript_shows_its_message_to_that_browser_once() {
    let app = TestApp::with_example().await;
    let answer = app
        .post_with(
            "/api/anmelden",
            &[
                ("email", "ada@beispiel.test"),
                ("password", WRONG),
                ("next", "/potsdam-ag-auslaenderbehoerde/zeitplan"),
            ],
            None,
            &[
                ("accept", "text/html"),
                ("referer", "http://monitor.test/anmelden?weiter=%2Fzeitplan"),
                ("origin", "http://monitor.test"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FOUND, "{}", answer.body);
    assert_eq!(answer.headers["location"], "/anmelden?weiter=%2Fzeitplan");
    let session = Session {
        cookie: answer
            .session_cookie()
            .expect("the message waits in a session"),
    };
    let page = app
        .send(html_get("/anmelden?weiter=%2Fzeitplan", Some(&session)))
        .await;
    let main = main_of(&page.body);
    assert!(
        main.contains("E-Mail-Adresse oder Passwort stimmen nicht."),
        "{main}"
    );
    assert!(main.contains("value=\"ada@beispiel.test\""), "{main}");
    assert!(!main.contains(WRONG), "never the password");
    let again = app
        .send(html_get("/anmelden?weiter=%2Fzeitplan", Some(&session)))
        .await;
    assert!(!main_of(&again.body).contains("stimmen nicht"));
    let elsewhere = app.send(html_get("/anmelden", None)).await;
    assert!(!main_of(&elsewhere.body).contains("stimmen nicht"));
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_runs_only_the_allowed_password_checks() {
    let app = TestApp::with_example().await;
    let (email, password) = app.account(Role::Admin, "Admin").await;
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..400 {
        let router = app.router.clone();
        let request = sign_in_request("198.51.100.7:40000", None, &email, WRONG);
        burst.spawn(async move {
            use tower::ServiceExt;
            router.oneshot(request).await.unwrap().status()
        });
    }
    let statuses = burst.join_all().await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::BAD_REQUEST)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(checked <= 5, "{checked} password checks ran");
    assert_eq!(checked + refused, 400, "{statuses:?}");
    assert!(password_checks_peak() <= PASSWORD_CHECKS_AT_ONCE);
    // The owner, from another network, is not locked out by the burst.
    let owner = sign_in_from(&app, "203.0.113.20:5000", None, &email, &password).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_throttled_on_its_own() {
    // The test app trusts 127.0.0.1 as its reverse proxy.
    let app = TestApp::with_example().await;
    let (email, password) = app.account(Role::Member, "Mitglied").await;
    let proxy = "127.0.0.1:9000";
    for _ in 0..20 {
        let wrong = sign_in_from(&app, proxy, Some("198.51.100.7"), &email, WRONG).await;
        assert_ne!(wrong.status, StatusCode::OK);
    }
    let locked = sign_in_from(&app, proxy, Some("198.51.100.7"), &email, &password).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy: neither the address nor the account is locked.
    let other = sign_in_from(&app, proxy, Some("198.51.100.8"), &email, &password).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    // A client that names another address itself is keyed by its own connection.
    let forger = "203.0.113.5:1234";
    for i in 0..5 {
        let hops = format!("10.0.0.{i}");
        sign_in_from(&app, forger, Some(&hops), "x@beispiel.test", WRONG).await;
    }
    let forged = sign_in_from(&app, forger, Some("10.9.9.9"), "x@beispiel.test", WRONG).await;
    assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn ipv6_clients_are_throttled_per_64_network() {
    let app = TestApp::with_example().await;
    for i in 0..20 {
        let peer = format!("[2001:db8:1:2::{i:x}]:443");
        sign_in_from(&app, &peer, None, &format!("u{i}@beispiel.test"), WRONG).await;
    }
    let same_network = sign_in_from(
        &app,
        "[2001:db8:1:2::ffff]:443",
        None,
        "neu@beispiel.test",
        WRONG,
    )
    .await;
    assert_eq!(same_network.status, StatusCode::TOO_MANY_REQUESTS);
    let next_network = sign_in_from(
        &app,
        "[2001:db8:1:3::1]:443",
        None,
        "neu@beispiel.test",
        WRONG,
    )
    .await;
    assert_eq!(next_network.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_public_csv_defuses_spreadsheet_formulas() {
    let app = TestApp::with_example().await;
    sqlx::query(
        "UPDATE milestone SET title = '=HYPERLINK(\"http://evil.example\";\"Klick\")', \
         public_note = '@SUM(1+1)' WHERE id = (SELECT min(id) FROM milestone)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, _, bytes) = app
        .download(
            "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text:.600}");
    assert!(!text.contains(";=HYPERLINK") && !text.contains(";\"=HYPERLINK"));
    // The JSON keeps the text as it is.
    let (_, json) = app
        .get("/potsdam-ag-auslaenderbehoerde/api/v1/plan.json")
        .await;
    assert!(json.contains("\"=HYPERLINK("));
}

#[tokio::test]
async fn renaming_an_organisation_leaves_past_attributions_alone() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let posted = app
        .post_as(
            "/api/bearbeiten/meldung",
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                ("package", "12"),
                ("occurred_on", "2026-11-20"),
                ("body", "Die AG hat den Zeitplan beraten."),
                ("link", ""),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM account WHERE display_name = 'Mitglied'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let renamed = app
        .post_as(
            "/api/verwaltung/konto-aendern",
            &[
                ("id", &id.to_string()),
                ("version", "1"),
                ("display_name", "Mitglied"),
                ("organisation", "Ganz andere Organisation"),
                ("role", "member"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/12").await;
    let main = main_of(&html);
    assert!(main.contains("Organisation Mitglied"), "{main}");
    assert!(!main.contains("Ganz andere Organisation"));
    let (_, json) = app
        .get("/potsdam-ag-auslaenderbehoerde/api/v1/plan.json")
        .await;
    assert!(json.contains("Organisation Mitglied"));
    assert!(!json.contains("Ganz andere Organisation"));
}

#[tokio::test]
async fn members_change_their_own_password_and_their_other_sessions_end() {
    let app = TestApp::with_example().await;
    let (email, password) = app.account(Role::Member, "Mitglied").await;
    let here = app.login(&email, &password).await;
    let elsewhere = app.login(&email, &password).await;
    let new_password = "ein-neues-langes-Passwort";

    let signed_out = app
        .post_as(
            "/api/konto/passwort",
            &[("current", &password), ("password", new_password)],
            None,
        )
        .await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);

    let wrong = app
        .post_as(
            "/api/konto/passwort",
            &[("current", WRONG), ("password", new_password)],
            Some(&here),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(rejection) = wrong.error() else {
        panic!("{}", wrong.body)
    };
    assert_eq!(
        rejection.error("current"),
        Some("Das bisherige Passwort stimmt nicht.")
    );
    assert!(rejection.values.is_empty(), "no password travels back");

    let short = app
        .post_as(
            "/api/konto/passwort",
            &[("current", &password), ("password", "kurz")],
            Some(&here),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);

    let changed = app
        .post_as(
            "/api/konto/passwort",
            &[("current", &password), ("password", new_password)],
            Some(&here),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.headers["location"], "/konto/passwort?geaendert=1");
    // This browser stays signed in (with a fresh session id); the other one is out.
    let here = Session {
        cookie: changed.session_cookie().unwrap_or(here.cookie),
    };
    assert_ne!(app.get_as("/api/konto", Some(&here)).await.body, "null");
    assert_eq!(
        app.get_as("/api/konto", Some(&elsewhere)).await.body,
        "null"
    );
    // The old password no longer opens the account; the new one does.
    let old = app
        .post_as(
            "/api/anmelden",
            &[("email", &email), ("password", &password)],
            None,
        )
        .await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST);
    app.login(&email, new_password).await;
    // The page itself, for a signed-in member.
    let page = app.send(html_get("/konto/passwort", Some(&here))).await;
    let main = main_of(&page.body);
    assert!(main.contains("autocomplete=\"current-password\""), "{main}");
    assert!(main.contains("autocomplete=\"new-password\""));
}

#[tokio::test]
async fn a_package_text_save_from_an_outdated_form_is_refused_and_overwrites_nothing() {
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Admin, "Ada").await;
    let bea = app.signed_in(Role::Admin, "Bea").await;
    let loaded = common::endpoints::package_version(&app, 3)
        .await
        .to_string();
    let form = |title: &'static str| {
        vec![
            ("plan", "potsdam-ag-auslaenderbehoerde"),
            ("package", "3"),
            ("version", loaded.as_str()),
            ("title", title),
            ("summary", "Zusammenfassung"),
            ("goal", "Ziel"),
            ("responsible_unit", "Migrationsamt"),
            ("source_reference", ""),
        ]
    };
    let first = app
        .post_as(
            "/api/bearbeiten/paket-texte",
            &form("Titel von Ada"),
            Some(&ada),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = app
        .post_as(
            "/api/bearbeiten/paket-texte",
            &form("Titel von Bea"),
            Some(&bea),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let AppError::Conflict(conflict) = second.error() else {
        panic!("{}", second.body)
    };
    assert_eq!(
        conflict.theirs.get("title").map(String::as_str),
        Some("Titel von Ada")
    );
    assert_eq!(
        conflict.values.get("title").map(String::as_str),
        Some("Titel von Bea")
    );
    assert!(conflict.saved_by.contains("Ada"), "{}", conflict.saved_by);
    let stored: String = sqlx::query_scalar("SELECT title FROM measure_package WHERE number = 3")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, "Titel von Ada", "nothing overwritten");
    // Saving again with the version the conflict names overwrites knowingly.
    let version = conflict.current_version.to_string();
    let mut again = form("Titel von Bea");
    again[2] = ("version", version.as_str());
    let knowingly = app
        .post_as("/api/bearbeiten/paket-texte", &again, Some(&bea))
        .await;
    assert_eq!(knowingly.status, StatusCode::OK, "{}", knowingly.body);
}

#[tokio::test]
async fn an_account_profile_save_from_an_outdated_form_is_refused() {
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Admin, "Ada").await;
    let bea = app.signed_in(Role::Admin, "Bea").await;
    let (email, _) = app.account(Role::Member, "Mitglied").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM account WHERE email = $1")
        .bind(&email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let loaded = common::endpoints::account_version(&app, id)
        .await
        .to_string();
    let id = id.to_string();
    let form = |organisation: &'static str, role: &'static str| {
        vec![
            ("id", id.as_str()),
            ("version", loaded.as_str()),
            ("display_name", "Mitglied"),
            ("organisation", organisation),
            ("role", role),
        ]
    };
    let first = app
        .post_as(
            "/api/verwaltung/konto-aendern",
            &form("Diakonie", "administration"),
            Some(&ada),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = app
        .post_as(
            "/api/verwaltung/konto-aendern",
            &form("Caritas", "member"),
            Some(&bea),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let (organisation, role): (String, String) =
        sqlx::query_as("SELECT organisation, role FROM account WHERE email = $1")
            .bind(&email)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (organisation.as_str(), role.as_str()),
        ("Diakonie", "administration")
    );
    // Without JavaScript: back on the account page, both versions side by side, roles in
    // words, the form keeping what Bea typed.
    let referer = format!("http://monitor.test/verwaltung/konten/{id}");
    let plain = app
        .post_with(
            "/api/verwaltung/konto-aendern",
            &form("Caritas", "member"),
            Some(&bea),
            &[
                ("accept", "text/html"),
                ("referer", &referer),
                ("origin", "http://monitor.test"),
            ],
        )
        .await;
    assert_eq!(plain.status, StatusCode::FOUND, "{}", plain.body);
    let location = plain.headers["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/verwaltung/konten/{id}"));
    let page = app.send(html_get(&location, Some(&bea))).await;
    let main = main_of(&page.body);
    assert!(
        main.contains("Inzwischen hat jemand anderes gespeichert"),
        "{main}"
    );
    assert!(
        main.contains("Stadtverwaltung") && main.contains("Caritas"),
        "{main}"
    );
    assert!(
        main.contains("value=\"Caritas\""),
        "the typed value stays in the form"
    );
}

// Finding 7: a catalogue imported again must not silently undo what the working group
// entered in the app, nor move demanded dates without a public reason.

async fn import_example(
    app: &TestApp,
    text: &str,
    options: &umsetzungsmonitor::catalogue::ImportOptions,
) -> Result<umsetzungsmonitor::catalogue::ImportReport, umsetzungsmonitor::catalogue::ImportError> {
    umsetzungsmonitor::catalogue::import_text_with(
        &app.pool,
        "beispiel-potsdam.toml",
        text,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
        options,
    )
    .await
}

async fn milestone_fields(app: &TestApp, id: i64) -> (String, Option<String>, String, i64) {
    sqlx::query_as("SELECT title, forecast_on, public_note, version FROM milestone WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn importing_the_catalogue_again_keeps_web_edits_and_says_so() {
    use umsetzungsmonitor::catalogue::{merge::Outcome, ImportOptions, EXAMPLE_CATALOGUE};
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Member, "Ada").await;
    let id = common::endpoints::milestone_id(&app, "1.4").await;
    let loaded = common::endpoints::version(&app, id).await;
    let form = common::endpoints::milestone_form(id, loaded, "Evaluierung, Titel aus der Sitzung");
    let saved = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &common::endpoints::pairs(&form),
            Some(&ada),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let edited = milestone_fields(&app, id).await;
    assert_eq!(edited.1.as_deref(), Some("2027-06-30"));

    // The same file again: the app's values stay, and the report names each of them.
    let report = import_example(&app, EXAMPLE_CATALOGUE, &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(milestone_fields(&app, id).await, edited, "nothing undone");
    let kept: Vec<&str> = report.kept().map(|d| d.decision.field).collect();
    for field in ["title", "forecast_on", "public_note"] {
        assert!(kept.contains(&field), "{field} reported: {report}");
    }
    let text = report.to_string();
    assert!(
        text.contains(
            "Meilenstein 1.4, Feld „forecast_on“: „2027-06-30“ → „2026-12-31“: NICHT übernommen"
        ),
        "{text}"
    );
    assert!(text.contains("Ada"), "who changed it: {text}");
    assert!(text.contains("--ueberschreiben"), "{text}");

    // A dry run with --ueberschreiben shows what would be replaced and writes nothing.
    let options = ImportOptions {
        overwrite: true,
        dry_run: true,
        ..ImportOptions::default()
    };
    let history_before = app.count("history_entry").await;
    let dry = import_example(&app, EXAMPLE_CATALOGUE, &options)
        .await
        .unwrap();
    assert!(dry
        .differences
        .iter()
        .any(|d| matches!(d.decision.outcome, Outcome::Overwritten { .. })));
    assert!(dry
        .to_string()
        .starts_with("Probelauf, nichts gespeichert."));
    assert_eq!(milestone_fields(&app, id).await, edited);
    assert_eq!(app.count("history_entry").await, history_before);

    // Knowingly: the file's values, a new version, recorded in the history.
    let options = ImportOptions {
        overwrite: true,
        ..ImportOptions::default()
    };
    import_example(&app, EXAMPLE_CATALOGUE, &options)
        .await
        .unwrap();
    let (title, forecast, note, version) = milestone_fields(&app, id).await;
    assert_eq!(
        title,
        "Erste Evaluierung anhand des Leitsatzes veröffentlicht"
    );
    assert_eq!(forecast.as_deref(), Some("2026-12-31"));
    assert_eq!(note, "");
    assert_eq!(version, edited.3 + 1);
    // After that import the values are the import's again: a later import may change them.
    let again = import_example(&app, EXAMPLE_CATALOGUE, &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(again.kept().count(), 0, "{again}");
}

#[tokio::test]
async fn a_changed_demanded_date_in_the_file_needs_a_public_reason() {
    use umsetzungsmonitor::catalogue::{ImportError, ImportOptions, EXAMPLE_CATALOGUE};
    let app = TestApp::with_example().await;
    let id = common::endpoints::milestone_id(&app, "1.4").await;
    let moved = EXAMPLE_CATALOGUE
        .replacen(
            "soll = 2024-12-31\nprognose = 2026-12-31",
            "soll = 2025-06-30\nprognose = 2026-12-31",
            1,
        )
        .replace(
            "titel = \"Ermessenslenkende Weisungen\"",
            "titel = \"Ermessenslenkende Weisungen (neu)\"",
        );
    assert_ne!(moved, EXAMPLE_CATALOGUE);
    let history_before = app.count("history_entry").await;
    let err = import_example(&app, &moved, &ImportOptions::default())
        .await
        .unwrap_err();
    let ImportError::ReasonRequired(report) = &err else {
        panic!("expected a refusal for the missing reason: {err:?}");
    };
    assert!(err.to_string().contains("Nichts wurde übernommen"), "{err}");
    assert!(
        report
            .to_string()
            .contains("Meilenstein 1.4, Feld „demanded_on“"),
        "{report}"
    );
    let demanded: Option<String> =
        sqlx::query_scalar("SELECT demanded_on FROM milestone WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(demanded.as_deref(), Some("2024-12-31"));
    let title: String = sqlx::query_scalar("SELECT title FROM measure_package WHERE number = 2")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(title, "Ermessenslenkende Weisungen", "all or nothing");
    assert_eq!(app.count("history_entry").await, history_before);

    let options = ImportOptions {
        reason: Some("Beschluss der Stadtverordnetenversammlung vom 1.12.2026".into()),
        ..ImportOptions::default()
    };
    import_example(&app, &moved, &options).await.unwrap();
    let (demanded, comment): (Option<String>, String) = sqlx::query_as(
        "SELECT m.demanded_on, h.comment FROM milestone m JOIN history_entry h \
         ON h.entity = 'milestone' AND h.entity_id = m.id AND h.field = 'demanded_on' \
         WHERE m.id = $1 ORDER BY h.id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(demanded.as_deref(), Some("2025-06-30"));
    assert_eq!(
        comment,
        "Beschluss der Stadtverordnetenversammlung vom 1.12.2026"
    );
    let (_, page) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/1").await;
    assert!(
        page.contains("Beschluss der Stadtverordnetenversammlung vom 1.12.2026"),
        "the reason is public beside the changed date"
    );
}

// Finding 6: text posted by mistake (a person's name) can be removed by an admin from the
// record and its whole history; the removal is recorded, nothing else changes.

const SECRET_NOTE: &str = "Rückruf bei Frau Zylberstajn-Okonkwo, Tel. 0331 4711";
const SECRET_UPDATE: &str = "Gespräch mit Herrn Wiśniewski-Tremblay über seinen Aufenthalt";

/// Every byte of the database as text: on SQLite its file and write-ahead log; on
/// PostgreSQL, after a checkpoint, the files of every relation of the cluster (not its
/// WAL, which keeps old text until it is recycled; the README says so).
async fn database_bytes(app: &TestApp) -> String {
    let mut all = Vec::new();
    if common::on_postgres() {
        sqlx::query("CHECKPOINT").execute(&app.pool).await.unwrap();
        let data: String = sqlx::query_scalar("SELECT current_setting('data_directory')")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let files: Vec<String> = sqlx::query_scalar(
            "SELECT pg_relation_filepath(oid) FROM pg_class \
             WHERE pg_relation_filepath(oid) IS NOT NULL",
        )
        .fetch_all(&app.pool)
        .await
        .unwrap();
        for file in files {
            let path = std::path::Path::new(&data).join(file);
            for segment in 0.. {
                let name = match segment {
                    0 => path.clone(),
                    n => path.with_extension(n.to_string()),
                };
                let Ok(bytes) = std::fs::read(&name) else {
                    break;
                };
                all.extend(bytes);
            }
        }
    } else {
        for name in ["test.sqlite", "test.sqlite-wal"] {
            if let Ok(bytes) = std::fs::read(app.dir.path().join(name)) {
                all.extend(bytes);
            }
        }
    }
    String::from_utf8_lossy(&all).into_owned()
}

async fn public_texts(app: &TestApp) -> String {
    let mut all = String::new();
    for path in [
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        "/potsdam-ag-auslaenderbehoerde/pakete/12",
        "/potsdam-ag-auslaenderbehoerde/aenderungen",
        "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom",
        "/potsdam-ag-auslaenderbehoerde/feeds/termine.ics",
        "/potsdam-ag-auslaenderbehoerde/api/v1/plan.json",
        "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv",
    ] {
        let (_, body) = app.get(path).await;
        all.push_str(&body);
    }
    all
}

/// An admin removes the new value of `target` (`eintrag` or `meldung` and its id).
async fn redact(app: &TestApp, admin: &Session, target: (&str, &str), reason: &str) {
    let done = app
        .post_as(
            "/api/bearbeiten/entfernen-bestaetigen",
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                target,
                ("seite", "neu"),
                ("reason", reason),
            ],
            Some(admin),
        )
        .await;
    assert!(
        done.status.is_success() || done.status.is_redirection(),
        "{}",
        done.body
    );
}

#[tokio::test]
async fn an_admin_removes_personal_data_from_the_record_and_its_whole_history() {
    use umsetzungsmonitor::history::redaction::notice;
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Member, "Ada").await;
    let admin = app.signed_in(Role::Admin, "Admina").await;
    let id = common::endpoints::milestone_id(&app, "1.4").await;
    let mut form = common::endpoints::milestone_form(
        id,
        common::endpoints::version(&app, id).await,
        "Evaluierung",
    );
    form.iter_mut().find(|(k, _)| k == "public_note").unwrap().1 = SECRET_NOTE.into();
    let saved = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &common::endpoints::pairs(&form),
            Some(&ada),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let posted = app
        .post_as(
            "/api/bearbeiten/meldung",
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                ("package", "12"),
                ("occurred_on", "2026-11-20"),
                ("body", SECRET_UPDATE),
                ("link", "https://example.org/wisniewski-tremblay"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let before = public_texts(&app).await;
    assert!(before.contains(SECRET_NOTE) && before.contains(SECRET_UPDATE));
    assert!(
        database_bytes(&app).await.contains(SECRET_NOTE),
        "the scan below can see it"
    );
    if common::on_postgres() {
        // As autovacuum does at times: the planner's statistics sample the columns, and
        // the text with them.
        sqlx::query("ANALYZE").execute(&app.pool).await.unwrap();
    }

    let entry: i64 = sqlx::query_scalar(
        "SELECT id FROM history_entry WHERE field = 'public_note' AND new_value = $1",
    )
    .bind(SECRET_NOTE)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // Admins are offered the removal beside the value; members are not, and may not.
    let listed = app
        .get_as("/potsdam-ag-auslaenderbehoerde/aenderungen", Some(&admin))
        .await;
    assert!(listed.body.contains(&format!(
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/entfernen?eintrag={entry}"
    )));
    let as_member = app
        .get_as("/potsdam-ag-auslaenderbehoerde/aenderungen", Some(&ada))
        .await;
    assert!(!as_member
        .body
        .contains("/potsdam-ag-auslaenderbehoerde/bearbeiten/entfernen"));
    let page = app
        .get_as(
            &format!("/potsdam-ag-auslaenderbehoerde/bearbeiten/entfernen?eintrag={entry}"),
            Some(&admin),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(SECRET_NOTE) && page.body.contains("Endgültig entfernen"));
    let path = "/api/bearbeiten/entfernen-bestaetigen";
    let entry_text = entry.to_string();
    let refused = app
        .post_as(
            path,
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                ("eintrag", entry_text.as_str()),
                ("seite", "neu"),
                ("reason", "personenbezogene Daten"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let no_reason = app
        .post_as(
            path,
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                ("eintrag", entry_text.as_str()),
                ("seite", "neu"),
                ("reason", ""),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(
        no_reason.status,
        StatusCode::BAD_REQUEST,
        "{}",
        no_reason.body
    );
    let AppError::Invalid(rejection) = no_reason.error() else {
        panic!("expected a form error: {}", no_reason.body);
    };
    assert_eq!(rejection.error("reason"), Some("Bitte ausfüllen."));
    assert!(
        public_texts(&app).await.contains(SECRET_NOTE),
        "nothing removed yet"
    );

    let version_before = common::endpoints::version(&app, id).await;
    redact(
        &app,
        &admin,
        ("eintrag", &entry_text),
        "personenbezogene Daten",
    )
    .await;
    let replaced = notice(common::today(), "personenbezogene Daten");
    let (note, title): (String, String) =
        sqlx::query_as("SELECT public_note, title FROM milestone WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(note, replaced);
    assert_eq!(title, "Evaluierung", "nothing else changes");
    assert_eq!(
        common::endpoints::version(&app, id).await,
        version_before + 1,
        "an edit form still holding the text is outdated now"
    );

    // The status update, from the package's edit page.
    let update: i64 = sqlx::query_scalar("SELECT id FROM status_update WHERE body = $1")
        .bind(SECRET_UPDATE)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let edit_page = app
        .get_as(
            "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/12",
            Some(&admin),
        )
        .await;
    assert!(edit_page.body.contains(&format!(
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/entfernen?meldung={update}"
    )));
    let update_text = update.to_string();
    redact(
        &app,
        &admin,
        ("meldung", &update_text),
        "betrifft eine Einzelperson",
    )
    .await;

    let after = public_texts(&app).await;
    for secret in [SECRET_NOTE, SECRET_UPDATE, "wisniewski-tremblay"] {
        assert!(!after.contains(secret), "{secret} still public");
        let signed_in = app
            .get_as("/potsdam-ag-auslaenderbehoerde/aenderungen", Some(&admin))
            .await
            .body;
        assert!(!signed_in.contains(secret), "{secret} still in the history");
    }
    assert!(after.contains(&replaced));
    assert!(after.contains("entfernt am 21.11.2026 (betrifft eine Einzelperson)"));
    // The removal itself is in the history, with its reason, publicly.
    let (_, history) = app.get("/potsdam-ag-auslaenderbehoerde/aenderungen").await;
    assert!(history.contains("Text entfernt"), "the redaction is listed");
    // Gone from the file too, not only from the pages (secure_delete, checkpoint).
    let bytes = database_bytes(&app).await;
    for secret in [SECRET_NOTE, SECRET_UPDATE, "wisniewski-tremblay"] {
        assert!(
            !bytes.contains(secret),
            "{secret} still in the database file"
        );
    }
    // The removed texts keep their commitments: the hash chain still verifies, and the
    // redacted entries hold a notice without a salt.
    let findings = umsetzungsmonitor::history::chain::verify(&app.pool)
        .await
        .unwrap();
    assert!(
        findings.is_intact(),
        "{:?} {:?}",
        findings.breaks,
        findings.records
    );
    let unsalted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM history_entry WHERE redaction_id IS NOT NULL \
         AND ((new_value IS NOT NULL AND salt_new IS NULL) OR (old_value IS NOT NULL AND salt_old IS NULL))",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(unsalted >= 2, "the redacted values lost their salts");
}

#[tokio::test]
async fn the_history_accepts_no_change_but_a_recorded_redaction() {
    let app = TestApp::with_example().await;
    let (entry, value): (i64, String) =
        sqlx::query_as("SELECT id, new_value FROM history_entry WHERE field = 'summary' LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let rewrite = sqlx::query("UPDATE history_entry SET new_value = 'umgeschrieben' WHERE id = $1")
        .bind(entry)
        .execute(&app.pool)
        .await;
    assert!(rewrite.is_err(), "a plain rewrite is refused");
    // A redaction row that the history does not record is not enough either.
    sqlx::query(
        "INSERT INTO redaction (id, change_set, recorded_at, entity, entity_id, field, reason, replacement) \
         SELECT 99, 999999, '2026-11-21T00:00:00Z', entity, entity_id, field, 'x', 'umgeschrieben' \
         FROM history_entry WHERE id = $1",
    )
    .bind(entry)
    .execute(&app.pool)
    .await
    .unwrap();
    let forged = sqlx::query(
        "UPDATE history_entry SET new_value = 'umgeschrieben', redaction_id = 99 WHERE id = $1",
    )
    .bind(entry)
    .execute(&app.pool)
    .await;
    assert!(forged.is_err(), "an unrecorded redaction is refused");
    let delete = sqlx::query("DELETE FROM history_entry WHERE id = $1")
        .bind(entry)
        .execute(&app.pool)
        .await;
    assert!(delete.is_err());
    let still: String = sqlx::query_scalar("SELECT new_value FROM history_entry WHERE id = $1")
        .bind(entry)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(still, value);
}
