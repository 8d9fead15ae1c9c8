//! Editing the record: who may do what, no lost updates, validation, history, security.

use crate::common;

use axum::http::StatusCode;
use common::endpoints::{milestone_form, milestone_id, pairs, version, POST_ENDPOINTS};
use common::{main_of, Session, TestApp};
use umsetzungsmonitor::domain::access::{Permission, Role};
use umsetzungsmonitor::error::AppError;

async fn history_len(app: &TestApp) -> i64 {
    app.count("history_entry").await
}

fn expected(role: Option<Role>, permission: Permission) -> StatusCode {
    match role {
        None => StatusCode::UNAUTHORIZED,
        Some(role) if role.allows(permission) => StatusCode::OK,
        Some(_) => StatusCode::FORBIDDEN,
    }
}

#[tokio::test]
async fn every_editing_endpoint_checks_the_role_on_the_server() {
    let app = TestApp::with_example().await;
    app.account(Role::Member, "Zielperson").await;
    let target: i64 =
        sqlx::query_scalar("SELECT id FROM account WHERE display_name = 'Zielperson'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let mut sessions: Vec<(Option<Role>, Option<Session>)> = vec![(None, None)];
    for (role, name) in [
        (Role::Member, "Mitglied"),
        (Role::Administration, "Verwaltung"),
        (Role::Admin, "Admin"),
    ] {
        sessions.push((Some(role), Some(app.signed_in(role, name).await)));
    }
    let mut table = Vec::new();
    for (round, (role, session)) in sessions.iter().enumerate() {
        for endpoint in POST_ENDPOINTS {
            let body = endpoint.body(&app, round, target).await;
            let before = history_len(&app).await;
            let answer = app
                .post_as(endpoint.path(), &pairs(&body), session.as_ref())
                .await;
            let want = expected(*role, endpoint.permission());
            assert_eq!(
                answer.status,
                want,
                "{role:?} POST {} → {}",
                endpoint.path(),
                answer.body
            );
            if want != StatusCode::OK {
                assert_eq!(
                    history_len(&app).await,
                    before,
                    "{role:?} {endpoint:?} changed nothing"
                );
            }
            table.push(format!(
                "{:<16} {:<45} {}",
                format!("{role:?}"),
                endpoint.path(),
                answer.status.as_u16()
            ));
        }
        let m = milestone_id(&app, "2.3").await;
        for (path, permission) in [
            (
                "/api/bearbeiten/paket?plan=potsdam-ag-auslaenderbehoerde&number=1".to_owned(),
                Permission::EditMilestones,
            ),
            (
                format!("/api/bearbeiten/meilenstein?plan=potsdam-ag-auslaenderbehoerde&id={m}"),
                Permission::EditMilestones,
            ),
            (
                "/api/verwaltung/konten".to_owned(),
                Permission::ManageAccounts,
            ),
            (
                format!("/api/verwaltung/konto?id={target}"),
                Permission::ManageAccounts,
            ),
        ] {
            let answer = app.get_as(&path, session.as_ref()).await;
            assert_eq!(
                answer.status,
                expected(*role, permission),
                "{role:?} GET {path}: {}",
                answer.body
            );
            table.push(format!(
                "{:<16} {:<45} {}",
                format!("{role:?}"),
                path,
                answer.status.as_u16()
            ));
        }
    }
    println!("{}", table.join("\n"));
}

#[tokio::test]
async fn cross_site_posts_are_refused_on_every_endpoint() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let before = history_len(&app).await;
    let mut paths: Vec<&str> = POST_ENDPOINTS.iter().map(|e| e.path()).collect();
    paths.extend(["/api/anmelden", "/api/abmelden"]);
    for path in paths {
        for headers in [
            vec![("origin", "https://evil.example")],
            vec![
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://evil.example"),
            ],
            vec![("sec-fetch-site", "same-site")],
            vec![("origin", "null")],
        ] {
            let answer = app
                .post_with(path, &[("id", "1")], Some(&admin), &headers)
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{path} with {headers:?}"
            );
            assert!(answer.body.contains("Anfrage abgelehnt"));
        }
    }
    assert_eq!(history_len(&app).await, before, "nothing was changed");
    let still_signed_in = app.get_as("/api/konto", Some(&admin)).await;
    assert!(
        still_signed_in.body.contains("Admin"),
        "the cross-site logout did not log out"
    );
    // The same requests from this site's own pages pass the check.
    for path in POST_ENDPOINTS.iter().map(|e| e.path()) {
        let same_origin = app
            .post_with(
                path,
                &[],
                Some(&admin),
                &[("origin", "http://monitor.test")],
            )
            .await;
        assert_ne!(
            same_origin.status,
            StatusCode::FORBIDDEN,
            "{path}: same origin passes the check"
        );
    }
}

