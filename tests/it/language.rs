//! The language switch works without JavaScript, and the legal pages exist on every page.

use crate::common;

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
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
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

#[tokio::test]
async fn english_pages_show_english_content_and_mark_the_german_fallback() {
    let app = TestApp::with_example().await;

    let (_, dashboard) = page(&app, "/", Some("sprache=en")).await;
    let main = main_of(&dashboard);
    // The example translates the plan and every package title.
    assert!(
        main.contains("<h1>Implementing the recommendations"),
        "{main}"
    );
    assert!(main.contains("On 5 December 2018"));
    assert!(main.contains("<span>Mission statement and guiding principle</span>"));
    assert!(!main.contains("Leitbild und Leitsatz"));
    // The owner exists in German only.
    assert!(main.contains("<span lang=\"de\">AG Ausländerbehörde des Bündnisses"));

    let (_, first) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/1",
        Some("sprache=en"),
    )
    .await;
    let main = main_of(&first);
    assert!(main.contains("Mission statement process started in the office"));
    assert!(main.contains("<dd>A new mission statement"), "{main}");
    assert!(main.contains("<dd lang=\"de\">Leitung Migrationsamt"));

    // Package 2's milestones have no English titles: German, marked as such.
    let (_, second) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/2",
        Some("sprache=en"),
    )
    .await;
    let main = main_of(&second);
    assert!(main.contains("<span>Directives guiding discretion</span>"));
    assert!(
        main.contains(
            "<span lang=\"de\">Entwurf der ermessenslenkenden Weisungen liegt vor</span>"
        ),
        "{main}"
    );
    // Its summary is German only.
    assert!(main.contains("<dd lang=\"de\">"));

    // German pages show the originals and need no language marks.
    let (_, german) = page(&app, "/potsdam-ag-auslaenderbehoerde/pakete/1", None).await;
    let main = main_of(&german);
    let h1 = &main[main.find("<h1").unwrap()..main.find("</h1>").unwrap()];
    assert!(h1.contains("<span>Leitbild und Leitsatz</span>"), "{h1}");
    assert!(main.contains(
        "<span class=\"milestone__title\"><span>Leitbildprozess in der Behörde begonnen</span>"
    ));
    // (English texts appear only as values in the change history.)
    assert!(!main.contains("<span>Mission statement process"));
    assert!(!main.contains("lang=\""), "{main}");

    // The charts are drawn in the reader's language, titles included.
    let (_, schedule) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/zeitplan",
        Some("sprache=en"),
    )
    .await;
    let main = main_of(&schedule);
    assert!(main.contains("<h1>Schedule: demanded, forecast and actual</h1>"));
    assert!(main.contains("<title id=\"grafik-zeitplan-titel\">Schedule of all measure packages"));
    assert!(main.contains("13 measure packages:"), "{main}");
    assert!(main.contains("href=\"/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg?sprache=en\""));
    assert!(
        main.contains("1  Mission statement and guiding pri…"),
        "band labels in English"
    );
    let dashboard_en = main_of(&dashboard);
    assert!(dashboard_en.contains("Progress against the demanded schedule"));
    let (_, file) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg?sprache=en",
        None,
    )
    .await;
    assert!(file.contains("Milestones done") && file.contains("Up to today ("));
    let (_, file) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/grafik/fortschritt.svg",
        None,
    )
    .await;
    assert!(file.contains("Meilensteine erledigt") && file.contains("Bis heute ("));
    let (_, file) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/grafik/pakete/2.svg?sprache=fr",
        None,
    )
    .await;
    assert!(
        file.contains("Zeitplan von Paket 2"),
        "unknown languages draw German"
    );

    // The history: English words around German content.
    let (_, changes) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/aenderungen",
        Some("sprache=en"),
    )
    .await;
    let main = main_of(&changes);
    assert!(main.contains("<h1>All changes</h1>"));
    assert!(
        // The newest save of the example's recorded past.
        main.contains("Milestone “<span lang=\"de\">Abschlussklausur mit der AG und interessierten Bündnismitgliedern</span>” (package 12) changed")
            && main.contains("<dt>Forecast</dt>"),
        "{}",
        &main[..2000.min(main.len())]
    );
    assert!(main.contains("30 April 2027"), "dates in English");
    let (_, changes) = page(&app, "/potsdam-ag-auslaenderbehoerde/aenderungen", None).await;
    let main = main_of(&changes);
    assert!(
        main.contains(
            "Meilenstein „<span>Abschlussklausur mit der AG und interessierten Bündnismitgliedern</span>“ (Paket 12) geändert"
        ) && main.contains("<dt>Prognose</dt>"),
        "{}",
        &main[..2000.min(main.len())]
    );

    // Signing in, in English, including what the server says about a failed attempt.
    let (_, login) = page(&app, "/anmelden", Some("sprache=en")).await;
    let main = main_of(&login);
    assert!(main.contains("<h1>Sign in</h1>") && main.contains(">E-mail address</label>"));
    let refused = app
        .post_with(
            "/api/anmelden",
            &[
                ("email", "niemand@example.org"),
                ("password", "falsch-falsch-falsch"),
            ],
            None,
            &[("sec-fetch-site", "same-origin"), ("cookie", "sprache=en")],
        )
        .await;
    assert!(
        refused
            .body
            .contains("The e-mail address or the password is not correct."),
        "{}",
        refused.body
    );

    // Reports: the page in English, the files German (and it says so).
    let (_, reports) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/berichte?stand=kaputt",
        Some("sprache=en"),
    )
    .await;
    let main = main_of(&reports);
    assert!(main.contains("<h1>Reports and open data</h1>"));
    assert!(
        main.contains("Progress report") && main.contains("The files themselves are in German")
    );
    assert!(main.contains("“kaputt” is not a valid date."), "{main}");
}

