//! The public pages, rendered by the real router against a fresh database.

use crate::common;

use axum::http::StatusCode;
use common::{main_of, TestApp};
use umsetzungsmonitor::catalogue;

const PACKAGE_TITLES: [&str; 13] = [
    "Leitbild und Leitsatz",
    "Ermessenslenkende Weisungen",
    "Arbeitserlaubnis, Ausbildungs- und Beschäftigungsduldung mit Vorrang",
    "Proaktive Beratung zu Bleibeperspektiven und Mitwirkungspflichten",
    "Aufenthaltstitel bei gesetzlichem Anspruch auch während des Asylverfahrens",
    "Abschiebung nur als letztes Mittel; Fallkonferenzen in der Jugendhilfe",
    "Selbstbestimmtes Wohnen",
    "Freie Wohnortwahl: Umverteilung und Aufhebung der Wohnsitzauflage",
    "Familiennachzug",
    "Schulung des Personals gegen rassistisches und sozialchauvinistisches Verhalten",
    "Sprachmittlung",
    "Transparenz und Beteiligung",
    "Ombudsstelle und Gremium für künftige ermessenslenkende Weisungen",
];

#[tokio::test]
async fn dashboard_names_all_13_packages_with_links() {
    let app = TestApp::with_example().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    let main = main_of(&html);
    for (i, title) in PACKAGE_TITLES.iter().enumerate() {
        assert!(
            main.contains(title),
            "dashboard lacks package title {title:?}"
        );
        let link = format!("href=\"/potsdam-ag-auslaenderbehoerde/pakete/{}\"", i + 1);
        assert!(main.contains(&link), "dashboard lacks link {link}");
    }
    assert!(!main.contains("href=\"/potsdam-ag-auslaenderbehoerde/pakete/14\""));
    assert!(html.contains("<html lang=\"de\""));
}

#[tokio::test]
async fn dashboard_shows_headline_figures_as_of_today_in_german_dates() {
    let app = TestApp::with_example().await;
    let (_, html) = app.get("/").await;
    let main = main_of(&html);
    let as_of = main.find("Stand:").expect("Stand");
    assert!(main[as_of..].starts_with("Stand:"));
    assert!(main[as_of..as_of + 80].contains("<time datetime=\"2026-11-21\">21.11.2026</time>"));
    for heading in [
        "Auf einen Blick",
        "Erledigt",
        "Überfällig",
        "Fristgerecht erledigt",
        "Verspätet erledigt",
        "Nächste Termine",
    ] {
        assert!(main.contains(heading), "missing {heading:?}");
    }
    // Status in words on the cards, never colour alone.
    assert!(main.contains("überfällig"));
    assert!(main.contains("abgeschlossen") || main.contains("im Zeitplan"));
    // The next deadlines table is a real table.
    assert!(main.contains("<thead>") && main.contains("<tbody>"));
    assert!(
        main.contains("1 Meilenstein ist entfallen"),
        "dropped milestone mentioned"
    );
}

#[tokio::test]
async fn every_package_page_answers_with_its_content() {
    let app = TestApp::with_example().await;
    for (i, title) in PACKAGE_TITLES.iter().enumerate() {
        let (status, html) = app
            .get(&format!("/potsdam-ag-auslaenderbehoerde/pakete/{}", i + 1))
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "/potsdam-ag-auslaenderbehoerde/pakete/{}",
            i + 1
        );
        let main = main_of(&html);
        assert!(main.contains(title));
        assert!(
            main.contains("<table"),
            "milestone table on /pakete/{}",
            i + 1
        );
        assert!(main.contains("<thead>") && main.contains("<tbody>"));
        for column in [
            "Meilenstein",
            "Soll-Termin",
            "Prognose",
            "Erledigt am",
            "Status",
        ] {
            assert!(main.contains(&format!("<th scope=\"col\">{column}</th>")));
        }
    }
}