#[tokio::test]
async fn no_state_change_over_get() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    for endpoint in POST_ENDPOINTS {
        let answer = app.get_as(endpoint.path(), Some(&member)).await;
        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "GET {}",
            endpoint.path()
        );
    }
}

#[tokio::test]
async fn a_second_save_from_an_outdated_form_is_refused_and_overwrites_nothing() {
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Member, "Ada").await;
    let bea = app.signed_in(Role::Administration, "Bea").await;
    let id = milestone_id(&app, "2.3").await;
    // Both open the form: same version.
    let loaded = version(&app, id).await;
    for session in [&ada, &bea] {
        let answer = app
            .get_as(
                &format!("/api/bearbeiten/meilenstein?plan=potsdam-ag-auslaenderbehoerde&id={id}"),
                Some(session),
            )
            .await;
        assert!(answer.body.contains(&format!("\"version\":{loaded}")));
    }
    let first = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&milestone_form(id, loaded, "Fassung von Ada")),
            Some(&ada),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let history_after_first = history_len(&app).await;

    let mut bea_form = milestone_form(id, loaded, "Fassung von Bea");
    bea_form
        .iter_mut()
        .find(|(k, _)| k == "public_note")
        .unwrap()
        .1 = "Beas Hinweis".into();
    let second = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&bea_form),
            Some(&bea),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let AppError::Conflict(conflict) = second.error() else {
        panic!("expected a conflict: {}", second.body);
    };
    assert_eq!(
        conflict.values["title"], "Fassung von Bea",
        "what Bea typed is kept"
    );
    assert_eq!(conflict.values["public_note"], "Beas Hinweis");
    assert_eq!(
        conflict.theirs["title"], "Fassung von Ada",
        "Ada's saved values are shown beside"
    );
    assert!(conflict.saved_by.contains("Ada"), "{}", conflict.saved_by);
    assert_eq!(conflict.current_version, loaded + 1);

    let stored: String = sqlx::query_scalar("SELECT title FROM milestone WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, "Fassung von Ada", "nothing was overwritten");
    assert_eq!(
        history_len(&app).await,
        history_after_first,
        "the refused save wrote no history"
    );

    // Saving again, knowingly, with the current version works.
    let again = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&milestone_form(
                id,
                conflict.current_version,
                "Fassung von Bea",
            )),
            Some(&bea),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
}

#[tokio::test]
async fn people_editing_different_milestones_do_not_block_each_other() {
    let app = TestApp::with_example().await;
    let ada = app.signed_in(Role::Member, "Ada").await;
    let bea = app.signed_in(Role::Member, "Bea").await;
    let (a, b) = (
        milestone_id(&app, "2.3").await,
        milestone_id(&app, "5.1").await,
    );
    let (va, vb) = (version(&app, a).await, version(&app, b).await);
    let form_a = milestone_form(a, va, "Ada ändert 2.3");
    let form_b = milestone_form(b, vb, "Bea ändert 5.1");
    let (pairs_a, pairs_b) = (pairs(&form_a), pairs(&form_b));
    let (first, second) = tokio::join!(
        app.post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs_a,
            Some(&ada)
        ),
        app.post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs_b,
            Some(&bea)
        ),
    );
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
}