#[tokio::test]
async fn members_pages_and_their_answers_follow_the_language() {
    use umsetzungsmonitor::domain::access::Role;
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Ada").await;
    let admin = app.signed_in(Role::Admin, "Bea").await;
    let english = |session: &common::Session| common::Session {
        cookie: format!("{}; sprache=en", session.cookie),
    };

    // Editing: English interface; the German texts being edited are marked as such.
    let (_, html) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/bearbeiten",
        Some(&english(&member).cookie),
    )
    .await;
    let main = main_of(&html);
    assert!(
        main.contains("<h1>Edit the implementation record</h1>"),
        "{main}"
    );
    assert!(
        main.contains("Package 2: <span>Directives guiding discretion"),
        "{main}"
    );
    let (_, html) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/2",
        Some(&english(&member).cookie),
    )
    .await;
    let main = main_of(&html);
    for text in [
        "Edit package 2",
        "Publish an update",
        "What has happened?",
        "Milestones in their public order",
    ] {
        assert!(main.contains(text), "{text}");
    }
    assert!(
        main.contains("<h1><span class=\"eyebrow\">Edit package 2</span><span lang=\"de\">"),
        "{main}"
    );
    assert!(!main.contains("Meldung veröffentlichen"));
    let (_, html) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/2",
        Some(&member.cookie),
    )
    .await;
    let main = main_of(&html);
    assert!(main.contains("Meldung veröffentlichen") && !main.contains("lang=\"de\""));
    let id = common::endpoints::milestone_id(&app, "2.1").await;
    let (_, html) = page(
        &app,
        &format!("/potsdam-ag-auslaenderbehoerde/bearbeiten/meilensteine/{id}"),
        Some(&english(&member).cookie),
    )
    .await;
    let main = main_of(&html);
    assert!(
        main.contains("Administration&#x27;s forecast")
            || main.contains("Administration's forecast"),
        "{main}"
    );
    assert!(main.contains("Format DD.MM.YYYY, for example 31.12.2026"));

    // A refused form answers in the language of the page that sent it.
    let version = common::endpoints::version(&app, id).await;
    let mut form = common::endpoints::milestone_form(id, version, "");
    for (name, value) in &mut form {
        if name == "completed" {
            *value = "31.02.2026".into();
        }
    }
    for (session, expected) in [
        (
            english(&member),
            [
                "Please fill in this field.",
                "“31.02.2026” does not exist in the calendar.",
            ],
        ),
        (
            member.clone(),
            [
                "Bitte ausfüllen.",
                "„31.02.2026“ gibt es im Kalender nicht.",
            ],
        ),
    ] {
        let refused = app
            .post_as(
                "/api/bearbeiten/meilenstein-speichern",
                &common::endpoints::pairs(&form),
                Some(&session),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        for message in expected {
            assert!(refused.body.contains(message), "{}", refused.body);
        }
    }

    // Accounts: English interface and role names; refusals in English.
    let (_, html) = page(&app, "/verwaltung", Some(&english(&admin).cookie)).await;
    let main = main_of(&html);
    for text in [
        "<h1>Accounts of the working group</h1>",
        "Create account",
        "Member of the working group",
        if crate::common::on_postgres() {
            "backed up and restored with the database server's tools"
        } else {
            "Download backup"
        },
    ] {
        assert!(main.contains(text), "{text}");
    }
    let taken = app
        .post_as(
            "/api/verwaltung/konto-anlegen",
            &[
                ("email", "ada@member.test"),
                ("display_name", "Ada"),
                ("organisation", "Diakonie Potsdam"),
                ("role", "member"),
                ("password", "ein langes Passwort"),
            ],
            Some(&english(&admin)),
        )
        .await;
    assert!(
        taken
            .body
            .contains("There already is an account for this e-mail address."),
        "{}",
        taken.body
    );

    // Answers given before the app: in the cookie's language, German without one.
    let huge = "x".repeat(300 * 1024);
    for (cookie, expected, lang) in [
        (Some("sprache=en"), "<h1>Request too large</h1>", "en"),
        (None, "<h1>Anfrage zu groß</h1>", "de"),
    ] {
        let mut headers = vec![("sec-fetch-site", "same-origin")];
        if let Some(cookie) = cookie {
            headers.push(("cookie", cookie));
        }
        let answer = app
            .post_with("/api/anmelden", &[("email", &huge)], None, &headers)
            .await;
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(answer.body.contains(expected), "{}", answer.body);
        assert!(answer.body.contains(&format!("<html lang=\"{lang}\">")));
    }
}

