//! Two voices per milestone (issue 19, part 1): the administration's statement and the
//! working group's assessment, each set only by its role, shown side by side where they
//! differ, counted on the dashboard, rewound by `?stand=` and in every export.

use crate::common;

use axum::http::StatusCode;
use common::endpoints::{milestone_form, milestone_id, pairs, version};
use common::{main_of, today, Session, TestApp};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::error::AppError;

const PLAN: &str = "potsdam-ag-auslaenderbehoerde";
const SAVE: &str = "/api/bearbeiten/meilenstein-speichern";

/// The milestone's voices as stored: (confirmed on, confirmed by, assessment, reason,
/// checked on, checked by).
type Stored = (
    Option<String>,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
);

async fn stored(app: &TestApp, id: i64) -> Stored {
    sqlx::query_as(
        "SELECT statement_confirmed_on, statement_organisation, assessment, assessment_reason, \
         assessment_checked_on, assessment_organisation FROM milestone WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

fn set(form: &mut Vec<(String, String)>, field: &str, value: &str) {
    match form.iter_mut().find(|(k, _)| k == field) {
        Some(entry) => entry.1 = value.to_owned(),
        None => form.push((field.to_owned(), value.to_owned())),
    }
}

/// The milestone form as it is stored now (so a save changes only what a test sets),
/// with the working group's assessment when `assessment` is given.
async fn form(app: &TestApp, id: i64, assessment: Option<(&str, &str)>) -> Vec<(String, String)> {
    let (title, status, forecast, note, evidence): (
        String,
        String,
        Option<String>,
        String,
        String,
    ) = sqlx::query_as(&format!(
        "SELECT title, status, {}, public_note, evidence_links FROM milestone WHERE id = $1",
        crate::common::german_day_sql("forecast_on")
    ))
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mut form = milestone_form(id, version(app, id).await, &title);
    set(&mut form, "status", &status);
    set(&mut form, "forecast", &forecast.unwrap_or_default());
    set(&mut form, "public_note", &note);
    set(&mut form, "evidence", &evidence);
    if let Some((value, reason)) = assessment {
        set(&mut form, "einschaetzung", "true");
        set(&mut form, "assessment", value);
        set(&mut form, "assessment_reason", reason);
        set(
            &mut form,
            "assessment_evidence",
            "https://example.org/protokoll-november",
        );
    }
    form
}

async fn save(app: &TestApp, form: &[(String, String)], who: &Session) -> common::Answer {
    app.post_as(SAVE, &pairs(form), Some(who)).await
}

const REASON: &str = "Die Schulung hat laut Teilnehmenden nicht stattgefunden.";

#[tokio::test]
async fn each_voice_is_set_only_by_its_role() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let office = app.signed_in(Role::Administration, "Olaf").await;
    let id = milestone_id(&app, "2.3").await;
    let day = today().format("%Y-%m-%d").to_string();
    let nothing = stored(&app, id).await;
    assert_eq!(
        nothing,
        (
            None,
            String::new(),
            None,
            String::new(),
            None,
            String::new()
        )
    );

    // The administration cannot speak for the working group: refused, nothing stored.
    let (v, history) = (version(&app, id).await, app.count("history_entry").await);
    let answer = save(
        &app,
        &form(&app, id, Some(("zustimmung", ""))).await,
        &office,
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(stored(&app, id).await, nothing);
    assert_eq!(
        (version(&app, id).await, app.count("history_entry").await),
        (v, history)
    );

    // Disagreement needs a reason, said beside the field; what was typed is kept.
    let answer = save(
        &app,
        &form(&app, id, Some(("widerspruch", " "))).await,
        &member,
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert!(rejection
        .error("assessment_reason")
        .unwrap()
        .contains("Begründung"));
    assert_eq!(rejection.value("assessment"), Some("widerspruch"));
    let answer = save(
        &app,
        &form(&app, id, Some(("ablehnung", REASON))).await,
        &member,
    )
    .await;
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert!(rejection.error("assessment").is_some());
    assert_eq!(stored(&app, id).await, nothing);

    // The member's assessment: dated, attributed to the member's organisation.
    let answer = save(
        &app,
        &form(&app, id, Some(("widerspruch", REASON))).await,
        &member,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let after_member = stored(&app, id).await;
    assert_eq!(
        after_member,
        (
            None,
            String::new(),
            Some("widerspruch".into()),
            REASON.into(),
            Some(day.clone()),
            "Organisation Mira".into()
        )
    );

    // The administration's save confirms its statement and leaves the assessment alone.
    let answer = save(&app, &form(&app, id, None).await, &office).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (confirmed_on, confirmed_by, assessment, ..) = stored(&app, id).await;
    assert_eq!(confirmed_on.as_deref(), Some(day.as_str()));
    assert_eq!(confirmed_by, "Organisation Olaf");
    assert_eq!(assessment.as_deref(), Some("widerspruch"));

    // A member's save that leaves the statement as it is keeps the confirmation …
    let mut same = form(&app, id, Some(("widerspruch", REASON))).await;
    set(
        &mut same,
        "title",
        "Weisungen öffentlich zugänglich (Titel korrigiert)",
    );
    let answer = save(&app, &same, &member).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(stored(&app, id).await.1, "Organisation Olaf");
    // … one that changes what the administration said ends it: it did not say that.
    let mut changed = form(&app, id, None).await;
    set(
        &mut changed,
        "public_note",
        "Laut Arbeitsgruppe noch nicht veröffentlicht.",
    );
    let answer = save(&app, &changed, &member).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (confirmed_on, confirmed_by, assessment, ..) = stored(&app, id).await;
    assert_eq!((confirmed_on, confirmed_by.as_str()), (None, ""));
    assert_eq!(
        assessment.as_deref(),
        Some("widerspruch"),
        "a form without it keeps it"
    );

    // Every step is in the history, attributed like any other change.
    let fields: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT field FROM history_entry WHERE entity = 'milestone' AND entity_id = $1 \
         AND (field LIKE 'assessment%' OR field LIKE 'statement%') ORDER BY field",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        fields,
        [
            "assessment",
            "assessment_checked_on",
            "assessment_evidence",
            "assessment_organisation",
            "assessment_reason",
            "statement_confirmed_on",
            "statement_organisation"
        ]
    );
}

/// Milestone 2.3 with a confirmed statement and the working group's disagreement.
async fn disagreement(app: &TestApp) -> i64 {
    let member = app.signed_in(Role::Member, "Mira").await;
    let office = app.signed_in(Role::Administration, "Olaf").await;
    let id = milestone_id(app, "2.3").await;
    let answer = save(app, &form(app, id, None).await, &office).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = save(
        app,
        &form(app, id, Some(("widerspruch", REASON))).await,
        &member,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    id
}

#[tokio::test]
async fn the_public_sees_both_voices_side_by_side_and_the_dashboard_counts_them() {
    let app = TestApp::with_example().await;
    let (_, before) = app.get(&format!("/{PLAN}")).await;
    disagreement(&app).await;

    let (status, html) = app.get(&format!("/{PLAN}/pakete/2")).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_of(&html);
    assert!(main.contains("voices voices--differ"), "{main}");
    // In words, with a marker that is a shape, not a colour.
    assert!(main.contains("Arbeitsgruppe widerspricht"), "{main}");
    assert!(
        main.contains("<span aria-hidden=\"true\" class=\"assessment__symbol\">≠</span>"),
        "{main}"
    );
    assert!(main.contains(REASON));
    assert!(main.contains("geprüft von Organisation Mira am"), "{main}");
    assert!(
        main.contains("Angaben bestätigt von Organisation Olaf am"),
        "{main}"
    );
    assert!(main.contains("example.org"), "the working group's evidence");
    // Never what is internal: no internal note, no names behind the organisations.
    assert!(!main.contains("Nur intern"));
    assert!(!main.contains("Mira (Organisation") && !main.contains("Olaf (Organisation"));
    // Other milestones: recorded by the working group, not confirmed.
    assert!(main.contains("nicht von der Verwaltung bestätigt"));

    // The dashboard counts the milestones where the voices differ.
    let figure = |html: &str| {
        let at = html.find("figure--disagreements").expect("the figure");
        let value = &html[at..];
        let start = value.find("figure__value\">").unwrap() + "figure__value\">".len();
        value[start..start + value[start..].find('<').unwrap()].to_owned()
    };
    assert_eq!(figure(&before), "0");
    let (_, after) = app.get(&format!("/{PLAN}")).await;
    assert_eq!(figure(&after), "1", "{}", main_of(&after));
    assert!(after.contains("1 mit Widerspruch oder Zweifeln der Arbeitsgruppe"));

    // The English page says it in English.
    let request = axum::http::Request::builder()
        .uri(format!("/{PLAN}/pakete/2"))
        .header(axum::http::header::COOKIE, "sprache=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let english = app.send(request).await.body;
    assert!(
        english.contains("Working group disagrees"),
        "{}",
        main_of(&english)
    );
    assert!(english.contains("checked by Organisation Mira on"));

    // The public history shows both voices' changes in words.
    let (_, changes) = app.get(&format!("/{PLAN}/aenderungen")).await;
    assert!(changes.contains("Einschätzung der Arbeitsgruppe"));
    assert!(changes.contains("Von der Verwaltung bestätigt am"));
}

#[tokio::test]
async fn exports_and_as_of_views_carry_both_voices() {
    let app = TestApp::with_example().await;
    disagreement(&app).await;
    let day = today().format("%Y-%m-%d").to_string();

    let (status, json) = app.get(&format!("/{PLAN}/api/v1/plan.json")).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let milestone = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["milestones"].as_array().unwrap())
        .find(|m| m["key"] == "2.3")
        .unwrap();
    assert_eq!(milestone["assessment"]["value"], "widerspruch");
    assert_eq!(milestone["assessment"]["reason"], REASON);
    assert_eq!(milestone["assessment"]["checked_on"], day.as_str());
    assert_eq!(milestone["assessment"]["organisation"], "Organisation Mira");
    assert_eq!(
        milestone["statement_confirmed"]["organisation"],
        "Organisation Olaf"
    );

    // As of yesterday, before both voices spoke: neither is there.
    let yesterday = (today() - chrono::Days::new(1)).format("%Y-%m-%d");
    let (status, then) = app
        .get(&format!("/{PLAN}/api/v1/plan.json?stand={yesterday}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{then}");
    let then: serde_json::Value = serde_json::from_str(&then).unwrap();
    let old = then["packages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["milestones"].as_array().unwrap())
        .find(|m| m["key"] == "2.3")
        .unwrap();
    assert!(old.get("assessment").is_none(), "{old}");
    assert!(old.get("statement_confirmed").is_none(), "{old}");

    // CSV: the columns, in words.
    let (_, csv) = app.get(&format!("/{PLAN}/export/meilensteine.csv")).await;
    let header = csv.lines().next().unwrap();
    for column in [
        "Von der Verwaltung bestätigt am",
        "Einschätzung der Arbeitsgruppe",
        "Begründung der Einschätzung",
        "Einschätzung geprüft am",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let row = csv.lines().find(|l| l.contains(REASON)).expect("the row");
    assert!(
        row.contains("Arbeitsgruppe widerspricht") && row.contains(&day),
        "{row}"
    );

    // The calendar names the disagreement.
    let (_, ics) = app.get(&format!("/{PLAN}/feeds/termine.ics")).await;
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("Arbeitsgruppe widerspricht: Die Schulung"),
        "{ics}"
    );
}
