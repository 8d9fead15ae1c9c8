//! Indicators (issue 20): the pages, the chart file, as-of views, and that a small count
//! never reaches a signed-out reader.

use axum::http::StatusCode;

use crate::common::{main_of, today, TestApp, PLAN};
use umsetzungsmonitor::catalogue;
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::domain::indicators::Target;
use umsetzungsmonitor::history::repo::{Actor, ChangeSet};
use umsetzungsmonitor::runtime::clock::Clock;

/// A plan with one indicator whose latest count (123.4, below its threshold of 1000) must
/// never be shown publicly; the value before it (2000) may be.
const SMALL: &str = r#"
[plan]
kennung = "kleine-zahlen"
titel = "Plan mit kleinen Zahlen"
traeger = "Testverwaltung"

[[paket]]
nummer = 1
titel = "Erstes Paket"

[[paket.meilenstein]]
kennung = "1.1"
titel = "Ein Meilenstein"
soll = 2026-12-31

[[kennzahl]]
kennung = "K9"
name = "Offene Fälle"
paket = 1
einheit = "anzahl"
richtung = "niedriger"
kleine_zahl = 1000
ziel = 500
ziel_bis = 2027-12-31

[[kennzahl.wert]]
zeitraum = "2025"
wert = 2000

[[kennzahl.wert]]
zeitraum = "2026-Q3"
wert = 123.4
hinweis = "klein"
"#;