#[tokio::test]
async fn package_page_shows_texts_dates_and_statuses() {
    let app = TestApp::with_example().await;
    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/7").await;
    let main = main_of(&html);
    assert!(
        main.contains("Zusammenfassung") && main.contains("Ziel") && main.contains("Zuständig")
    );
    assert!(main.contains("Wohnberechtigungsscheins"));
    // 7.1 done on 30.11.2021 (demanded 31.12.2021): on time.
    assert!(main.contains("30.11.2021"));
    assert!(main.contains("fristgerecht"));
    // 7.2 completed 31.03.2023, demanded 30.06.2022: 274 days late.
    assert!(main.contains("274 Tage nach Soll-Termin"));
    // 7.3 dropped: still visible, marked as such.
    assert!(main.contains("Gesonderte Prüfstelle"));
    assert!(main.contains("entfallen"));
    // Progress counts 7.1 and 7.2 only.
    assert!(main.contains("<strong>100 %</strong>"));
    assert!(main.contains("erledigt (2 von 2 Meilensteinen)"));
    assert!(main.contains("abgeschlossen"));
}

#[tokio::test]
async fn unknown_packages_and_paths_answer_404_with_a_page() {
    let app = TestApp::with_example().await;
    for path in [
        "/potsdam-ag-auslaenderbehoerde/pakete/14",
        "/potsdam-ag-auslaenderbehoerde/pakete/0",
        "/potsdam-ag-auslaenderbehoerde/pakete/abc",
        "/potsdam-ag-auslaenderbehoerde/pakete/-1",
        "/potsdam-ag-auslaenderbehoerde/pakete/99999999999",
        "/gibt-es-nicht",
    ] {
        let (status, html) = app.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(main_of(&html).contains("Seite nicht gefunden"), "{path}");
        assert!(
            html.contains("Umsetzungsmonitor"),
            "{path} keeps the site frame"
        );
    }
}

#[tokio::test]
async fn read_api_answers_json_and_404() {
    let app = TestApp::with_example().await;
    let (status, body) = app
        .get("/api/package?plan=potsdam-ag-auslaenderbehoerde&number=3")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"number\":3"));
    let (status, _) = app
        .get("/api/package?plan=potsdam-ag-auslaenderbehoerde&number=14")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn example_data_is_labelled_on_every_page_until_the_flag_is_cleared() {
    let app = TestApp::with_example().await;
    for path in [
        "/",
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        "/potsdam-ag-auslaenderbehoerde/pakete/14",
    ] {
        let (_, html) = app.get(path).await;
        assert!(
            html.contains("Beispieldaten"),
            "{path} must say it shows example data"
        );
    }
    let real = catalogue::EXAMPLE_CATALOGUE.replace("beispiel = true", "beispiel = false");
    catalogue::import_text(
        &app.pool,
        "echt.toml",
        &real,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
    )
    .await
    .unwrap();
    let (_, html) = app.get("/").await;
    assert!(!html.contains("Beispieldaten"));
}

#[tokio::test]
async fn text_from_the_database_is_escaped() {
    let app = TestApp::with_example().await;
    let hostile = catalogue::EXAMPLE_CATALOGUE.replace(
        "titel = \"Familiennachzug\"",
        "titel = \"</title><script>alert('x')</script> & Co\"",
    );
    catalogue::import_text(
        &app.pool,
        "feindlich.toml",
        &hostile,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
    )
    .await
    .unwrap();
    for path in ["/", "/potsdam-ag-auslaenderbehoerde/pakete/9"] {
        let (_, html) = app.get(path).await;
        assert!(!html.contains("<script>alert"), "{path} must escape titles");
        assert!(
            html.contains("&lt;script&gt;alert"),
            "{path} shows the escaped title"
        );
        // Charts inside the page carry their own SVG <title>; the document's is in <head>.
        let head = &html[..html.find("</head>").expect("a head")];
        assert_eq!(
            head.matches("</title>").count(),
            1,
            "{path}: the title cannot be closed early"
        );
        assert!(head.contains("&lt;/title&gt;&lt;script&gt;") || path == "/");
    }
}

