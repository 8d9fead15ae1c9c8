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

/// Whether `text` holds `number` as a number of its own, not as digits
/// inside a longer one (a time stamp or a hash may hold "1234" by chance).
fn shows_number(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

async fn indicator_id(app: &TestApp, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM indicator WHERE key = $1")
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
        format!("{plan}/export/kennzahlen.csv"),
        format!("{plan}/export/kennzahlen.csv?stand=2026-11-21"),
        format!("{plan}/pakete/1/aenderungen.atom"),
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
                    !shows_number(&answer.body, shown),
                    "{path} (English: {english}) shows the small count {shown}"
                );
            }
        }
    }
    // The spreadsheet (every XML part of it) and the status report's text.
    let small = |text: &str| {
        ["123,4", "123.4", "1234"]
            .iter()
            .any(|n| shows_number(text, n))
    };
    let (status, _, xlsx) = app
        .download(&format!("{plan}/export/meilensteine.xlsx"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let sheets = xlsx_parts(&xlsx);
    assert!(sheets.contains("weniger als 1000"), "the sheet says so");
    assert!(!small(&sheets), "the spreadsheet shows the small count");
    let (status, _, pdf) = app
        .download(&format!("{plan}/export/sachstandsbericht.pdf"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let report = crate::exports::pdf_text(&pdf);
    assert!(report.contains("weniger als 1000"), "{report}");
    assert!(!small(&report), "the report shows the small count");
    let json = app.get(&format!("{plan}/api/v1/plan.json")).await.1;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let latest = &json["indicators"][0]["points"][1];
    assert_eq!(latest["period"], "2026-Q3");
    assert!(latest["value"].is_null());
    assert_eq!(latest["fewer_than"], 1000);

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
    // An internal file has it too (so the checks of the files above could fail).
    let administration = app.signed_in(Role::Administration, "Verwaltung").await;
    for path in [
        format!("{plan}/export/kennzahlen.csv?intern=1"),
        format!("{plan}/api/v1/plan.json?intern=1"),
    ] {
        let answer = app.get_as(&path, Some(&administration)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(answer.body.contains("123.4"), "{path}: {}", answer.body);
    }
    let (_, _, xlsx) = app
        .download(
            &format!("{plan}/export/meilensteine.xlsx?intern=1"),
            Some(&administration),
        )
        .await;
    assert!(small(&xlsx_parts(&xlsx)));
    let (_, _, pdf) = app
        .download(
            &format!("{plan}/export/sachstandsbericht.pdf?intern=1"),
            Some(&administration),
        )
        .await;
    assert!(small(&crate::exports::pdf_text(&pdf)));
}

/// Every XML part of an XLSX file, one after the other.
fn xlsx_parts(bytes: &[u8]) -> String {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    names
        .iter()
        .filter(|n| n.ends_with(".xml"))
        .map(|n| crate::exports::zip_entry(bytes, n))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn every_export_carries_the_indicators() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::with_example().await;
    // JSON (the schema test validates the whole document).
    let (_, json) = app.get(&format!("{PLAN}/api/v1/plan.json")).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let indicators = json["indicators"].as_array().expect("indicators");
    assert_eq!(indicators.len(), 4);
    let k1 = &indicators[0];
    assert_eq!(k1["key"], "K1");
    assert_eq!(k1["unit"], "days");
    assert_eq!(k1["direction"], "lower_is_better");
    assert_eq!(k1["target"]["value"], 21.0);
    assert_eq!(k1["target"]["due_on"], "2026-12-31");
    assert_eq!(k1["intermediate_targets"][0]["due_on"], "2025-06-30");
    assert_eq!(k1["status"], "on_course");
    assert_eq!(k1["is_example"], true);
    let statuses: Vec<&str> = indicators
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["on_course", "missed", "reached", "stale"]);
    let k4_latest = indicators[3]["points"].as_array().unwrap().last().unwrap();
    assert!(k4_latest["value"].is_null(), "{k4_latest}");
    assert_eq!(k4_latest["fewer_than"], 5);
    let points: usize = indicators
        .iter()
        .map(|i| i["points"].as_array().unwrap().len())
        .sum();

    // CSV: one row per value, with the withheld count in words.
    let (status, headers, csv) = app
        .download(&format!("{PLAN}/export/kennzahlen.csv"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("kennzahlen-potsdam-ag-auslaenderbehoerde-"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&csv[3..]);
    assert_eq!(&reader.headers().unwrap()[4], "Zeitraum");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), points);
    let withheld: Vec<&csv::StringRecord> =
        rows.iter().filter(|r| &r[8] == "weniger als 5").collect();
    assert!(!withheld.is_empty());
    assert!(withheld.iter().all(|r| &r[0] == "K4" && r[7].is_empty()));

    // XLSX: its own sheet, dates as dates, figures as numbers.
    let (_, _, xlsx) = app
        .download(&format!("{PLAN}/export/meilensteine.xlsx"), None)
        .await;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert!(workbook.sheet_names().contains(&"Kennzahlen".to_owned()));
    let sheet = workbook.worksheet_range("Kennzahlen").unwrap();
    assert_eq!(sheet.get((1, 4)), Some(&Data::String("Zeitraum".into())));
    assert_eq!(sheet.height() - 2, points);
    assert!(
        matches!(sheet.get((2, 5)), Some(Data::DateTime(_))),
        "{:?}",
        sheet.get((2, 5))
    );
    assert!(matches!(sheet.get((2, 7)), Some(Data::Float(_))));

    // PDF: a section with each indicator, its chart and its table.
    let (_, _, pdf) = app
        .download(&format!("{PLAN}/export/sachstandsbericht.pdf"), None)
        .await;
    let text = crate::exports::pdf_text(&pdf);
    for words in [
        "Kennzahlen: Wirkt die Reform?",
        "K1: Tage vom Antrag auf Arbeitserlaubnis bis zum Termin",
        "Ziel: höchstens 21 Tage bis 31.12.2026",
        "Zwischenziele: höchstens 35 Tage bis 30.06.2025",
        "Status: auf Kurs",
        "3. Quartal 2026",
        "weniger als 5",
        "Beispielzahlen, keine echten Messwerte.",
    ] {
        assert!(text.contains(words), "the report lacks „{words}“: {text}");
    }
    // The charts are in it as images with their alternative text (PDF/A-2a, tagged).
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.matches("/Subtype /Image").count() + raw.matches("/Subtype/Image").count() > 0
            || raw.contains("/XObject"),
        "the charts are drawn"
    );

    // Atom: a new value is an entry that links to its indicator.
    let (_, atom) = app.get(&format!("{PLAN}/feeds/aenderungen.atom")).await;
    let feed = feed_rs::parser::parse(atom.as_bytes()).unwrap();
    let entry = feed
        .entries
        .iter()
        .find(|e| e.links.iter().any(|l| l.href.contains("/kennzahlen/")))
        .expect("an entry of an indicator");
    let title = entry.title.as_ref().unwrap().content.clone();
    assert!(title.starts_with("Kennzahl „"), "{title}");
    let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    assert!(body.contains("Wert "), "{body}");

    // As of a past day, the files rewind the values too.
    let (_, old) = app
        .get(&format!("{PLAN}/api/v1/plan.json?stand=2026-06-30"))
        .await;
    let old: serde_json::Value = serde_json::from_str(&old).unwrap();
    let periods: Vec<&str> = old["indicators"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods.last(), Some(&"2026-Q1"), "{periods:?}");
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
         WHERE indicator_id = $1 AND period IN ('2026-Q2', '2026-10') ORDER BY period",
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
async fn an_uploaded_csv_file_goes_to_the_dry_run_and_a_bad_file_back_to_its_field() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let id = indicator_id(&app, "K1").await;
    let page = format!("{PLAN}/bearbeiten/kennzahlen/{id}");
    let upload = format!("{page}/datei");
    let csv = ("werte.csv", "text/csv");
    let before = (
        history_entries(&app).await,
        app.count("indicator_point").await,
    );

    // As German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, CRLF.
    let excel = b"Zeitraum;Wert;Quelle;Hinweis\r\n2026-Q3;22;Bericht f\xFCr M\xE4rz;\r\n";
    let answer = app.upload_file(&upload, csv, excel, &member.cookie).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let to = location(&answer);
    assert!(to.starts_with(&format!("{page}?csv=")), "{to}");
    let check = app.get_as(&to, Some(&member)).await;
    let main = main_of(&check.body);
    assert!(main.contains("Prüfung: noch nichts gespeichert"), "{main}");
    assert!(main.contains("Bericht für März"), "read as Windows-1252");
    assert!(
        main.contains("name=\"fingerprint\""),
        "the file can be saved"
    );
    assert_eq!(
        (
            history_entries(&app).await,
            app.count("indicator_point").await
        ),
        before,
        "an upload writes nothing"
    );

    // A bad file goes back to the form, its problem beside the file field.
    for (bytes, code, message) in [
        (&b""[..], "leer", "die gewählte Datei ist leer"),
        (
            &b"PK\x03\x04\0\0binary"[..],
            "nicht-lesbar",
            "Die Datei ist keine Textdatei",
        ),
        (&[b'1'; 70 * 1024][..], "zu-gross", "Die Datei ist zu groß"),
        (
            &[b'1'; 3 * 1024 * 1024][..],
            "zu-gross",
            "Die Datei ist zu groß",
        ),
    ] {
        let answer = app.upload_file(&upload, csv, bytes, &member.cookie).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{code}");
        let to = location(&answer);
        assert_eq!(to, format!("{page}?datei={code}#werte-einfuegen"));
        let form = app.get_as(&to, Some(&member)).await;
        let main = main_of(&form.body);
        let field = main.find("id=\"feld-datei\"").expect("the file field");
        let shown = main.find(message).expect(message);
        assert!(
            shown.abs_diff(field) < 1500,
            "{code}: the message stands beside the field"
        );
        assert!(main.contains("aria-invalid=\"true\""), "{code}");
    }

    // Signed out, or an indicator that is not there: refused, nothing read.
    let signed_out = app.upload_file(&upload, csv, excel, "").await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
    let other_plan = app
        .upload_file(
            &format!("{PLAN}/bearbeiten/kennzahlen/999999/datei"),
            csv,
            excel,
            &member.cookie,
        )
        .await;
    assert_eq!(other_plan.status, StatusCode::NOT_FOUND);
    assert_eq!(history_entries(&app).await, before.0);
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

const CREATE: &str = "/api/bearbeiten/kennzahl-anlegen";
const CHANGE_TARGETS: &str = "/api/bearbeiten/kennzahl-ziel";

#[tokio::test]
async fn admins_define_indicators_and_change_targets_with_a_public_reason() {
    let app = TestApp::with_example().await;
    let slug = crate::common::SLUG;
    let fields = |key: &'static str, target: &'static str| {
        vec![
            ("plan", slug),
            ("key", key),
            ("name", "Beratungen in leichter Sprache"),
            ("name_en", ""),
            ("package", "3"),
            ("unit", "prozent"),
            ("direction", "hoeher"),
            (
                "description",
                "Anteil der Beratungen, zu denen Material in leichter Sprache vorlag.",
            ),
            ("method", "Stichprobe je Quartal"),
            ("source", "Ausländerbehörde"),
            ("small_count", "5"),
            ("target_value", target),
            ("target_on", "31.12.2027"),
            ("intermediate", "31.12.2026; 50"),
        ]
    };
    // A member may enter values but not define indicators.
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let refused = app
        .post_as(CREATE, &fields("K7", "80"), Some(&member))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let list = app
        .get_as(&format!("{PLAN}/bearbeiten/kennzahlen"), Some(&member))
        .await;
    assert!(!list.body.contains("/bearbeiten/kennzahlen/neu"));

    let admin = app.signed_in(Role::Admin, "Ada").await;
    let list = app
        .get_as(&format!("{PLAN}/bearbeiten/kennzahlen"), Some(&admin))
        .await;
    assert!(list.body.contains("Neue Kennzahl anlegen"));

    // Without JavaScript: a refused form comes back with each error beside its field.
    let before = app.count("indicator").await;
    let page = format!("http://monitor.test{PLAN}/bearbeiten/kennzahlen/neu");
    let mut wrong = fields("K1", "120");
    wrong.retain(|(k, _)| *k != "intermediate");
    wrong.push(("intermediate", "31.12.2028; 50"));
    let answer = app
        .post_with(
            CREATE,
            &wrong,
            Some(&admin),
            &[
                ("accept", "text/html"),
                ("referer", &page),
                ("origin", "http://monitor.test"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FOUND, "{}", answer.body);
    let back = answer.headers["location"].to_str().unwrap().to_owned();
    let request = axum::http::Request::builder()
        .uri(&back)
        .header("accept", "text/html")
        .header("cookie", &admin.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let form = app.send(request).await;
    let main = main_of(&form.body);
    assert!(
        main.contains("Ein Anteil in Prozent kann nicht über 100 liegen."),
        "{main}"
    );
    assert!(main.contains("Zeile 1: Ein Zwischenziel liegt vor dem Zieldatum."));
    assert!(
        main.contains("value=\"Beratungen in leichter Sprache\""),
        "typed text kept"
    );
    assert!(main.contains("aria-invalid=\"true\""));
    assert_eq!(app.count("indicator").await, before, "nothing saved");

    // The key of an existing indicator is refused by name.
    let taken = app.post_as(CREATE, &fields("K1", "80"), Some(&admin)).await;
    assert_eq!(taken.status, StatusCode::BAD_REQUEST);
    assert!(taken
        .body
        .contains("Diese Kennung hat schon eine Kennzahl dieses Plans."));

    // Saved: into the history, and public at once.
    let created = app.post_as(CREATE, &fields("K7", "80"), Some(&admin)).await;
    let at = location(&created);
    assert!(at.ends_with("?angelegt=1"), "{at}");
    let id = indicator_id(&app, "K7").await;
    assert!(at.contains(&format!("/bearbeiten/kennzahlen/{id}")));
    let (_, public) = app.get(&format!("{PLAN}/kennzahlen/{id}")).await;
    let public = main_of(&public);
    assert!(public.contains("Beratungen in leichter Sprache"));
    assert!(
        public.contains("mindestens 80 % bis 31.12.2027"),
        "{public}"
    );
    assert!(public.contains("mindestens 50 % bis 31.12.2026"));
    let (_, package) = app.get(&format!("{PLAN}/pakete/3")).await;
    assert!(main_of(&package).contains("Beratungen in leichter Sprache"));
    let (_, history) = app.get(&format!("{PLAN}/aenderungen")).await;
    assert!(main_of(&history).contains("Beratungen in leichter Sprache"));

    // Changing the targets needs a reason.
    let version = |v: &'static str| v;
    let change = |reason: &'static str, version: &'static str| {
        vec![
            ("plan", slug),
            ("id", "ID"),
            ("version", version),
            ("target_value", "75"),
            ("target_on", "30.06.2028"),
            ("intermediate", ""),
            ("reason", reason),
        ]
    };
    let id_text = id.to_string();
    let with_id = |mut form: Vec<(&'static str, &'static str)>| -> Vec<(&'static str, String)> {
        form.iter_mut()
            .map(|(k, v)| {
                (
                    *k,
                    if *v == "ID" {
                        id_text.clone()
                    } else {
                        (*v).to_owned()
                    },
                )
            })
            .collect()
    };
    let (app_ref, admin_ref) = (&app, &admin);
    let post = |form: Vec<(&'static str, String)>| {
        let (app, admin) = (app_ref, admin_ref);
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_as(CHANGE_TARGETS, &pairs, Some(admin)).await
        }
    };
    let no_reason = post(with_id(change("", version("1")))).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert!(no_reason
        .body
        .contains("Eine Änderung des Ziels braucht eine Begründung"));
    let member_try = {
        let form = with_id(change("Weil", "1"));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_as(CHANGE_TARGETS, &pairs, Some(&member)).await
    };
    assert_eq!(member_try.status, StatusCode::FORBIDDEN);
    let changed = post(with_id(change("Haushalt 2027 verschoben (Beispiel).", "1"))).await;
    assert!(
        location(&changed).ends_with("?ziel=1"),
        "{}",
        location(&changed)
    );
    // A form loaded before that change is refused, not applied over it.
    let stale = post(with_id(change("Noch einmal", "1"))).await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);
    assert!(stale
        .body
        .contains("Jemand hat die Kennzahl inzwischen geändert"));

    let (_, public) = app.get(&format!("{PLAN}/kennzahlen/{id}")).await;
    let public = main_of(&public);
    assert!(
        public.contains("mindestens 75 % bis 30.06.2028"),
        "{public}"
    );
    assert!(public.contains("Geänderte Ziele"));
    assert!(public.contains("Haushalt 2027 verschoben (Beispiel)."));
    assert!(
        !public.contains("mindestens 50 % bis 31.12.2026"),
        "the intermediate target is gone"
    );
    // The day before, the page showed the first targets (history rewinds the removal).
    let stored: Vec<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT field, old_value, new_value, comment FROM history_entry \
         WHERE entity = 'indicator' AND entity_id = $1 AND comment != '' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let fields_changed: Vec<&str> = stored.iter().map(|(f, ..)| f.as_str()).collect();
    assert_eq!(
        fields_changed,
        ["target_on", "target_value", "target:2026-12-31"],
        "{stored:?}"
    );
    assert_eq!(stored[2].1.as_deref(), Some("50"));
    assert_eq!(stored[2].2, None);
    let (_, json) = app.get(&format!("{PLAN}/api/v1/plan.json")).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let k7 = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "K7")
        .unwrap();
    assert_eq!(k7["target"]["due_on"], "2028-06-30");
    assert_eq!(k7["intermediate_targets"], serde_json::json!([]));
}

const DESCRIBE: &str = "/api/bearbeiten/kennzahl-angaben";

#[tokio::test]
async fn admins_change_what_describes_an_indicator_but_never_unpublish_by_a_threshold() {
    let app = TestApp::with_example().await;
    let id = indicator_id(&app, "K4").await;
    let id_text = id.to_string();
    let version = || async {
        sqlx::query_scalar::<_, i64>("SELECT version FROM indicator WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap()
            .to_string()
    };
    let loaded = version().await;
    let (_, package) = app.get(&format!("{PLAN}/pakete/12")).await;
    assert!(main_of(&package).contains("kennzahlen-paket-titel"));
    let form = |version: &str, threshold: &'static str| -> Vec<(&'static str, String)> {
        [
            ("plan", crate::common::SLUG),
            ("name", "Offene Anträge über drei Monate"),
            ("name_en", "Open applications older than three months"),
            ("package", ""),
            (
                "description",
                "Zahl der Anträge, die am Ende des Zeitraums seit mehr als drei Monaten unbearbeitet waren.",
            ),
            ("method", "Stichtagszählung am Quartalsende im Fachverfahren."),
            ("source", "Stadtverwaltung Potsdam (illustrativ)"),
            ("small_count", threshold),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .chain([("id", id_text.clone()), ("version", version.to_owned())])
        .collect()
    };
    let admin = app.signed_in(Role::Admin, "Ada").await;
    let member = app.signed_in(Role::Member, "Mitglied").await;
    let (app_ref, admin_ref, member_ref) = (&app, &admin, &member);
    let post = |form: Vec<(&'static str, String)>, role: Role| {
        let app = app_ref;
        let who = if role == Role::Admin {
            admin_ref
        } else {
            member_ref
        };
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_as(DESCRIBE, &pairs, Some(who)).await
        }
    };
    assert_eq!(
        post(form(&loaded, "9"), Role::Member).await.status,
        StatusCode::FORBIDDEN
    );

    // K4's value 9 (2026-Q1) has been public: a threshold of 10 could not take it back.
    let raised = post(form(&loaded, "10"), Role::Admin).await;
    assert_eq!(raised.status, StatusCode::BAD_REQUEST);
    assert!(
        raised.body.contains("bereits öffentlich erschienen"),
        "{}",
        raised.body
    );
    let stored: (String, i64) =
        sqlx::query_as("SELECT name, small_count FROM indicator WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        ("Offene Anträge, älter als drei Monate".to_owned(), 5),
        "nothing saved"
    );

    // Up to 9 nothing public lies below it: name, package and threshold change.
    let saved = post(form(&loaded, "9"), Role::Admin).await;
    let at = location(&saved);
    assert!(
        at.ends_with(&format!("/bearbeiten/kennzahlen/{id}?angaben=3")),
        "{at}"
    );
    let (_, public) = app.get(&format!("{PLAN}/kennzahlen/{id}")).await;
    assert!(main_of(&public).contains("Offene Anträge über drei Monate"));
    let (_, package) = app.get(&format!("{PLAN}/pakete/12")).await;
    assert!(
        !main_of(&package).contains("kennzahlen-paket-titel"),
        "it belongs to the whole plan now, the package has no indicators"
    );
    let (_, history) = app.get(&format!("{PLAN}/aenderungen")).await;
    assert!(main_of(&history).contains("Offene Anträge über drei Monate"));
    // As known the day before, it had its old name.
    let yesterday = today().pred_opt().unwrap();
    let (_, before) = app
        .get(&format!("{PLAN}/kennzahlen/{id}?stand={yesterday}"))
        .await;
    assert!(
        main_of(&before).contains("Offene Anträge, älter als drei Monate"),
        "{}",
        main_of(&before)
    );

    // A form loaded before that save is refused; the same details again change nothing.
    let stale = post(form(&loaded, "9"), Role::Admin).await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);
    assert!(stale
        .body
        .contains("Jemand hat die Kennzahl inzwischen geändert"));
    let now = version().await;
    let again = post(form(&now, "9"), Role::Admin).await;
    assert!(
        location(&again).ends_with("?angaben=0"),
        "{}",
        location(&again)
    );
}