#[tokio::test]
async fn invalid_input_is_refused_field_by_field_and_kept() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let id = milestone_id(&app, "2.3").await;
    let v = version(&app, id).await;
    let mut form = milestone_form(id, v, "");
    for (field, value) in [
        ("forecast", "31.02.2027"),
        ("completed", "01.01.2030"),
        ("status", "erledigt"),
        ("evidence", "javascript:alert(1)"),
    ] {
        form.iter_mut().find(|(k, _)| k == field).unwrap().1 = value.into();
    }
    let before = history_len(&app).await;
    let answer = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert_eq!(rejection.error("title"), Some("Bitte ausfüllen."));
    assert!(rejection
        .error("forecast")
        .unwrap()
        .contains("gibt es im Kalender nicht"));
    assert!(rejection.error("completed").is_some());
    assert!(rejection.error("evidence").unwrap().contains("http"));
    assert_eq!(rejection.value("forecast"), Some("31.02.2027"));
    assert_eq!(
        rejection.value("internal_note"),
        Some("Nur intern: Rückruf bei Frau M. ausstehend.")
    );
    assert_eq!(history_len(&app).await, before);
    assert_eq!(version(&app, id).await, v, "nothing saved");

    let long_title = "x".repeat(201);
    let mut form = milestone_form(id, v, &long_title);
    form.iter_mut().find(|(k, _)| k == "forecast").unwrap().1 = "2027-06-30".into();
    let answer = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(&member),
        )
        .await;
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert!(rejection.error("title").unwrap().contains("200"));
    assert_eq!(
        rejection.errors.len(),
        1,
        "ISO dates are fine: {:?}",
        rejection.errors
    );
}

#[tokio::test]
async fn changes_appear_in_the_public_history_with_organisation_not_name() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Ada Lovelace").await;
    let id = milestone_id(&app, "2.3").await;
    let v = version(&app, id).await;
    let mut form = milestone_form(id, v, "Weisungen online gestellt");
    form.iter_mut().find(|(k, _)| k == "status").unwrap().1 = "erledigt".into();
    form.iter_mut().find(|(k, _)| k == "completed").unwrap().1 = "20.11.2026".into();
    form.iter_mut().find(|(k, _)| k == "forecast").unwrap().1 = String::new();
    let answer = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    for path in [
        "/potsdam-ag-auslaenderbehoerde/aenderungen",
        "/potsdam-ag-auslaenderbehoerde/pakete/2",
    ] {
        let (status, html) = app.get(path).await;
        assert_eq!(status, StatusCode::OK);
        let main = main_of(&html);
        assert!(
            main.contains("Weisungen online gestellt"),
            "{path} shows the change"
        );
        assert!(
            main.contains("Organisation Ada Lovelace"),
            "{path} names the organisation"
        );
        assert!(
            !main.contains("Ada Lovelace ("),
            "{path} hides the person's name from the public"
        );
        assert!(
            !html.contains("Rückruf bei Frau M."),
            "{path} never shows internal notes publicly"
        );
        assert!(
            main.contains("in Arbeit") || main.contains("offen"),
            "old status shown"
        );
    }
    let signed_in = app
        .get_as(
            "/api/aenderungen?plan=potsdam-ag-auslaenderbehoerde&page=1",
            Some(&member),
        )
        .await;
    assert!(
        signed_in.body.contains("\"actor_name\":\"Ada Lovelace\""),
        "members see names"
    );
    assert!(
        signed_in.body.contains("Rückruf bei Frau M."),
        "members see internal notes"
    );
    let public = app
        .get_as(
            "/api/aenderungen?plan=potsdam-ag-auslaenderbehoerde&page=1",
            None,
        )
        .await;
    assert!(public.body.contains("\"actor_name\":null"));
    assert!(!public.body.contains("Rückruf bei Frau M."));

    // The dashboard counts it as done.
    let (_, html) = app.get("/").await;
    assert!(
        main_of(&html).contains("24 von 42"),
        "one more milestone done"
    );
}

#[tokio::test]
async fn history_cannot_be_changed_or_deleted() {
    let app = TestApp::with_example().await;
    assert!(sqlx::query("UPDATE history_entry SET new_value = 'x'")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM history_entry")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(
        history_len(&app).await > 0,
        "the example import is recorded"
    );
}

