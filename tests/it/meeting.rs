//! Meeting mode (issue 19, part 3): one form with every open milestone; only changed rows
//! are saved, each against its own version; a stale row is refused alone.

use crate::common;

use axum::http::StatusCode;
use common::endpoints::{milestone_form, pairs, version};
use common::{main_of, Session, TestApp};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::error::AppError;

const PLAN: &str = "potsdam-ag-auslaenderbehoerde";
const SAVE: &str = "/api/bearbeiten/sitzung-speichern";

/// An open milestone as the meeting page loads it.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Open {
    id: i64,
    version: i64,
    status: String,
    forecast: String,
    completed: String,
    note: String,
}

async fn open_milestones(app: &TestApp) -> Vec<Open> {
    sqlx::query_as(&format!(
        "SELECT m.id, m.version, m.status, \
                coalesce({}, '') AS forecast, coalesce({}, '') AS completed, \
                m.public_note AS note \
         FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         WHERE m.status IN ('offen', 'in_arbeit') ORDER BY p.number, m.sort_order, m.id",
        common::german_day_sql("m.forecast_on"),
        common::german_day_sql("m.completed_on"),
    ))
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

/// The meeting form as the page posts it: every row with what it showed when loaded,
/// `edit` changing some of them.
fn meeting_form(
    rows: &[Open],
    edit: impl Fn(usize, &mut Vec<(String, String)>),
) -> Vec<(String, String)> {
    let mut form = vec![("plan".to_owned(), PLAN.to_owned())];
    for (i, row) in rows.iter().enumerate() {
        let mut fields = vec![
            ("id".to_owned(), row.id.to_string()),
            ("version".to_owned(), row.version.to_string()),
            ("status".to_owned(), row.status.clone()),
            ("forecast".to_owned(), row.forecast.clone()),
            ("forecast_category".to_owned(), String::new()),
            ("forecast_reason".to_owned(), String::new()),
            ("completed".to_owned(), row.completed.clone()),
            ("note".to_owned(), row.note.clone()),
            ("was_status".to_owned(), row.status.clone()),
            ("was_forecast".to_owned(), row.forecast.clone()),
            ("was_completed".to_owned(), row.completed.clone()),
            ("was_note".to_owned(), row.note.clone()),
        ];
        edit(i, &mut fields);
        form.extend(
            fields
                .into_iter()
                .map(|(k, v)| (format!("rows[{i}][{k}]"), v)),
        );
    }
    form
}

fn set(fields: &mut [(String, String)], field: &str, value: &str) {
    fields.iter_mut().find(|(k, _)| k == field).unwrap().1 = value.to_owned();
}

async fn stored(app: &TestApp, id: i64) -> (i64, String, String) {
    sqlx::query_as("SELECT version, status, public_note FROM milestone WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn change_sets(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(DISTINCT change_set) FROM history_entry")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn post(app: &TestApp, form: &[(String, String)], who: &Session) -> common::Answer {
    app.post_as(SAVE, &pairs(form), Some(who)).await
}

#[tokio::test]
async fn the_page_lists_every_open_milestone_in_one_form() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let open = open_milestones(&app).await;
    assert!(open.len() > 10, "{}", open.len());
    let page = app
        .get_as(&format!("/{PLAN}/bearbeiten/sitzung"), Some(&member))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let main = main_of(&page.body);
    assert_eq!(
        main.matches("class=\"meeting__row").count(),
        open.len(),
        "one row per open milestone"
    );
    assert!(main.contains(&format!("name=\"rows[0][id]\" value=\"{}\"", open[0].id)));
    assert!(main.contains("aria-labelledby=\"sitzung-spalte-status sitzung-"));
    // One package alone; signed out, the page asks to sign in.
    let one = app
        .get_as(
            &format!("/{PLAN}/bearbeiten/sitzung?paket=3"),
            Some(&member),
        )
        .await;
    let rows = main_of(&one.body).matches("class=\"meeting__row").count();
    assert!(rows > 0 && rows < open.len(), "{rows}");
    let (_, signed_out) = app.get(&format!("/{PLAN}/bearbeiten/sitzung")).await;
    assert!(!signed_out.contains("meeting__row"), "signed out, no form");
}

#[tokio::test]
async fn only_changed_rows_are_saved_and_a_stale_row_is_refused_without_touching_the_others() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let other = app.signed_in(Role::Member, "Otto").await;
    let open = open_milestones(&app).await;
    let (a, b, c) = (open[0].clone(), open[1].clone(), open[2].clone());

    // Otto saves milestone c on its own page while the meeting form is open.
    let mut single = milestone_form(c.id, version(&app, c.id).await, "Von Otto gespeichert");
    for (field, value) in [
        ("status", c.status.as_str()),
        ("forecast", c.forecast.as_str()),
    ] {
        single.iter_mut().find(|(k, _)| k == field).unwrap().1 = value.to_owned();
    }
    single
        .iter_mut()
        .find(|(k, _)| k == "public_note")
        .unwrap()
        .1 = "Ottos Hinweis".into();
    let answer = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&single),
            Some(&other),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let c_after_otto = stored(&app, c.id).await;
    let b_before = stored(&app, b.id).await;
    let sets_before = change_sets(&app).await;

    // The meeting changes a and c; b and every other row stay as loaded.
    let form = meeting_form(&open, |i, fields| match i {
        0 => set(fields, "note", "In der Sitzung besprochen."),
        2 => set(fields, "note", "Aus der Sitzung"),
        _ => {}
    });
    let answer = post(&app, &form, &member).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    let AppError::RowConflicts(conflicts) = answer.error() else {
        panic!("{}", answer.body)
    };
    assert_eq!(conflicts.saved, [(a.id, a.version + 1)]);
    assert_eq!(conflicts.rows.len(), 1);
    let refused = &conflicts.rows[0];
    assert_eq!(refused.id, c.id);
    assert_eq!(
        refused.theirs["note"], "Ottos Hinweis",
        "both values are shown"
    );
    assert!(refused.saved_by.contains("Otto"));
    assert_eq!(
        conflicts.values[&format!("m{}.note", c.id)],
        "Aus der Sitzung",
        "what was typed is kept"
    );

    assert_eq!(stored(&app, a.id).await.2, "In der Sitzung besprochen.");
    assert_eq!(
        stored(&app, b.id).await,
        b_before,
        "an untouched row is not saved"
    );
    assert_eq!(
        stored(&app, c.id).await,
        c_after_otto,
        "the stale row is not overwritten"
    );
    assert_eq!(change_sets(&app).await, sets_before + 1, "one change set");

    // Saved again with the version shown beside it, the row overwrites knowingly.
    let again = meeting_form(
        &[Open {
            version: refused.current_version,
            note: "Ottos Hinweis".into(),
            ..c.clone()
        }],
        |_, fields| {
            set(fields, "note", "Aus der Sitzung");
        },
    );
    let answer = post(&app, &again, &member).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(stored(&app, c.id).await.2, "Aus der Sitzung");
}

