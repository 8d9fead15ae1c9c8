//! The spreadsheet round trip (issue 19, part 4): download the plan as XLSX, edit it with
//! a real spreadsheet library (calamine reads it, rust_xlsxwriter writes the edited file
//! as a spreadsheet program would save it), upload it: the dry run shows exactly the
//! edits, conflicts and errors and saves nothing; applying saves in one change set, or
//! nothing at all.

use crate::common;

use std::io::Cursor;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use common::endpoints::{milestone_form, pairs, version};
use common::{main_of, Session, TestApp};
use rust_xlsxwriter::{Format, Workbook};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::editing::model::SheetCheckView;
use umsetzungsmonitor::editing::sheet::Column;

const PLAN: &str = "potsdam-ag-auslaenderbehoerde";
const DOWNLOAD: &str = "/potsdam-ag-auslaenderbehoerde/bearbeiten/tabelle/bearbeitung.xlsx";
const UPLOAD: &str = "/potsdam-ag-auslaenderbehoerde/bearbeiten/tabelle/hochladen";
const APPLY: &str = "/api/bearbeiten/tabelle-uebernehmen";

/// A workbook as calamine reads it: each sheet's name and cells (values; a formula as
/// `=…` text).
type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn open(bytes: &[u8]) -> Sheets {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .expect("the download is an XLSX file calamine opens");
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// Writes `sheets` back as a spreadsheet program saves them: values, dates as date cells,
/// text starting with `=` as a formula, the sheet `umsetzungsmonitor` hidden.
fn save(sheets: &Sheets) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::String(text) if text.starts_with('=') => {
                        sheet.write_formula(r, c, text.as_str()).unwrap();
                    }
                    Data::String(text) => {
                        sheet.write_string(r, c, text).unwrap();
                    }
                    Data::Float(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    Data::Int(n) => {
                        sheet.write_number(r, c, *n as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        sheet.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        sheet
                            .write_date_with_format(r, c, d.as_datetime().unwrap().date(), &date)
                            .unwrap();
                    }
                    other => panic!("unexpected cell {other:?}"),
                }
            }
        }
        if name == "umsetzungsmonitor" {
            sheet.set_hidden(true);
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn day(text: &str) -> Data {
    let date = chrono::NaiveDate::parse_from_str(text, "%d.%m.%Y").unwrap();
    let serial = (date - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
    Data::DateTime(calamine::ExcelDateTime::new(
        serial as f64,
        calamine::ExcelDateTimeType::DateTime,
        false,
    ))
}

/// The column index of `column` in the milestone sheet.
fn col(column: Column) -> usize {
    Column::ALL.iter().position(|&c| c == column).unwrap()
}

/// The milestone sheet's row (0-based) of milestone `id`.
fn row_of(sheets: &Sheets, id: i64) -> usize {
    sheets[0]
        .1
        .iter()
        .position(|r| matches!(r.first(), Some(Data::Float(n)) if *n as i64 == id))
        .unwrap_or_else(|| panic!("milestone {id} has a row"))
}

fn put(sheets: &mut Sheets, id: i64, column: Column, value: Data) {
    let row = row_of(sheets, id);
    let cells = &mut sheets[0].1[row];
    if cells.len() <= col(column) {
        cells.resize(col(column) + 1, Data::Empty);
    }
    cells[col(column)] = value;
}

fn text(s: &str) -> Data {
    Data::String(s.to_owned())
}

/// Uploads `bytes` as the upload form does (multipart, same origin).
async fn upload(app: &TestApp, who: &Session, bytes: &[u8], cookie_extra: &str) -> common::Answer {
    let xlsx = (
        "bearbeitet.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    app.upload_file(
        UPLOAD,
        xlsx,
        bytes,
        &format!("{}{cookie_extra}", who.cookie),
    )
    .await
}

fn location(answer: &common::Answer) -> String {
    answer.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The dry run of the upload a redirect points to.
async fn check(app: &TestApp, who: &Session, check_page: &str) -> SheetCheckView {
    let token = check_page.rsplit('/').next().unwrap();
    let answer = app
        .get_as(
            &format!("/api/bearbeiten/tabelle-pruefung?plan={PLAN}&token={token}"),
            Some(who),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).unwrap()
}

async fn change_sets(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(DISTINCT change_set) FROM history_entry")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A changed field as the dry run shows it: column, value before, value in the file.
type FieldSeen = (Column, String, String);

/// (version, status, forecast, completed, note) as stored.
type Stored = (i64, String, Option<String>, Option<String>, String);

async fn stored(app: &TestApp, id: i64) -> Stored {
    sqlx::query_as(
        "SELECT version, status, forecast_on, completed_on, public_note FROM milestone WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// Open milestones with a forecast, by package: the rows the tests edit.
async fn open_with_forecast(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT m.id FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         WHERE m.status IN ('offen', 'in_arbeit') AND m.forecast_on IS NOT NULL \
         ORDER BY p.number, m.sort_order, m.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

/// Applies the upload of `dry` as its page's button does.
async fn apply(app: &TestApp, who: &Session, dry: &SheetCheckView) -> common::Answer {
    app.post_as(
        APPLY,
        &[
            ("plan", PLAN),
            ("token", dry.token.as_str()),
            ("fingerprint", dry.fingerprint.as_str()),
        ],
        Some(who),
    )
    .await
}

/// Someone saves milestone `id` on its own page (a new title, and `note` if given),
/// keeping its status and forecast.
async fn save_elsewhere(app: &TestApp, who: &Session, id: i64, note: Option<&str>) {
    let mut form = milestone_form(id, version(app, id).await, "Von Otto");
    let (_, status, forecast, _, _) = stored(app, id).await;
    let forecast = chrono::NaiveDate::parse_from_str(&forecast.unwrap(), "%Y-%m-%d")
        .unwrap()
        .format("%d.%m.%Y")
        .to_string();
    let mut fields = vec![("status", status.as_str()), ("forecast", &forecast)];
    if let Some(note) = note {
        fields.push(("public_note", note));
    }
    for (field, value) in fields {
        form.iter_mut().find(|(k, _)| k == field).unwrap().1 = value.to_owned();
    }
    let saved = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(who),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
}

#[tokio::test]
async fn download_edit_upload_dry_run_apply_in_one_change_set() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let other = app.signed_in(Role::Member, "Otto").await;

    // The download: one row per milestone, editable columns marked, a hidden stand.
    let (status, headers, bytes) = app.download(DOWNLOAD, Some(&member)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("bearbeitung-potsdam-ag-auslaenderbehoerde-2026-11-21.xlsx"));
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    let mut sheets = open(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Meilensteine", "Hinweise", "umsetzungsmonitor"]);
    let milestones = app.count("milestone").await;
    assert_eq!(
        sheets[0].1.len() as i64,
        milestones + 1,
        "a header and one row each"
    );
    let header_row: Vec<String> = sheets[0].1[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header_row[0], "Meilenstein-Nr.");
    assert_eq!(header_row[col(Column::Status)], "Status (bearbeitbar)");
    assert_eq!(
        header_row[col(Column::Title)],
        "Meilenstein",
        "read only: not marked"
    );

    let ids = open_with_forecast(&app).await;
    let (a, b, c, d, e) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
    // a: a new note; b: done yesterday; c: the forecast a year later, with its reason;
    // d: edited in the file, but Otto saves it meanwhile (a conflict); e: Otto saves it,
    // the file leaves it alone (unchanged, not overwritten).
    put(&mut sheets, a, Column::Note, text("Aus der Tabelle."));
    put(&mut sheets, b, Column::Status, text("erledigt"));
    put(&mut sheets, b, Column::Completed, day("20.11.2026"));
    let (_, _, c_forecast, _, _) = stored(&app, c).await;
    let later = chrono::NaiveDate::parse_from_str(&c_forecast.unwrap(), "%Y-%m-%d").unwrap()
        + chrono::Duration::days(365);
    put(
        &mut sheets,
        c,
        Column::Forecast,
        day(&later.format("%d.%m.%Y").to_string()),
    );
    put(&mut sheets, c, Column::ForecastCategory, text("Haushalt"));
    put(
        &mut sheets,
        c,
        Column::ForecastReason,
        text("Die Mittel kommen erst 2028."),
    );
    put(
        &mut sheets,
        d,
        Column::Note,
        text("Aus der Tabelle, zu spät."),
    );
    let edited = save(&sheets);

    for (id, note) in [(d, "Ottos Fassung"), (e, "Auch von Otto")] {
        save_elsewhere(&app, &other, id, Some(note)).await;
    }
    let before: Vec<Stored> =
        futures_util::future::join_all([a, b, c, d, e].map(|id| stored(&app, id))).await;
    let sets_before = change_sets(&app).await;

    // The upload: a dry run that saves nothing.
    let answer = upload(&app, &member, &edited, "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let check_page = location(&answer);
    assert!(
        check_page.starts_with(&format!("/{PLAN}/bearbeiten/tabelle/pruefung/")),
        "{check_page}"
    );
    let dry = check(&app, &member, &check_page).await;
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    assert_eq!(dry.confirms_as, None, "the working group confirms nothing");
    let changed: Vec<(i64, Vec<FieldSeen>)> = dry
        .changes
        .iter()
        .map(|row| {
            (
                row.id,
                row.fields
                    .iter()
                    .map(|f| (f.column, f.stored.clone(), f.file.clone()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(changed.len(), 3, "exactly the edits: {changed:#?}");
    assert_eq!(changed[0].0, a);
    assert_eq!(changed[0].1.len(), 1);
    assert_eq!(changed[0].1[0].0, Column::Note);
    assert_eq!(changed[0].1[0].2, "Aus der Tabelle.");
    assert_eq!(changed[1].0, b);
    assert_eq!(
        changed[1]
            .1
            .iter()
            .map(|f| (f.0, f.2.as_str()))
            .collect::<Vec<_>>(),
        [
            (Column::Status, "erledigt"),
            (Column::Completed, "20.11.2026")
        ]
    );
    assert_eq!(changed[2].0, c);
    assert_eq!(
        changed[2].1.iter().map(|f| f.0).collect::<Vec<_>>(),
        [
            Column::Forecast,
            Column::ForecastCategory,
            Column::ForecastReason
        ]
    );
    assert_eq!(changed[2].1[1].2, "Haushalt");
    assert_eq!(dry.conflicts.len(), 1);
    assert_eq!(dry.conflicts[0].id, d);
    let field = &dry.conflicts[0].fields[0];
    assert_eq!(
        (field.stored.as_str(), field.file.as_str()),
        ("Ottos Fassung", "Aus der Tabelle, zu spät.")
    );
    assert!(
        dry.conflicts[0].saved_by.contains("Otto"),
        "{:?}",
        dry.conflicts[0]
    );
    assert_eq!(dry.unchanged as i64, milestones - 4);
    let after_dry: Vec<Stored> =
        futures_util::future::join_all([a, b, c, d, e].map(|id| stored(&app, id))).await;
    assert_eq!(after_dry, before, "the dry run saves nothing");
    assert_eq!(change_sets(&app).await, sets_before);

    // The dry-run page: changes, the conflict with both values, the apply button.
    let page = app.get_as(&check_page, Some(&member)).await;
    let main = main_of(&page.body);
    assert!(main.contains("Alle Änderungen übernehmen (3)"), "{main}");
    assert!(main.contains("Ottos Fassung") && main.contains("Aus der Tabelle, zu spät."));
    assert!(main.contains("Zeilen mit Konflikt werden nicht übernommen: 1."));

    // Applying: the three rows in one change set; the conflict and Otto's other save stay.
    let applied = apply(&app, &member, &dry).await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert_eq!(
        location(&applied),
        format!("/{PLAN}/bearbeiten/tabelle?uebernommen=3")
    );
    assert_eq!(change_sets(&app).await, sets_before + 1, "one change set");
    assert_eq!(stored(&app, a).await.4, "Aus der Tabelle.");
    let b_now = stored(&app, b).await;
    assert_eq!(
        (b_now.1.as_str(), b_now.3.as_deref()),
        ("erledigt", Some("2026-11-20"))
    );
    assert_eq!(
        stored(&app, c).await.2,
        Some(later.format("%Y-%m-%d").to_string())
    );
    assert_eq!(
        stored(&app, d).await,
        before[3],
        "the conflict is not overwritten"
    );
    assert_eq!(
        stored(&app, e).await,
        before[4],
        "an unchanged row is not saved"
    );
    let reason: String = sqlx::query_scalar(
        "SELECT comment FROM history_entry WHERE entity_id = $1 AND field = 'forecast_on' ORDER BY id DESC LIMIT 1",
    )
    .bind(c)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(reason.contains("Die Mittel kommen erst 2028."), "{reason}");
    assert_eq!(
        app.count("sheet_upload").await,
        0,
        "an applied upload is gone"
    );
    let again = apply(&app, &member, &dry).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "applied once only");
}

#[tokio::test]
async fn a_check_that_changed_since_the_dry_run_saves_nothing() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let other = app.signed_in(Role::Member, "Otto").await;
    let (_, _, bytes) = app.download(DOWNLOAD, Some(&member)).await;
    let mut sheets = open(&bytes);
    let ids = open_with_forecast(&app).await;
    put(&mut sheets, ids[0], Column::Note, text("Erste Änderung"));
    put(&mut sheets, ids[1], Column::Note, text("Zweite Änderung"));
    let answer = upload(&app, &member, &save(&sheets), "").await;
    let dry = check(&app, &member, &location(&answer)).await;
    assert_eq!(dry.changes.len(), 2);

    // Otto saves the second milestone after the dry run was shown.
    save_elsewhere(&app, &other, ids[1], None).await;
    let first_before = stored(&app, ids[0]).await;
    let sets_before = change_sets(&app).await;

    let applied = apply(&app, &member, &dry).await;
    assert!(
        location(&applied).ends_with("?veraendert=1"),
        "back to the new check: {:?}",
        applied.headers
    );
    assert_eq!(
        stored(&app, ids[0]).await,
        first_before,
        "nothing at all is saved"
    );
    assert_eq!(change_sets(&app).await, sets_before);
    let again = check(&app, &member, &location(&answer)).await;
    assert_eq!(again.changes.len(), 1);
    assert_eq!(again.conflicts.len(), 1, "the new check shows the conflict");
    let page = app
        .get_as(
            &format!("{}?veraendert=1", location(&answer)),
            Some(&member),
        )
        .await;
    assert!(main_of(&page.body).contains("deshalb wurde nichts gespeichert"));
}

#[tokio::test]
async fn formulas_over_long_values_and_bad_cells_are_named_by_line_and_column() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let (_, _, bytes) = app.download(DOWNLOAD, Some(&member)).await;
    let mut sheets = open(&bytes);
    let ids = open_with_forecast(&app).await;
    put(&mut sheets, ids[0], Column::Forecast, text("=TODAY()+30"));
    put(&mut sheets, ids[1], Column::Note, text(&"x".repeat(20_000)));
    put(&mut sheets, ids[2], Column::Note, text(&"y".repeat(5_001)));
    put(&mut sheets, ids[3], Column::Status, text("fast fertig"));
    put(&mut sheets, ids[4], Column::Forecast, text("bald"));
    let lines: Vec<u32> = ids[..5]
        .iter()
        .map(|&id| row_of(&sheets, id) as u32 + 1)
        .collect();
    let before: Vec<Stored> =
        futures_util::future::join_all(ids[..5].iter().map(|&id| stored(&app, id))).await;

    // In English: each message in the reader's language.
    let answer = upload(&app, &member, &save(&sheets), "; sprache=en").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let token_page = location(&answer);
    let token = token_page.rsplit('/').next().unwrap();
    let en = app
        .send(
            Request::builder()
                .uri(format!(
                    "/api/bearbeiten/tabelle-pruefung?plan={PLAN}&token={token}"
                ))
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, format!("{}; sprache=en", member.cookie))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let dry: SheetCheckView = serde_json::from_str(&en.body).unwrap();
    let found: Vec<(u32, Option<char>, &str)> = dry
        .problems
        .iter()
        .map(|p| (p.line, p.column.map(Column::letter), p.message.as_str()))
        .collect();
    assert_eq!(found.len(), 5, "{found:#?}");
    assert_eq!(found[0].0, lines[0]);
    assert_eq!(found[0].1, Some('F'));
    assert!(found[0].2.contains("formula"), "{}", found[0].2);
    assert_eq!((found[1].0, found[1].1), (lines[1], Some('J')));
    assert!(
        found[1].2.contains("At most 10000 characters"),
        "{}",
        found[1].2
    );
    assert_eq!((found[2].0, found[2].1), (lines[2], Some('J')));
    assert!(
        found[2].2.contains("At most 5000 characters"),
        "the note's own limit: {}",
        found[2].2
    );
    assert_eq!((found[3].0, found[3].1), (lines[3], Some('E')));
    assert_eq!((found[4].0, found[4].1), (lines[4], Some('F')));
    assert!(
        found[4].2.contains("“bald” is not a date"),
        "{}",
        found[4].2
    );
    assert!(dry.changes.is_empty(), "rows with errors are no changes");
    // The page: the errors' table, no apply button; applying anyway saves nothing.
    let page = app.get_as(&token_page, Some(&member)).await;
    let main = main_of(&page.body);
    assert!(main.contains("Es wurde nichts gespeichert.") && !main.contains("übernehmen</button>"));
    let sets_before = change_sets(&app).await;
    let applied = apply(&app, &member, &dry).await;
    assert!(location(&applied).ends_with("?veraendert=1"));
    assert_eq!(change_sets(&app).await, sets_before);
    let after: Vec<Stored> =
        futures_util::future::join_all(ids[..5].iter().map(|&id| stored(&app, id))).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn a_malformed_or_foreign_file_gets_a_clear_message_and_nothing_is_kept() {
    let app = TestApp::with_example().await;
    let member = app.signed_in(Role::Member, "Mira").await;
    let back = |answer: &common::Answer| location(answer);

    let not_xlsx = upload(&app, &member, b"Status;Prognose\noffen;31.12.2026\n", "").await;
    assert_eq!(
        back(&not_xlsx),
        format!("/{PLAN}/bearbeiten/tabelle?fehler=unlesbar")
    );

    // Any other spreadsheet, even one with the right headings.
    let mut foreign = Workbook::new();
    let sheet = foreign.add_worksheet();
    for (i, column) in Column::ALL.into_iter().enumerate() {
        sheet
            .write_string(
                0,
                i as u16,
                column.heading(umsetzungsmonitor::language::Locale::de),
            )
            .unwrap();
    }
    let foreign = foreign.save_to_buffer().unwrap();
    let answer = upload(&app, &member, &foreign, "").await;
    assert_eq!(
        back(&answer),
        format!("/{PLAN}/bearbeiten/tabelle?fehler=fremd")
    );

    // Ours, with a column deleted.
    let (_, _, bytes) = app.download(DOWNLOAD, Some(&member)).await;
    let mut sheets = open(&bytes);
    for row in &mut sheets[0].1 {
        row.remove(col(Column::Completed));
    }
    let answer = upload(&app, &member, &save(&sheets), "").await;
    assert_eq!(
        back(&answer),
        format!("/{PLAN}/bearbeiten/tabelle?fehler=spalte-I")
    );
    // Above the site's usual body limit (256 KB) the upload is still taken (a sheet of
    // notes the reader added, 40,000 random cells); above its own 4 MB, back to the form.
    let (_, _, bytes) = app.download(DOWNLOAD, Some(&member)).await;
    let mut sheets = open(&bytes);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let noise = (0..400)
        .map(|_| {
            (0..100)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    text(&format!("{seed:016x}"))
                })
                .collect()
        })
        .collect();
    sheets.push(("Eigene Notizen".to_owned(), noise));
    let large = save(&sheets);
    assert!(large.len() > 300 * 1024, "{} bytes", large.len());
    let answer = upload(&app, &member, &large, "").await;
    assert!(back(&answer).contains("/pruefung/"), "{}", back(&answer));
    let huge = vec![b'x'; 4 * 1024 * 1024 + 100 * 1024];
    let answer = upload(&app, &member, &huge, "").await;
    assert_eq!(
        back(&answer),
        format!("/{PLAN}/bearbeiten/tabelle?fehler=zu-gross")
    );
    sqlx::query("DELETE FROM sheet_upload")
        .execute(&app.pool)
        .await
        .unwrap();
    let empty = upload(&app, &member, b"", "").await;
    assert_eq!(
        back(&empty),
        format!("/{PLAN}/bearbeiten/tabelle?fehler=leer")
    );
    assert_eq!(
        app.count("sheet_upload").await,
        0,
        "a refused file is not kept"
    );

    // The form says what is wrong beside the file field, in the reader's language.
    let page = app
        .get_as(
            &format!("/{PLAN}/bearbeiten/tabelle?fehler=spalte-I"),
            Some(&member),
        )
        .await;
    let main = main_of(&page.body);
    assert!(main.contains("Die Spalte „Erledigt am“ fehlt."), "{main}");
    assert!(main.contains("aria-invalid=\"true\""));

    // Only editors: signed out 401, and nobody sees another account's upload.
    let (status, _, _) = app.download(DOWNLOAD, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, _, bytes) = app.download(DOWNLOAD, Some(&member)).await;
    let answer = upload(&app, &member, &bytes, "").await;
    let token_page = location(&answer);
    let mine = check(&app, &member, &token_page).await;
    assert!(mine.changes.is_empty() && mine.problems.is_empty());
    assert_eq!(
        mine.unchanged as i64,
        app.count("milestone").await,
        "the download reads back unchanged"
    );
    let someone = app.signed_in(Role::Member, "Susi").await;
    let token = token_page.rsplit('/').next().unwrap();
    let theirs = app
        .get_as(
            &format!("/api/bearbeiten/tabelle-pruefung?plan={PLAN}&token={token}"),
            Some(&someone),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_administration_confirms_what_it_applies_and_is_told_so() {
    let app = TestApp::with_example().await;
    let office = app.signed_in(Role::Administration, "Vera").await;
    let (_, _, bytes) = app.download(DOWNLOAD, Some(&office)).await;
    let mut sheets = open(&bytes);
    let id = open_with_forecast(&app).await[0];
    put(
        &mut sheets,
        id,
        Column::Note,
        text("Von der Verwaltung bestätigt."),
    );
    let answer = upload(&app, &office, &save(&sheets), "").await;
    let dry = check(&app, &office, &location(&answer)).await;
    let organisation = dry.confirms_as.clone().expect("the administration is told");
    let page = app.get_as(&location(&answer), Some(&office)).await;
    assert!(main_of(&page.body).contains("Sie sprechen für die Verwaltung"));
    let applied = apply(&app, &office, &dry).await;
    assert!(location(&applied).ends_with("uebernommen=1"));
    let (confirmed_on, by): (Option<String>, String) = sqlx::query_as(
        "SELECT statement_confirmed_on, statement_organisation FROM milestone WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(confirmed_on.as_deref(), Some("2026-11-21"));
    assert_eq!(by, organisation);
}