#[tokio::test]
async fn an_empty_database_explains_how_to_import() {
    let app = TestApp::empty().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(main_of(&html).contains("Noch kein Maßnahmenplan erfasst"));
    assert!(!html.contains("Beispieldaten"));
    let (status, _) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_configured_plan_is_where_old_addresses_lead_when_several_exist() {
    let (pool, dir) = common::empty_database().await;
    catalogue::load_example_if_empty(
        &pool,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
    )
    .await
    .unwrap();
    let second = r#"
[plan]
kennung = "dresden-aktionsplan"
titel = "Aktionsplan Integration 2022 bis 2026"
traeger = "Landeshauptstadt Dresden"

[[paket]]
nummer = 1
titel = "Wege ins Bleiberecht"
"#;
    catalogue::import_text(
        &pool,
        "dresden.toml",
        second,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
    )
    .await
    .unwrap();
    let app = TestApp::on(pool.clone(), dir, Some("dresden-aktionsplan".into()));
    // `/` lists both; the configured plan is where the old addresses lead.
    let (_, html) = app.get("/").await;
    assert!(html.contains("Aktionsplan Integration 2022 bis 2026"));
    assert!(html.contains("Umsetzung der Handlungsempfehlungen der AG Ausländerbehörde"));
    let (status, headers, _) = app.download("/pakete/1", None).await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers["location"], "/dresden-aktionsplan/pakete/1");
    let (_, html) = app.get("/dresden-aktionsplan").await;
    assert!(html.contains("Wege ins Bleiberecht"));
    assert!(!html.contains("Familiennachzug"));
    let (status, _) = app.get("/dresden-aktionsplan/pakete/2").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the Dresden plan has one package"
    );
}

#[tokio::test]
async fn responses_carry_basic_security_headers() {
    let app = TestApp::with_example().await;
    let request = axum::http::Request::builder()
        .uri("/")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
}

/// Routers built while pages render elsewhere in the process must not stall those
/// renders (leptos#4773: route generation suppresses resource loading process-wide).
#[test]
fn pages_render_while_other_routers_are_built() {
    let threads: Vec<_> = (0..6)
        .map(|t| {
            std::thread::spawn(move || {
                for round in 0..(8 - t) {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    runtime.block_on(async {
                        let app = TestApp::with_example().await;
                        for i in 0..(3 + t * 4 + round) {
                            let path =
                                format!("/potsdam-ag-auslaenderbehoerde/pakete/{}", i % 13 + 1);
                            let answer = tokio::time::timeout(
                                std::time::Duration::from_secs(10),
                                app.get(&path),
                            )
                            .await;
                            let (status, _) = answer.unwrap_or_else(|_| panic!("{path} stalled"));
                            assert_eq!(status, StatusCode::OK);
                        }
                    });
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("no render stalled");
    }
}

#[tokio::test]
async fn a_long_status_timeline_is_paged_with_plain_links() {
    use umsetzungsmonitor::domain::access::Role;
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let before: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM status_update su JOIN measure_package p ON p.id = su.package_id \
         WHERE p.number = 12",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    for i in 1..=25 {
        let body = format!("Sitzung Nummer {i:02} fand statt.");
        let answer = app
            .post_as(
                "/api/bearbeiten/meldung",
                &[
                    ("plan", "potsdam-ag-auslaenderbehoerde"),
                    ("package", "12"),
                    ("occurred_on", "20.11.2026"),
                    ("body", body.as_str()),
                    ("link", ""),
                ],
                Some(&member),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    let total = before as usize + 25;
    let count = |html: &str| main_of(html).matches("class=\"timeline__date\"").count();
    let (_, first) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/12").await;
    assert_eq!(count(&first), 20, "one page of updates");
    assert!(first.contains("Sitzung Nummer 25"), "newest first");
    assert!(!first.contains("Sitzung Nummer 05"));
    assert!(first
        .contains("href=\"/potsdam-ag-auslaenderbehoerde/pakete/12?meldungen=2#meldungen-titel\""));
    let (status, second) = app
        .get("/potsdam-ag-auslaenderbehoerde/pakete/12?meldungen=2")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&second), total - 20);
    assert!(second.contains("Sitzung Nummer 01"));
    assert!(
        second.contains("href=\"/potsdam-ag-auslaenderbehoerde/pakete/12#meldungen-titel\""),
        "back to the newest"
    );
    assert!(!second.contains("meldungen=3"));
    // Nonsense pages are the first page, not an error.
    let (status, nonsense) = app
        .get("/potsdam-ag-auslaenderbehoerde/pakete/12?meldungen=abc")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&nonsense), 20);
}