#[tokio::test]
async fn members_edit_the_english_versions_and_other_forms_leave_them_alone() {
    use umsetzungsmonitor::domain::access::Role;
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Ada").await;
    let admin = app.signed_in(Role::Admin, "Bea").await;
    let texts = |english: Option<(&str, &str)>, version: i64| {
        let version = version.to_string();
        let mut fields = vec![
            ("plan", "potsdam-ag-auslaenderbehoerde"),
            ("package", "2"),
            ("version", version.as_str()),
            ("title", "Ermessenslenkende Weisungen"),
            ("summary", "Neue Zusammenfassung."),
            ("goal", ""),
            ("responsible_unit", ""),
            ("source_reference", ""),
        ];
        if let Some((title, summary)) = english {
            fields.extend([
                ("englisch", "true"),
                ("title_en", title),
                ("summary_en", summary),
                ("goal_en", ""),
            ]);
        }
        fields
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    let save = |fields: Vec<(String, String)>| {
        let app = &app;
        let admin = &admin;
        async move {
            app.post_as(
                "/api/bearbeiten/paket-texte",
                &common::endpoints::pairs(&fields),
                Some(admin),
            )
            .await
        }
    };
    let saved = save(texts(
        Some(("Discretion directives", "New summary.")),
        common::endpoints::package_version(&app, 2).await,
    ))
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let (_, html) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/2",
        Some("sprache=en"),
    )
    .await;
    assert!(main_of(&html).contains("<span>Discretion directives</span>"));
    assert!(main_of(&html).contains("<dd>New summary.</dd>"));

    // A form without the English fields (an older page, a script) keeps them.
    let saved = save(texts(
        None,
        common::endpoints::package_version(&app, 2).await,
    ))
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let stored: (String, String) =
        sqlx::query_as("SELECT title_en, summary_en FROM measure_package WHERE number = 2")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        ("Discretion directives".into(), "New summary.".into())
    );

    // Too long: refused next to the field, nothing stored.
    let long = "x".repeat(201);
    let refused = save(texts(
        Some((&long, "")),
        common::endpoints::package_version(&app, 2).await,
    ))
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("title_en"), "{}", refused.body);
    let stored: String =
        sqlx::query_scalar("SELECT title_en FROM measure_package WHERE number = 2")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, "Discretion directives");

    // Milestones: the English title is saved, shown, recorded in the history, and cleared.
    let id = common::endpoints::milestone_id(&app, "2.1").await;
    let version = common::endpoints::version(&app, id).await;
    let mut form = common::endpoints::milestone_form(id, version, "Entwurf liegt vor");
    form.push(("englisch".into(), "true".into()));
    form.push(("title_en".into(), "Draft available".into()));
    let saved = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &common::endpoints::pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let (_, html) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/2",
        Some("sprache=en"),
    )
    .await;
    assert!(main_of(&html).contains("<span>Draft available</span>"));
    let (_, changes) = page(&app, "/potsdam-ag-auslaenderbehoerde/aenderungen", None).await;
    assert!(main_of(&changes).contains("Titel (englisch)"));

    let mut form = common::endpoints::milestone_form(id, version + 1, "Entwurf liegt vor");
    form.push(("englisch".into(), "true".into()));
    form.push(("title_en".into(), String::new()));
    let cleared = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &common::endpoints::pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
    let (_, html) = page(
        &app,
        "/potsdam-ag-auslaenderbehoerde/pakete/2",
        Some("sprache=en"),
    )
    .await;
    assert!(main_of(&html).contains("<span lang=\"de\">Entwurf liegt vor</span>"));
}