#[tokio::test]
async fn a_row_with_an_error_saves_nothing_and_keeps_what_was_typed() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let open = open_milestones(&app).await;
    let later = open
        .iter()
        .position(|o| !o.forecast.is_empty())
        .expect("an open milestone with a forecast");
    let history = app.count("history_entry").await;
    let form = meeting_form(&open, |i, fields| {
        if i == 0 {
            set(fields, "status", "in_arbeit");
        }
        if i == later {
            // Later by years, without a reason.
            set(fields, "forecast", "31.12.2099");
        }
        if i == 1 {
            set(fields, "completed", "kein Datum");
        }
    });
    let answer = post(&app, &form, &member).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    let AppError::Invalid(rejection) = answer.error() else {
        panic!("{}", answer.body)
    };
    let id = open[later].id;
    assert!(
        rejection
            .error(&format!("m{id}.forecast_category"))
            .is_some(),
        "{rejection:?}"
    );
    assert!(rejection.error(&format!("m{id}.forecast_reason")).is_some());
    assert!(rejection
        .error(&format!("m{}.completed", open[1].id))
        .is_some());
    assert_eq!(
        rejection.value(&format!("m{id}.forecast")),
        Some("31.12.2099")
    );
    assert_eq!(app.count("history_entry").await, history, "nothing saved");
    assert_eq!(stored(&app, open[0].id).await.0, open[0].version);

    // Nothing changed: nothing saved, no change set.
    let answer = post(&app, &meeting_form(&open, |_, _| {}), &member).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(app.count("history_entry").await, history);

    // A milestone that is not in the plan is refused, and nothing else is saved.
    let mut stray = open[..1].to_vec();
    stray[0].id = 999_999;
    let form = meeting_form(&stray, |_, fields| set(fields, "note", "x"));
    let answer = post(&app, &form, &member).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
}

#[tokio::test]
async fn the_administration_confirms_what_it_saves_in_the_meeting() {
    let app = TestApp::with_example().await;
    let office = app.signed_in(Role::Administration, "Olaf").await;
    let open = open_milestones(&app).await;
    let toggled = if open[0].status == "offen" {
        "in_arbeit"
    } else {
        "offen"
    };
    let form = meeting_form(&open, |i, fields| {
        if i == 0 {
            set(fields, "status", toggled);
        }
    });
    let answer = post(&app, &form, &office).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let (confirmed, by): (Option<String>, String) = sqlx::query_as(
        "SELECT statement_confirmed_on, statement_organisation FROM milestone WHERE id = $1",
    )
    .bind(open[0].id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(confirmed.is_some());
    assert_eq!(by, "Organisation Olaf");
    let untouched: Option<String> =
        sqlx::query_scalar("SELECT statement_confirmed_on FROM milestone WHERE id = $1")
            .bind(open[1].id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(untouched, None, "only the rows it saved");
}