async fn indicator_id(app: &TestApp, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM indicator WHERE key = ?")
        .bind(key)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_small_count_never_reaches_a_signed_out_reader() {
    let app = TestApp::empty().await;
    catalogue::import_text(&app.pool, "klein.toml", SMALL, &Clock::fixed(today()))
        .await
        .unwrap();
    let id = indicator_id(&app, "K9").await;
    let plan = "/kleine-zahlen";
    let paths = [
        plan.to_owned(),
        format!("{plan}/kennzahlen"),
        format!("{plan}/kennzahlen/{id}"),
        format!("{plan}/kennzahlen/{id}?stand=2026-11-21"),
        format!("{plan}/grafik/kennzahlen/{id}.svg"),
        format!("{plan}/grafik/kennzahlen/{id}.svg?sprache=en"),
        format!("{plan}/pakete/1"),
        format!("{plan}/aenderungen"),
        format!("{plan}/feeds/aenderungen.atom"),
        format!("{plan}/api/v1/plan.json"),
        format!("{plan}/export/meilensteine.csv"),
        "/api/kennzahlen?plan=kleine-zahlen".to_owned(),
        format!("/api/kennzahl?plan=kleine-zahlen&id={id}"),
    ];
    for path in &paths {
        for english in [false, true] {
            let answer = if english {
                let request = axum::http::Request::builder()
                    .uri(path.as_str())
                    .header("cookie", "sprache=en")
                    .body(axum::body::Body::empty())
                    .unwrap();
                app.send(request).await
            } else {
                app.get_as(path, None).await
            };
            assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
            for shown in ["123,4", "123.4", "1234"] {
                assert!(
                    !answer.body.contains(shown),
                    "{path} (English: {english}) shows the small count {shown}"
                );
            }
        }
    }
    // What the public sees instead, in words.
    let (_, html) = app.get(&format!("{plan}/kennzahlen/{id}")).await;
    assert!(main_of(&html).contains("weniger als 1000"));
    assert!(main_of(&html).contains("2.000"), "a large count is shown");
    let (_, svg) = app.get(&format!("{plan}/grafik/kennzahlen/{id}.svg")).await;
    assert!(
        svg.contains("weniger als 1000"),
        "the chart's description says so"
    );

    // The working group of the plan sees the figure (so the check above could fail).
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let answer = app
        .get_as(&format!("{plan}/kennzahlen/{id}"), Some(&member))
        .await;
    assert!(answer.body.contains("123,4"), "members see the figure");
}

#[tokio::test]
async fn the_example_indicators_show_each_status_in_words() {
    let app = TestApp::with_example().await;
    let (status, html) = app.get(&format!("{PLAN}/kennzahlen")).await;
    assert_eq!(status, StatusCode::OK);
    let main = main_of(&html);
    for words in [
        "Tage vom Antrag auf Arbeitserlaubnis bis zum Termin",
        "auf Kurs",
        "verfehlt",
        "Ziel erreicht",
        "keine aktuellen Daten",
        "weniger als 5",
        "22 Tage (3. Quartal 2026)",
        "höchstens 21 Tage bis 31.12.2026",
        "Beispielwerte",
    ] {
        assert!(main.contains(words), "/kennzahlen lacks „{words}“");
    }
    // The dashboard's compact row and the package page's list.
    let (_, dashboard) = app.get(PLAN).await;
    assert!(main_of(&dashboard).contains("Kennzahlen: Wirkt die Reform?"));
    assert!(main_of(&dashboard).contains("Anteil der Beratungen mit verfügbarer Sprachmittlung"));
    let (_, package) = app.get(&format!("{PLAN}/pakete/3")).await;
    assert!(main_of(&package).contains("Tage vom Antrag auf Arbeitserlaubnis bis zum Termin"));
    let (_, other) = app.get(&format!("{PLAN}/pakete/1")).await;
    assert!(!main_of(&other).contains("Tage vom Antrag"));

    // English words.
    let request = axum::http::Request::builder()
        .uri(format!("{PLAN}/kennzahlen"))
        .header("cookie", "sprache=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let english = app.send(request).await;
    for words in [
        "on course",
        "missed",
        "target reached",
        "no current data",
        "fewer than 5",
    ] {
        assert!(english.body.contains(words), "English page lacks „{words}“");
    }

    // The detail page: chart with its name, the data as a table.
    let id = indicator_id(&app, "K1").await;
    let (_, html) = app.get(&format!("{PLAN}/kennzahlen/{id}")).await;
    let main = main_of(&html);
    assert!(main.contains("role=\"img\""));
    assert!(
        main.contains("Verlauf der Kennzahl „Tage vom Antrag auf Arbeitserlaubnis bis zum Termin“")
    );
    assert!(main.contains("<caption>Werte der Kennzahl"));
    assert!(main.contains("3. Quartal 2026"));
    assert!(
        main.contains("höchstens 35 Tage bis 30.06.2025"),
        "intermediate target"
    );

    // Unknown and malformed numbers: 404 in words, no panic.
    for path in [
        format!("{PLAN}/kennzahlen/999"),
        format!("{PLAN}/kennzahlen/abc"),
        format!("{PLAN}/grafik/kennzahlen/999.svg"),
        format!("{PLAN}/grafik/kennzahlen/x.svg"),
    ] {
        let (status, _) = app.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, body) = app.get(&format!("{PLAN}/kennzahlen?stand=gestern")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("kein gültiges Datum"));
}

#[tokio::test]
async fn as_of_views_rewind_indicator_values_and_targets() {
    let app = TestApp::with_example().await;
    let id = indicator_id(&app, "K1").await;
    // A re-baselined target, saved today with its reason.
    {
        let mut tx = app.pool.begin().await.unwrap();
        let changes = ChangeSet::begin(
            &mut tx,
            Actor {
                account_id: None,
                name: "Test".into(),
                organisation: "AG Ausländerbehörde".into(),
            },
            &Clock::fixed(today()),
        )
        .await
        .unwrap();
        let target = umsetzungsmonitor::indicators::edit::find_by_key(&mut tx, 1, "K1")
            .await
            .unwrap()
            .unwrap();
        let changed = umsetzungsmonitor::indicators::edit::change_target(
            &mut tx,
            &changes,
            target,
            Target {
                value: 18.0,
                due: chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            },
            "Neue Zielvereinbarung mit der Verwaltung (illustrativ).",
        )
        .await
        .unwrap();
        assert!(changed);
        tx.commit().await.unwrap();
    }
    let (_, now) = app.get(&format!("{PLAN}/kennzahlen/{id}")).await;
    let now = main_of(&now);
    assert!(now.contains("höchstens 18 Tage bis 30.06.2027"));
    assert!(now.contains("Geänderte Ziele"));
    assert!(now.contains("Neue Zielvereinbarung mit der Verwaltung"));

    // The day before: the old target, no change to show.
    let (_, before) = app
        .get(&format!("{PLAN}/kennzahlen/{id}?stand=2026-11-20"))
        .await;
    let before = main_of(&before);
    assert!(
        before.contains("höchstens 21 Tage bis 31.12.2026"),
        "{before}"
    );
    assert!(!before.contains("Neue Zielvereinbarung"));
    assert!(before.contains("am Ende des 20.11.2026 bekannt"));

    // Mid-2026: the value of the first quarter was the latest known (the second quarter's
    // was recorded on 1 July).
    let (_, list) = app
        .get(&format!("{PLAN}/kennzahlen?stand=2026-06-30"))
        .await;
    let list = main_of(&list);
    assert!(list.contains("25 Tage (1. Quartal 2026)"), "{list}");
    assert!(!list.contains("3. Quartal 2026"));
    // The links keep the stand.
    assert!(list.contains(&format!("/kennzahlen/{id}?stand=2026-06-30")));

    // On the first day of the recorded past the indicators exist, without values.
    let (_, first) = app
        .get(&format!("{PLAN}/kennzahlen/{id}?stand=2020-11-12"))
        .await;
    assert!(main_of(&first).contains("noch keine Werte"));
    assert!(main_of(&first).contains("Für diese Kennzahl ist noch kein Wert erfasst."));
    // The chart file rewinds too.
    let (_, svg) = app
        .get(&format!(
            "{PLAN}/grafik/kennzahlen/{id}.svg?stand=2026-06-30"
        ))
        .await;
    assert!(svg.contains("zuletzt 25 Tage"), "{svg}");
}

#[tokio::test]
async fn the_history_names_indicator_changes_and_hides_small_counts() {
    let app = TestApp::with_example().await;
    let (_, html) = app.get(&format!("{PLAN}/aenderungen?seite=1")).await;
    let main = main_of(&html);
    // The newest public saves include the example's latest values.
    assert!(
        main.contains("/kennzahlen/1\">Kennzahl „<span>Tage vom Antrag"),
        "{main}"
    );
    assert!(main.contains("<dt>Wert 3. Quartal 2026</dt>"));
    // Values in the page's language: 23,5, not 23.5.
    assert!(main.contains(">23,5<"));
    // The small count of K4 (4, below 5) is an internal entry: not in the public history.
    let internal: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM history_entry WHERE entity = 'indicator' AND field = 'point:2026-Q2:value' \
         AND new_value = '4' AND visibility = 'internal'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(internal, 1);
}

#[tokio::test]
async fn a_catalogue_with_bad_indicators_is_refused_with_line_and_field() {
    let app = TestApp::empty().await;
    let broken = SMALL
        .replace("einheit = \"anzahl\"", "einheit = \"stück\"")
        .replace("zeitraum = \"2025\"", "zeitraum = \"2025-13\"")
        .replace("paket = 1\n", "paket = 7\n");
    let err = catalogue::import_text(&app.pool, "kaputt.toml", &broken, &Clock::fixed(today()))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("Unbekannte Einheit „stück“"), "{err}");
    assert!(err.contains("„2025-13“ ist kein Zeitraum"), "{err}");
    assert!(
        err.contains("Ein Paket 7 gibt es in diesem Katalog nicht"),
        "{err}"
    );
    assert!(err.contains("Kennzahl K9, Feld „einheit“"), "{err}");
    assert!(err.contains("kaputt.toml, Zeile "), "{err}");
    assert_eq!(app.count("indicator").await, 0);

    // Read in again, a catalogue adds values it did not have and keeps the rest.
    catalogue::import_text(&app.pool, "klein.toml", SMALL, &Clock::fixed(today()))
        .await
        .unwrap();
    let more = SMALL.replace(
        "[[kennzahl.wert]]\nzeitraum = \"2025\"",
        "[[kennzahl.wert]]\nzeitraum = \"2024\"\nwert = 2500\n\n[[kennzahl.wert]]\nzeitraum = \"2025\"",
    );
    let report = catalogue::import_text(&app.pool, "klein.toml", &more, &Clock::fixed(today()))
        .await
        .unwrap();
    assert_eq!(report.values, 1, "{report}");
    assert_eq!(app.count("indicator_point").await, 3);
}

const APPLY_VALUES: &str = "/api/bearbeiten/kennzahl-werte";

fn location(answer: &crate::common::Answer) -> String {
    answer.headers[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The fingerprint the dry-run page's button sends.
fn fingerprint_of(html: &str) -> String {
    let start = html
        .find("name=\"fingerprint\" value=\"")
        .expect("a save button")
        + "name=\"fingerprint\" value=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

async fn history_entries(app: &TestApp) -> i64 {
    app.count("history_entry").await
}

#[tokio::test]
async fn the_csv_dry_run_writes_nothing_and_names_each_bad_line_and_field() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let id = indicator_id(&app, "K1").await;
    let page = format!("{PLAN}/bearbeiten/kennzahlen/{id}");
    let before = (
        history_entries(&app).await,
        app.count("indicator_point").await,
    );

    let pasted = "Zeitraum;Wert;Quelle;Hinweis\n2026-Q3;22\n2026-Q2;21,5;Bericht\n2026-13;20\n2025-Q4;viele\n2026-Q2;20\n";
    let answer = app
        .get_as(&format!("{page}?csv={}", encoded(pasted)), Some(&member))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let main = main_of(&answer.body);
    assert!(main.contains("Prüfung: noch nichts gespeichert"));
    assert!(
        main.contains("Zu speichern: 1 · unverändert: 1 · Fehler: 3"),
        "{main}"
    );
    assert!(main.contains("geändert (bisher 23,5 Tage)"));
    assert!(
        main.contains("<th scope=\"row\">4</th>"),
        "line numbers as pasted"
    );
    assert!(main.contains("Zeitraum: „2026-13“ ist kein Zeitraum"));
    assert!(main.contains("Wert: „viele“ ist keine Zahl"));
    assert!(main.contains("Zeitraum: Dieser Zeitraum steht schon in Zeile 3."));
    assert!(main.contains("Solange eine Zeile einen Fehler hat, wird nichts gespeichert."));
    assert!(
        !main.contains("name=\"fingerprint\""),
        "no save button with errors"
    );
    // The pasted text stays in its field.
    assert!(main.contains("2025-Q4;viele"));
    assert_eq!(
        (
            history_entries(&app).await,
            app.count("indicator_point").await
        ),
        before,
        "a dry run writes nothing"
    );

    // Corrected: the dry run offers to save exactly the two lines; saving is one change set.
    let pasted = "2026-Q2;21,5;Quartalsbericht II/2026\n2026-Q3;22\n2026-10;21;;vorläufig\n";
    let check = app
        .get_as(&format!("{page}?csv={}", encoded(pasted)), Some(&member))
        .await;
    let fingerprint = fingerprint_of(&check.body);
    // Someone else saves a value of the same period meanwhile: nothing is saved.
    let elsewhere = app
        .get_as(&format!("{page}?zeitraum=2026-Q2&wert=21"), Some(&member))
        .await;
    let applied = app
        .post_as(
            APPLY_VALUES,
            &[
                ("plan", crate::common::SLUG),
                ("id", &id.to_string()),
                ("period", "2026-Q2"),
                ("value", "21"),
                ("fingerprint", &fingerprint_of(&elsewhere.body)),
            ],
            Some(&member),
        )
        .await;
    assert!(
        location(&applied).ends_with("?gespeichert=1"),
        "{}",
        location(&applied)
    );
    let stale = app
        .post_as(
            APPLY_VALUES,
            &[
                ("plan", crate::common::SLUG),
                ("id", &id.to_string()),
                ("csv", pasted),
                ("fingerprint", &fingerprint),
            ],
            Some(&member),
        )
        .await;
    assert!(
        location(&stale).ends_with("&veraendert=1"),
        "{}",
        location(&stale)
    );
    let sets: i64 = sqlx::query_scalar("SELECT count(DISTINCT change_set) FROM history_entry")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // The new dry run, then saving it.
    let check = app.get_as(&location(&stale), Some(&member)).await;
    assert!(main_of(&check.body).contains("Seit der Prüfung hat sich der Stand geändert"));
    let applied = app
        .post_as(
            APPLY_VALUES,
            &[
                ("plan", crate::common::SLUG),
                ("id", &id.to_string()),
                ("csv", pasted),
                ("fingerprint", &fingerprint_of(&check.body)),
            ],
            Some(&member),
        )
        .await;
    assert!(
        location(&applied).ends_with("?gespeichert=2"),
        "{}",
        location(&applied)
    );
    let after: i64 = sqlx::query_scalar("SELECT count(DISTINCT change_set) FROM history_entry")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(after, sets + 1, "one change set");
    let stored: Vec<(String, f64, String, String)> = sqlx::query_as(
        "SELECT period, value, source_reference, note FROM indicator_point \
         WHERE indicator_id = ? AND period IN ('2026-Q2', '2026-10') ORDER BY period",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        stored,
        vec![
            ("2026-10".into(), 21.0, String::new(), "vorläufig".into()),
            (
                "2026-Q2".into(),
                21.5,
                "Quartalsbericht II/2026".into(),
                String::new()
            ),
        ]
    );
    // The public page shows the new latest value (the month ends after the quarter).
    let (_, public) = app.get(&format!("{PLAN}/kennzahlen/{id}")).await;
    assert!(main_of(&public).contains("21 Tage (10/2026)"));
}

#[tokio::test]
async fn the_one_value_form_shows_its_errors_beside_its_fields() {
    let app = TestApp::with_example().await;
    let id = indicator_id(&app, "K4").await;
    let page = format!("{PLAN}/bearbeiten/kennzahlen/{id}");
    // Signed out: nothing to see.
    let answer = app
        .get_as(
            &format!(
                "/api/bearbeiten/kennzahl?plan={}&id={id}",
                crate::common::SLUG
            ),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let answer = app
        .get_as(
            &format!("{page}?zeitraum=2026-Q5&wert=3,5&quelle=&hinweis="),
            Some(&member),
        )
        .await;
    let main = main_of(&answer.body);
    assert!(main.contains("id=\"feld-zeitraum-fehler\""), "{main}");
    assert!(main.contains("„2026-Q5“ ist kein Zeitraum"));
    assert!(main.contains("aria-invalid=\"true\""));
    assert!(main.contains("value=\"2026-Q5\""), "what was typed stays");
    let answer = app
        .get_as(&format!("{page}?zeitraum=2026-Q3&wert=3,5"), Some(&member))
        .await;
    let main = main_of(&answer.body);
    assert!(main.contains("id=\"feld-wert-fehler\""));
    assert!(main.contains("Eine Anzahl ist eine ganze Zahl."));
    // The member sees the stored small count, the public does not.
    assert!(main.contains("<td>4</td>"));
}