#[tokio::test]
async fn internal_notes_are_never_shown_to_the_public() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let id = milestone_id(&app, "2.3").await;
    let v = version(&app, id).await;
    let answer = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&milestone_form(id, v, "Titel")),
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let secret = "Rückruf bei Frau M.";
    for path in [
        "/",
        "/potsdam-ag-auslaenderbehoerde/pakete/2",
        "/potsdam-ag-auslaenderbehoerde/aenderungen",
        "/api/package?plan=potsdam-ag-auslaenderbehoerde&number=2",
        "/api/dashboard?plan=potsdam-ag-auslaenderbehoerde",
        "/api/aenderungen?plan=potsdam-ag-auslaenderbehoerde&page=1",
    ] {
        let (_, body) = app.get(path).await;
        assert!(!body.contains(secret), "{path} leaks the internal note");
    }
    let page = app
        .get_as(
            "/api/package?plan=potsdam-ag-auslaenderbehoerde&number=2",
            Some(&member),
        )
        .await;
    assert!(page.body.contains(secret), "members see it");
}

#[tokio::test]
async fn changing_a_demanded_date_needs_a_reason_and_is_shown_as_rebaselining() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let id = milestone_id(&app, "2.3").await;
    let v = version(&app, id).await;
    let without = app
        .post_as(
            "/api/bearbeiten/soll-termin",
            &[
                ("id", &id.to_string()),
                ("version", &v.to_string()),
                ("demanded", "31.03.2027"),
                ("reason", ""),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(without.status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(rejection) = without.error() else {
        panic!()
    };
    assert!(rejection.error("reason").unwrap().contains("Begründung"));

    let with = app
        .post_as(
            "/api/bearbeiten/soll-termin",
            &[
                ("id", &id.to_string()),
                ("version", &v.to_string()),
                ("demanded", "31.03.2027"),
                ("reason", "Abstimmung mit dem Land dauert länger"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(with.status, StatusCode::OK, "{}", with.body);
    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/2").await;
    let main = main_of(&html);
    assert!(main.contains("Geänderte Soll-Termine"));
    assert!(main.contains("Soll-Termin geändert von <span class=\"changes__old\">30.06.2022</span> auf <strong>31.03.2027</strong>"), "{main}");
    assert!(main.contains("Abstimmung mit dem Land dauert länger"));
    // The milestone is judged against the new date.
    assert!(main.contains("im Zeitplan"));
}

#[tokio::test]
async fn members_post_status_updates_to_the_public_timeline() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let answer = app
        .post_as(
            "/api/bearbeiten/meldung",
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                ("package", "12"),
                ("occurred_on", "2026-11-20"),
                ("body", "Die AG hat den Entwurf des Zeitplans beraten."),
                ("link", "https://example.org/protokoll"),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/12").await;
    let main = main_of(&html);
    assert!(main.contains("Die AG hat den Entwurf des Zeitplans beraten."));
    assert!(main.contains("20.11.2026"));
    assert!(main.contains("href=\"https://example.org/protokoll\""));
    let future = app
        .post_as(
            "/api/bearbeiten/meldung",
            &[
                ("plan", "potsdam-ag-auslaenderbehoerde"),
                ("package", "12"),
                ("occurred_on", "01.01.2027"),
                ("body", "x"),
                ("link", ""),
            ],
            Some(&member),
        )
        .await;
    assert_eq!(future.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn milestones_can_be_created_and_reordered() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let mut form = milestone_form(0, 0, "Neue Sprechstunde eingerichtet");
    form.retain(|(k, _)| k != "id" && k != "version");
    form.push(("plan".into(), "potsdam-ag-auslaenderbehoerde".into()));
    form.push(("package".into(), "11".into()));
    let created = app
        .post_as(
            "/api/bearbeiten/meilenstein-anlegen",
            &pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert!(created.headers["location"]
        .to_str()
        .unwrap()
        .starts_with("/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/11?angelegt="));
    // A member cannot set the demanded date on creation.
    form.push(("demanded".into(), "31.12.2027".into()));
    let refused = app
        .post_as(
            "/api/bearbeiten/meilenstein-anlegen",
            &pairs(&form),
            Some(&member),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let titles = |html: String| -> Vec<String> {
        let main = main_of(&html).to_owned();
        main.match_indices("class=\"milestone__title\">")
            .map(|(i, m)| {
                let rest = &main[i + m.len()..];
                // The title sits in its own `<span>` (with `lang` on English pages).
                let rest = &rest[rest.find('>').unwrap() + 1..];
                rest[..rest.find('<').unwrap()].to_owned()
            })
            .collect()
    };
    let before = titles(app.get("/potsdam-ag-auslaenderbehoerde/pakete/11").await.1);
    assert_eq!(before.last().unwrap(), "Neue Sprechstunde eingerichtet");
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM milestone WHERE title = 'Neue Sprechstunde eingerichtet'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let moved = app
        .post_as(
            "/api/bearbeiten/meilenstein-verschieben",
            &[("id", &id.to_string()), ("direction", "hoch")],
            Some(&member),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let after = titles(app.get("/potsdam-ag-auslaenderbehoerde/pakete/11").await.1);
    assert_eq!(after[after.len() - 2], "Neue Sprechstunde eingerichtet");
    assert_eq!(after.len(), before.len());
}

#[tokio::test]
async fn login_sets_a_protected_cookie_with_a_fresh_session_id() {
    let app = TestApp::with_example().await;
    let (email, password) = app.account(Role::Member, "Mitglied").await;
    let answer = app
        .post_with(
            "/api/anmelden",
            &[("email", &email), ("password", &password)],
            Some(&Session {
                cookie: "sitzung=vom-angreifer-gesetzt".into(),
            }),
            &[],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let set_cookie = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("sitzung="))
        .unwrap();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "Secure is off unless configured"
    );
    assert!(!set_cookie.starts_with("sitzung=vom-angreifer-gesetzt"));
    // `/bearbeiten` leads on to the first plan the account works in.
    assert_eq!(answer.headers["location"], "/bearbeiten");
    // Anonymous visitors get no cookie at all.
    let request = axum::http::Request::builder()
        .uri("/")
        .body(axum::body::Body::empty())
        .unwrap();
    let anonymous = app.send(request).await;
    assert!(anonymous.headers.get("set-cookie").is_none());
}

#[tokio::test]
async fn repeated_login_failures_are_throttled() {
    let app = TestApp::with_example().await;
    let (email, password) = app.account(Role::Member, "Mitglied").await;
    for attempt in 0..5 {
        let answer = app
            .post_as(
                "/api/anmelden",
                &[("email", &email), ("password", "falsch-falsch-falsch")],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "attempt {attempt}");
        let AppError::Invalid(rejection) = answer.error() else {
            panic!()
        };
        assert_eq!(
            rejection.general.as_deref(),
            Some("E-Mail-Adresse oder Passwort stimmen nicht.")
        );
        assert_eq!(rejection.value("email"), Some(email.as_str()));
        assert_eq!(rejection.value("password"), None);
    }
    let locked = app
        .post_as(
            "/api/anmelden",
            &[("email", &email), ("password", &password)],
            None,
        )
        .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(matches!(locked.error(), AppError::TooManyRequests { minutes } if minutes >= 14));
}

#[tokio::test]
async fn unknown_addresses_and_disabled_accounts_cannot_sign_in() {
    let app = TestApp::with_example().await;
    let unknown = app
        .post_as(
            "/api/anmelden",
            &[
                ("email", "niemand@x.test"),
                ("password", "irgendein-passwort"),
            ],
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(rejection) = unknown.error() else {
        panic!()
    };
    assert_eq!(
        rejection.general.as_deref(),
        Some("E-Mail-Adresse oder Passwort stimmen nicht."),
        "same answer as a wrong password"
    );
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let (email, password) = app.account(Role::Member, "Mitglied").await;
    let member = app.login(&email, &password).await;
    assert!(app
        .get_as("/api/konto", Some(&member))
        .await
        .body
        .contains("Mitglied"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM account WHERE email = $1")
        .bind(&email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let disabled = app
        .post_as(
            "/api/verwaltung/konto-sperren",
            &[("id", &id.to_string()), ("disabled", "true")],
            Some(&admin),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    assert_eq!(
        app.get_as("/api/konto", Some(&member)).await.body,
        "null",
        "the session ended"
    );
    let m = milestone_id(&app, "2.3").await;
    let v = version(&app, m).await;
    let refused = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&milestone_form(m, v, "x")),
            Some(&member),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let relogin = app
        .post_as(
            "/api/anmelden",
            &[("email", &email), ("password", &password)],
            None,
        )
        .await;
    assert_eq!(relogin.status, StatusCode::BAD_REQUEST);
    // Re-enabling does not revive the old session.
    app.post_as(
        "/api/verwaltung/konto-sperren",
        &[("id", &id.to_string()), ("disabled", "false")],
        Some(&admin),
    )
    .await;
    assert_eq!(app.get_as("/api/konto", Some(&member)).await.body, "null");
}

#[tokio::test]
async fn the_last_admin_cannot_lock_themselves_out() {
    let app = TestApp::with_example().await;
    let admin = app.signed_in(Role::Admin, "Admin").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM account WHERE role = 'admin'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let demote = app
        .post_as(
            "/api/verwaltung/konto-aendern",
            &[
                ("id", &id.to_string()),
                (
                    "version",
                    &common::endpoints::account_version(&app, id)
                        .await
                        .to_string(),
                ),
                ("display_name", "Admin"),
                ("organisation", "Betrieb"),
                ("role", "member"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(demote.status, StatusCode::BAD_REQUEST);
    let lock = app
        .post_as(
            "/api/verwaltung/konto-sperren",
            &[("id", &id.to_string()), ("disabled", "true")],
            Some(&admin),
        )
        .await;
    assert_eq!(lock.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn protected_pages_send_signed_out_visitors_to_sign_in() {
    let app = TestApp::with_example().await;
    let browse = |path: &'static str, session: Option<&Session>| {
        let mut request = axum::http::Request::builder()
            .uri(path)
            .header("accept", "text/html");
        if let Some(session) = session {
            request = request.header("cookie", &session.cookie);
        }
        app.send(request.body(axum::body::Body::empty()).unwrap())
    };
    for path in [
        "/potsdam-ag-auslaenderbehoerde/bearbeiten",
        "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/1",
        "/verwaltung",
    ] {
        let answer = browse(path, None).await;
        assert_eq!(answer.status, StatusCode::FOUND, "{path}");
        assert_eq!(
            answer.headers["location"],
            format!("/anmelden?weiter={path}")
        );
    }
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let page = |path: &'static str| browse(path, Some(&member));
    assert_eq!(
        page("/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/1")
            .await
            .status,
        StatusCode::OK
    );
    let admin_only = page("/verwaltung").await;
    assert_eq!(admin_only.status, StatusCode::FORBIDDEN);
    assert!(admin_only.body.contains("Berechtigung"));
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_no_caching_when_signed_in() {
    let app = TestApp::with_example().await;
    let request = axum::http::Request::builder()
        .uri("/")
        .body(axum::body::Body::empty())
        .unwrap();
    let answer = app.send(request).await;
    let csp = answer.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        answer.body.contains(&format!("nonce=\"{nonce}\"")),
        "hydration script carries the nonce"
    );
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(answer.headers["x-frame-options"], "DENY");
    // Public: a proxy may store it but asks again; language and sign-in vary by cookie.
    assert_eq!(answer.headers["cache-control"], "public, no-cache");
    assert_eq!(answer.headers["vary"], "Accept-Encoding, Cookie");
    // From the cache: the policy still names the nonce the page's scripts carry.
    let again = app
        .send(
            axum::http::Request::builder()
                .uri("/")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.body, answer.body);
    assert_eq!(again.headers["content-security-policy"], csp.as_str());
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let signed_in = app.get_as("/", Some(&member)).await;
    assert_eq!(signed_in.headers["cache-control"], "private, no-store");
}

#[tokio::test]
async fn a_plain_form_post_with_errors_returns_to_the_form_with_the_input() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let id = milestone_id(&app, "8.2").await;
    let mut form = milestone_form(id, version(&app, id).await, "Kindeswohl als Kriterium");
    form.iter_mut().find(|(k, _)| k == "forecast").unwrap().1 = "kommt noch".into();
    let referer =
        format!("http://monitor.test/potsdam-ag-auslaenderbehoerde/bearbeiten/meilensteine/{id}");
    let answer = app
        .post_with(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(&member),
            &[
                ("accept", "text/html"),
                ("referer", &referer),
                ("origin", "http://monitor.test"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FOUND, "{}", answer.body);
    // The refused input (with the internal note) waits in the session, not in the address,
    // which proxies log and the browser history keeps.
    let location = answer.headers["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/potsdam-ag-auslaenderbehoerde/bearbeiten/meilensteine/{id}")
    );

    let request = axum::http::Request::builder()
        .uri(&location)
        .header("accept", "text/html")
        .header("cookie", &member.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let page = app.send(request).await;
    assert_eq!(page.status, StatusCode::OK);
    let main = main_of(&page.body);
    assert!(main.contains("Das hat nicht geklappt"));
    assert!(main.contains("„kommt noch“ ist kein Datum"));
    assert!(
        main.contains("value=\"kommt noch\""),
        "the typed value is back in the field"
    );
    assert!(
        main.contains("Nur intern: Rückruf bei Frau M. ausstehend."),
        "other fields too"
    );
    assert!(main.contains("aria-invalid=\"true\""));

    // Shown once: a reload shows the stored record, not the refused input.
    let again = app
        .send(
            axum::http::Request::builder()
                .uri(&location)
                .header("accept", "text/html")
                .header("cookie", &member.cookie)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(!main_of(&again.body).contains("„kommt noch“ ist kein Datum"));
}

/// Sets one field of a form.
fn set(form: &mut [(String, String)], field: &str, value: &str) {
    match form.iter_mut().find(|(k, _)| k == field) {
        Some(entry) => entry.1 = value.to_owned(),
        None => panic!("no field {field}"),
    }
}

#[tokio::test]
async fn a_later_forecast_needs_a_reason_and_every_move_is_shown_and_exported() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let id = milestone_id(&app, "2.3").await;
    let save = |form: Vec<(String, String)>| {
        let (app, member) = (&app, &member);
        async move {
            app.post_as(
                "/api/bearbeiten/meilenstein-speichern",
                &pairs(&form),
                Some(member),
            )
            .await
        }
    };
    let form_for = |version: i64, forecast: &str, category: &str, reason: &str| {
        let mut form = milestone_form(id, version, "Weisungen öffentlich zugänglich gemacht");
        set(&mut form, "forecast", forecast);
        set(&mut form, "forecast_category", category);
        set(&mut form, "forecast_reason", reason);
        form
    };
    // A first forecast needs no reason.
    let answer = save(form_for(version(&app, id).await, "30.06.2027", "", "")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    // Later without a reason: refused beside both fields, nothing stored.
    let v = version(&app, id).await;
    let before = history_len(&app).await;
    let answer = save(form_for(v, "31.12.2027", "", "")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert_eq!(
        rejection.error("forecast_category"),
        Some("Bitte wählen Sie, warum sich die Prognose verschiebt.")
    );
    assert!(rejection
        .error("forecast_reason")
        .unwrap()
        .contains("öffentlich"));
    assert_eq!(rejection.value("forecast"), Some("31.12.2027"), "kept");
    assert_eq!(
        (version(&app, id).await, history_len(&app).await),
        (v, before)
    );
    // A category without a text, or an unknown one, is refused too.
    let answer = save(form_for(v, "31.12.2027", "haushalt", " ")).await;
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert!(rejection.error("forecast_reason").is_some());
    assert!(rejection.error("forecast_category").is_none());
    let answer = save(form_for(v, "31.12.2027", "wetter", "Regen")).await;
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert!(rejection.error("forecast_category").is_some());

    // With its reason: saved; earlier needs none; later again with another reason.
    for (forecast, category, reason) in [
        (
            "31.12.2027",
            "haushalt",
            "Mittel erst im Doppelhaushalt 2027/28.",
        ),
        ("30.09.2027", "", ""),
        (
            "31.03.2028",
            "personal",
            "Zwei Stellen im Sachgebiet unbesetzt.",
        ),
    ] {
        let v = version(&app, id).await;
        let answer = save(form_for(v, forecast, category, reason)).await;
        assert_eq!(answer.status, StatusCode::OK, "{forecast}: {}", answer.body);
    }
    let stored: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT old_value, new_value, reason_category, comment FROM history_entry \
         WHERE entity = 'milestone' AND entity_id = $1 AND field = 'forecast_on' \
         AND old_value IS NOT NULL ORDER BY id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        stored,
        [
            (
                "2027-06-30".into(),
                "2027-12-31".into(),
                Some("haushalt".into()),
                "Mittel erst im Doppelhaushalt 2027/28.".into()
            ),
            (
                "2027-12-31".into(),
                "2027-09-30".into(),
                None,
                String::new()
            ),
            (
                "2027-09-30".into(),
                "2028-03-31".into(),
                Some("personal".into()),
                "Zwei Stellen im Sachgebiet unbesetzt.".into()
            ),
        ]
    );

    // The package page: the summary in the table, linking to the moves with their reasons.
    let summary = "2× verschoben, 1× vorgezogen, zusammen +275 Tage";
    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/pakete/2").await;
    let main = main_of(&html);
    assert!(
        main.contains(&format!(
            "<a href=\"#prognose-{id}\" class=\"milestone__moves\">{summary}</a>"
        )),
        "{main}"
    );
    assert!(main.contains(&format!("id=\"prognose-{id}\"")));
    assert!(main.contains("Prognose von 30.06.2027 auf 31.12.2027 (+184 Tage)"));
    assert!(main.contains("Prognose von 31.12.2027 auf 30.09.2027 (−92 Tage)"));
    assert!(main.contains("Haushalt"));
    assert!(main.contains("Mittel erst im Doppelhaushalt 2027/28."));
    assert!(main.contains("ohne Angabe eines Grundes"));
    let english = axum::http::Request::builder()
        .uri("/potsdam-ag-auslaenderbehoerde/pakete/2")
        .header(axum::http::header::COOKIE, "sprache=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let html = app.send(english).await.body;
    assert!(
        main_of(&html).contains("postponed 2×, brought forward 1×, +275 days in total"),
        "{html}"
    );
    assert!(main_of(&html).contains("Budget"));

    // The open data: per milestone and as a list; none of it as of the day before.
    let (_, json) = app
        .get("/potsdam-ag-auslaenderbehoerde/api/v1/plan.json")
        .await;
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let milestone = document["packages"][1]["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(milestone["forecast_postponed"], 2);
    assert_eq!(milestone["forecast_moved_days"], 275);
    let moves: Vec<&serde_json::Value> = document["forecast_moves"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["milestone_id"] == id)
        .collect();
    assert_eq!(moves.len(), 3);
    assert_eq!(moves[0]["category"], "haushalt");
    assert_eq!(moves[0]["days"], 184);
    assert_eq!(moves[1]["category"], serde_json::Value::Null);
    let (_, json) = app
        .get("/potsdam-ag-auslaenderbehoerde/api/v1/plan.json?stand=2026-11-20")
        .await;
    let earlier: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(earlier["forecast_moves"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["milestone_id"] != id));

    // The CSV: the count and the days in their own columns.
    let (_, _, bytes) = app
        .download(
            "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv",
            None,
        )
        .await;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (count, days) = (
        column("Prognose verschoben (Anzahl)"),
        column("Prognose verschoben (Tage zusammen)"),
    );
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[2] == id.to_string())
        .unwrap();
    assert_eq!((&row[count], &row[days]), ("2", "275"));

    // The change history and the feed say the category with the reason.
    let (_, html) = app.get("/potsdam-ag-auslaenderbehoerde/aenderungen").await;
    assert!(
        main_of(&html).contains(
            "<span class=\"forecast-moves__category\">Personal</span> – <span>Zwei Stellen"
        ),
        "{html}"
    );
    let (_, _, atom) = app
        .download(
            "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom",
            None,
        )
        .await;
    let atom = String::from_utf8(atom).unwrap();
    assert!(
        atom.contains("Begründung: Haushalt – Mittel erst im Doppelhaushalt 2027/28."),
        "{atom}"
    );
    // The calendar entry says how often the forecast moved.
    let (_, _, ics) = app
        .download("/potsdam-ag-auslaenderbehoerde/pakete/2/termine.ics", None)
        .await;
    let ics = String::from_utf8(ics).unwrap().replace("\r\n ", "");
    assert!(
        ics.contains("Prognose 2× verschoben\\, 1× vorgezogen\\, zusammen +275 Tage"),
        "{ics}"
    );
}
