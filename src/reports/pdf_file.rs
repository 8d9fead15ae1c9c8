//! `/export/sachstandsbericht.pdf`: the status report for the city council, typeset by
//! typst as a library. The layout lives in `sachstandsbericht.typ` (editable without
//! Rust); the data arrives as `/daten.json`, the schedule chart as `/zeitplan.svg`.
//! Fonts are compiled into the binary: nothing is read or fetched at run time.

use std::sync::LazyLock;

use chrono::{Datelike, FixedOffset};
use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::record::{MilestoneRecord, Record};
use super::since::Changes;
use super::tables::INTERNAL_NOTICE;
use crate::domain::dates::format_de;
use crate::domain::voices::VoiceCounts;
use crate::language::Locale;
use crate::ui::format::{
    assessment_label, delay_category_label, indicator_status_label, indicator_value,
    package_status_label, period_label, postponement_summary, schedule_status_label, signed_days,
    target_text,
};

const TEMPLATE: &str = include_str!("sachstandsbericht.typ");

const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("fixed virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The charts a report shows, drawn as the site draws them (German).
pub struct ReportCharts {
    /// The schedule of every milestone.
    pub schedule: String,
    /// One per indicator of the record, in its order.
    pub indicators: Vec<IndicatorChart>,
}

pub struct IndicatorChart {
    pub id: i64,
    pub svg: String,
    /// The chart in words: the image's alternative text.
    pub summary: String,
}

/// The files a report consists of (template, data, charts); nothing else is reachable.
struct Report {
    main: FileId,
    data: FileId,
    source: Source,
    json: Bytes,
    charts: std::collections::HashMap<FileId, Bytes>,
    today: chrono::NaiveDate,
}

/// Where the template finds the chart of indicator `id`.
fn indicator_chart_path(id: i64) -> String {
    format!("/kennzahl-{id}.svg")
}

impl World for Report {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data {
            Ok(self.json.clone())
        } else if let Some(svg) = self.charts.get(&id) {
            Ok(svg.clone())
        } else if id == self.main {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            self.today.month() as u8,
            self.today.day() as u8,
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("typst: {0}")]
    Typst(String),
    #[error("data: {0}")]
    Data(#[from] serde_json::Error),
}

fn diagnostics(errors: &[SourceDiagnostic]) -> PdfError {
    PdfError::Typst(
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Typesets the report with its `charts`.
/// CPU-bound (tens to hundreds of milliseconds): call it off the async runtime.
/// `changes`: the section "Änderungen seit …", when the report has one.
pub fn render(
    record: &Record,
    changes: Option<&Changes>,
    charts: &ReportCharts,
    base: &str,
) -> Result<Vec<u8>, PdfError> {
    let mut report = ReportData::new(record, base);
    report.seit = changes.map(|changes| SeitData::new(record, changes));
    report.wirkung = WirkungData::all(record, &charts.indicators);
    let data = serde_json::to_vec(&report)?;
    let main = file_id("/sachstandsbericht.typ");
    let svg = |text: &str| Bytes::new(text.as_bytes().to_vec());
    let mut files = std::collections::HashMap::new();
    files.insert(file_id("/zeitplan.svg"), svg(&charts.schedule));
    for chart in &charts.indicators {
        files.insert(file_id(&indicator_chart_path(chart.id)), svg(&chart.svg));
    }
    let world = Report {
        main,
        data: file_id("/daten.json"),
        source: Source::new(main, TEMPLATE.to_owned()),
        json: Bytes::new(data),
        charts: files,
        today: record.stand.day,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|e| diagnostics(&e))?;
    let offset = FixedOffset::east_opt(0).expect("UTC");
    let generated = record.stand.generated_at.with_timezone(&offset);
    let timestamp = Datetime::from_ymd_hms(
        generated.year(),
        generated.month() as u8,
        generated.day() as u8,
        generated.format("%H").to_string().parse().unwrap_or(0),
        generated.format("%M").to_string().parse().unwrap_or(0),
        generated.format("%S").to_string().parse().unwrap_or(0),
    )
    .map(Timestamp::new_utc);
    // PDF/A-2a: archivable (fonts embedded, no external content) and tagged.
    let standards =
        PdfStandards::new(&[PdfStandard::A_2a]).map_err(|e| PdfError::Typst(format!("{e:?}")))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!(
            "umsetzungsmonitor/{}/{}",
            record.plan.slug,
            record.stand.day_iso()
        )),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|e| diagnostics(&e))?;
    // Memoised layout results would otherwise pile up in a long-running server.
    typst::comemo::evict(10);
    Ok(pdf)
}

/// Everything the template shows, already in words and German dates.
#[derive(Serialize)]
struct ReportData {
    titel: String,
    plan: String,
    herausgeber: String,
    beschlossen: String,
    stand: String,
    stand_iso: String,
    rekonstruiert: bool,
    erstellt: String,
    intern: bool,
    intern_hinweis: &'static str,
    /// The head of the history's hash chain (`<change set>:<hash>`), or empty.
    historie: String,
    beispiel: bool,
    adresse: String,
    /// What the plan calls its packages: "Paket" / "Maßnahmenpakete", "Teilprojekt" / …
    ebene: String,
    ebene_mehrzahl: String,
    kennzahlen: Vec<(String, String)>,
    pakete: Vec<PaketData>,
    ueberfaellig: Vec<UeberfaelligData>,
    verschiebungen: Vec<VerschiebungData>,
    prognosen: Vec<PrognoseData>,
    seit: Option<SeitData>,
    /// The indicators: does the reform work?
    wirkung: Vec<WirkungData>,
}

/// One indicator: its facts, its chart (`bild`, with `alt`) and its values as a table.
#[derive(Serialize)]
struct WirkungData {
    schluessel: String,
    name: String,
    paket: String,
    beschreibung: String,
    ziel: String,
    zwischenziele: String,
    status: &'static str,
    messung: String,
    beispiel: bool,
    bild: String,
    alt: String,
    /// (period, value, reference, note)
    werte: Vec<(String, String, String, String)>,
}

impl WirkungData {
    fn all(record: &Record, charts: &[IndicatorChart]) -> Vec<WirkungData> {
        record
            .indicators
            .iter()
            .filter_map(|i| {
                let chart = charts.iter().find(|c| c.id == i.id)?;
                let value = |v| indicator_value(Locale::de, i.unit, v);
                let target = |t| target_text(Locale::de, i.unit, i.direction, t);
                let paket = i
                    .package_number
                    .map(|n| record.plan.words.numbered(Locale::de, n))
                    .unwrap_or_default();
                let messung = [i.method.as_str(), i.source.as_str()]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" – ");
                Some(WirkungData {
                    schluessel: i.key.clone(),
                    name: i.name.clone(),
                    paket,
                    beschreibung: i.description.clone(),
                    ziel: target(i.target),
                    zwischenziele: i
                        .intermediate
                        .iter()
                        .map(|t| target(*t))
                        .collect::<Vec<_>>()
                        .join("; "),
                    status: indicator_status_label(Locale::de, i.status(record.stand.day)),
                    messung,
                    beispiel: i.is_example,
                    bild: indicator_chart_path(i.id),
                    alt: chart.summary.clone(),
                    werte: record
                        .indicator_points(i)
                        .into_iter()
                        .map(|p| {
                            (
                                period_label(Locale::de, p.period),
                                value(p.value),
                                p.source_reference,
                                p.note,
                            )
                        })
                        .collect(),
                })
            })
            .collect()
    }
}

/// "Änderungen seit dem …": each kind of change as rows of (package, milestone, detail).
#[derive(Serialize)]
struct SeitData {
    datum: String,
    nichts: bool,
    gruppen: Vec<SeitGruppe>,
}

#[derive(Serialize)]
struct SeitGruppe {
    titel: &'static str,
    zeilen: Vec<(String, String, String)>,
}

impl SeitData {
    fn new(record: &Record, changes: &Changes) -> SeitData {
        let row = |id: i64, detail: String| {
            let milestone = record.milestone(id);
            let package = milestone
                .and_then(|m| record.package(m.package_id))
                .map(|p| p.number.to_string())
                .unwrap_or_default();
            let title = milestone.map(|m| m.title.clone()).unwrap_or_default();
            (package, title, detail)
        };
        let rows = |ids: &[i64], detail: &dyn Fn(&MilestoneRecord) -> String| {
            ids.iter()
                .filter_map(|&id| record.milestone(id).map(|m| row(id, detail(m))))
                .collect::<Vec<_>>()
        };
        let gruppen = [
            SeitGruppe {
                titel: "Erledigt",
                zeilen: rows(&changes.completed, &|m| {
                    format!("erledigt am {}", date(m.completed_on))
                }),
            },
            SeitGruppe {
                titel: "Neu überfällig",
                zeilen: rows(&changes.newly_overdue, &|m| {
                    format!(
                        "Soll-Termin {}, Prognose {}",
                        date(m.demanded_on),
                        date(m.forecast_on)
                    )
                }),
            },
            SeitGruppe {
                titel: "Verschobene Prognosen",
                zeilen: changes
                    .forecast_moves
                    .iter()
                    .map(|moved| {
                        let reason = match moved.reason.as_str() {
                            "" => String::new(),
                            text => format!(" – {text}"),
                        };
                        row(
                            moved.milestone_id,
                            format!(
                                "{} → {} ({} Tage), {}{reason}",
                                format_de(moved.from),
                                format_de(moved.to),
                                signed_days(moved.dates().days()),
                                delay_category_label(Locale::de, moved.category),
                            ),
                        )
                    })
                    .collect(),
            },
            SeitGruppe {
                titel: "Geänderte Soll-Termine",
                zeilen: changes
                    .rebaselinings
                    .iter()
                    .map(|r| {
                        row(
                            r.milestone_id,
                            format!("{} → {}: {}", date(r.old_date), date(r.new_date), r.reason),
                        )
                    })
                    .collect(),
            },
            SeitGruppe {
                titel: "Neuer Widerspruch oder Zweifel der Arbeitsgruppe",
                zeilen: rows(&changes.new_disagreements, &voices_text),
            },
            SeitGruppe {
                titel: "Neu aufgenommen",
                zeilen: rows(&changes.new_milestones, &|m| {
                    format!("Soll-Termin {}", date(m.demanded_on))
                }),
            },
            SeitGruppe {
                titel: "Entfallen",
                zeilen: rows(&changes.dropped, &|_| {
                    "wird nicht weiter verfolgt".to_owned()
                }),
            },
        ]
        .into_iter()
        .filter(|g| !g.zeilen.is_empty())
        .collect();
        SeitData {
            datum: format_de(changes.since),
            nichts: changes.is_empty(),
            gruppen,
        }
    }
}

#[derive(Serialize)]
struct PaketData {
    nummer: u32,
    titel: String,
    zustaendig: String,
    zusammenfassung: String,
    status: &'static str,
    fortschritt: String,
    meilensteine: Vec<MeilensteinData>,
    meldungen: Vec<(String, String)>,
}

#[derive(Serialize)]
struct MeilensteinData {
    titel: String,
    soll: String,
    prognose: String,
    erledigt: String,
    status: &'static str,
    hinweis: String,
    intern: String,
    /// Who confirmed the statement; the working group's assessment where it differs.
    stimmen: String,
}

#[derive(Serialize)]
struct UeberfaelligData {
    paket: u32,
    titel: String,
    soll: String,
    prognose: String,
    tage: String,
}

#[derive(Serialize)]
struct VerschiebungData {
    paket: String,
    titel: String,
    von: String,
    auf: String,
    am: String,
    begruendung: String,
    durch: String,
}

/// One milestone whose forecast moved: what the moves add up to, and each move.
#[derive(Serialize)]
struct PrognoseData {
    paket: String,
    titel: String,
    summe: String,
    schritte: Vec<PrognoseSchritt>,
}

#[derive(Serialize)]
struct PrognoseSchritt {
    am: String,
    von: String,
    auf: String,
    tage: String,
    grund: String,
    begruendung: String,
    durch: String,
}

/// The two voices in one line: "Arbeitsgruppe widerspricht (AG, geprüft am …): Grund" –
/// and whether the administration confirmed the statement.
fn voices_text(m: &MilestoneRecord) -> String {
    let voices = &m.voices;
    let statement = match voices.statement.on {
        Some(on) => format!(
            "Angaben bestätigt von {} am {}",
            voices.statement.organisation,
            format_de(on)
        ),
        None => "Angaben nicht von der Verwaltung bestätigt".to_owned(),
    };
    match voices.view.assessment {
        Some(assessment) => {
            let reason = match voices.view.reason.as_str() {
                "" => String::new(),
                text => format!(": {text}"),
            };
            // Words only: the report's font has no check mark, and print needs no marker.
            format!(
                "{statement}. {} ({}, geprüft am {}){reason}",
                assessment_label(Locale::de, Some(assessment)),
                voices.view.organisation,
                date(voices.view.checked_on),
            )
        }
        None => format!("{statement}."),
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(format_de).unwrap_or_else(|| "–".to_owned())
}

impl ReportData {
    fn new(record: &Record, base: &str) -> ReportData {
        let totals = record.totals();
        let counts = VoiceCounts::count(record.milestones.iter().map(|m| &m.voices));
        let views = record.package_views();
        let day = record.stand.day;
        let kennzahlen = vec![
            (
                "Meilensteine (ohne entfallene)".to_owned(),
                totals.progress.total.to_string(),
            ),
            (
                "erledigt".to_owned(),
                format!("{} ({} %)", totals.progress.done, totals.progress.percent()),
            ),
            (
                "davon fristgerecht / verspätet".to_owned(),
                format!("{} / {}", totals.done_on_time, totals.done_late),
            ),
            ("überfällig".to_owned(), totals.overdue.to_string()),
            (
                "gefährdet (Prognose nach Soll-Termin)".to_owned(),
                totals.at_risk.to_string(),
            ),
            (
                "ohne Soll-Termin".to_owned(),
                totals.not_scheduled.to_string(),
            ),
            ("entfallen".to_owned(), totals.dropped.to_string()),
            (
                "Widerspruch / Zweifel der Arbeitsgruppe".to_owned(),
                format!("{} / {}", counts.disagreements, counts.doubts),
            ),
            (
                "von der Verwaltung selbst bestätigt".to_owned(),
                format!("{} von {}", counts.confirmed, counts.milestones),
            ),
        ];
        let pakete = views
            .iter()
            .map(|v| PaketData {
                nummer: v.package.number,
                titel: v.package.title.clone(),
                zustaendig: v.package.responsible_unit.clone(),
                zusammenfassung: v.package.summary.clone(),
                status: package_status_label(Locale::de, v.status),
                fortschritt: format!(
                    "{} von {} erledigt ({} %)",
                    v.progress.done,
                    v.progress.total,
                    v.progress.percent()
                ),
                meilensteine: v
                    .milestones
                    .iter()
                    .map(|j| MeilensteinData {
                        titel: j.milestone.title.clone(),
                        soll: date(j.milestone.demanded_on),
                        prognose: date(j.milestone.forecast_on),
                        erledigt: date(j.milestone.completed_on),
                        status: schedule_status_label(Locale::de, j.status),
                        hinweis: j.milestone.public_note.clone(),
                        intern: j.milestone.internal_note.clone().unwrap_or_default(),
                        stimmen: voices_text(j.milestone),
                    })
                    .collect(),
                meldungen: v
                    .status_updates
                    .iter()
                    .map(|s| (format_de(s.occurred_on), s.body.clone()))
                    .collect(),
            })
            .collect();
        let ueberfaellig = record
            .judged()
            .into_iter()
            .filter(|j| j.status == crate::domain::schedule::ScheduleStatus::Overdue)
            .map(|j| UeberfaelligData {
                paket: j.package.number,
                titel: j.milestone.title.clone(),
                soll: date(j.milestone.demanded_on),
                prognose: date(j.milestone.forecast_on),
                tage: j
                    .milestone
                    .demanded_on
                    .map(|d| (day - d).num_days().to_string())
                    .unwrap_or_default(),
            })
            .collect();
        let verschiebungen = record
            .rebaselinings
            .iter()
            .map(|r| {
                let milestone = record.milestone(r.milestone_id);
                VerschiebungData {
                    paket: milestone
                        .and_then(|m| record.package(m.package_id))
                        .map(|p| p.number.to_string())
                        .unwrap_or_default(),
                    titel: milestone.map(|m| m.title.clone()).unwrap_or_default(),
                    von: date(r.old_date),
                    auf: date(r.new_date),
                    am: chrono::DateTime::parse_from_rfc3339(&r.recorded_at)
                        .map(|t| format_de(t.with_timezone(&record.stand.timezone).date_naive()))
                        .unwrap_or_default(),
                    begruendung: r.reason.clone(),
                    durch: r.organisation.clone(),
                }
            })
            .collect();
        let mut prognosen: Vec<(i64, PrognoseData)> = Vec::new();
        for moved in &record.forecast_moves {
            let Some(milestone) = record.milestone(moved.milestone_id) else {
                continue;
            };
            let step = PrognoseSchritt {
                am: date(moved.recorded_on(record.stand.timezone)),
                von: format_de(moved.from),
                auf: format_de(moved.to),
                tage: signed_days(moved.dates().days()),
                grund: delay_category_label(Locale::de, moved.category).to_owned(),
                begruendung: moved.reason.clone(),
                durch: moved.organisation.clone(),
            };
            match prognosen.iter_mut().find(|(id, _)| *id == milestone.id) {
                Some((_, data)) => data.schritte.push(step),
                None => prognosen.push((
                    milestone.id,
                    PrognoseData {
                        paket: record
                            .package(milestone.package_id)
                            .map(|p| p.number.to_string())
                            .unwrap_or_default(),
                        titel: milestone.title.clone(),
                        summe: postponement_summary(
                            Locale::de,
                            &record.postponements(milestone.id),
                        )
                        .unwrap_or_default(),
                        schritte: vec![step],
                    },
                )),
            }
        }
        let prognosen = prognosen.into_iter().map(|(_, data)| data).collect();
        ReportData {
            titel: format!(
                "Sachstandsbericht {} – Stand {}",
                record.plan.title,
                record.stand.day_de()
            ),
            plan: record.plan.title.clone(),
            ebene: record.plan.words.one(Locale::de),
            ebene_mehrzahl: record.plan.words.many(Locale::de),
            herausgeber: record.plan.owner.clone(),
            beschlossen: record.plan.adopted_on.map(format_de).unwrap_or_default(),
            stand: record.stand.day_de(),
            stand_iso: record.stand.day_iso(),
            rekonstruiert: record.stand.rebuilt,
            erstellt: record
                .stand
                .generated_at
                .with_timezone(&chrono_tz::Europe::Berlin)
                .format("%d.%m.%Y, %H:%M Uhr")
                .to_string(),
            intern: record.internal(),
            intern_hinweis: INTERNAL_NOTICE,
            historie: record.stand.history_head.clone().unwrap_or_default(),
            beispiel: record.plan.is_example,
            adresse: base.to_owned(),
            kennzahlen,
            pakete,
            ueberfaellig,
            verschiebungen,
            prognosen,
            seit: None,
            wirkung: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::record::{fixture, Audience};

    #[test]
    fn texts_are_data_never_markup() {
        let mut record = fixture::record();
        record.packages[0].title =
            "#panic(\"x\") *fett* $x^2$ ] [ \\ @ref <label> // kein Kommentar".to_owned();
        record.milestones[0].title = "Ein sehr langes Wort: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsvorschrift".to_owned();
        record.audience = Audience::Internal;
        record.milestones[0].internal_note = Some("Interne Notiz mit #import \"x.typ\"".to_owned());
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#;
        record.forecast_moves[0].reason = "#panic(\"y\") ] [ $z$".to_owned();
        // The section "Änderungen seit …" with every group, as data too.
        let changes = crate::reports::since::compare(fixture::day("2020-01-01"), None, &record);
        assert!(!changes.forecast_moves.is_empty());
        record.indicators[0].name = "#panic(\"z\") ] [".to_owned();
        let charts = ReportCharts {
            schedule: svg.to_owned(),
            indicators: vec![IndicatorChart {
                id: record.indicators[0].id,
                svg: svg.to_owned(),
                summary: "#panic(\"alt\")".to_owned(),
            }],
        };
        let pdf = render(&record, Some(&changes), &charts, "https://example.org").expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn an_empty_plan_still_makes_a_report() {
        let mut record = fixture::record();
        record.milestones.clear();
        record.status_updates.clear();
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>"#;
        record.indicators.clear();
        let charts = ReportCharts {
            schedule: svg.to_owned(),
            indicators: Vec::new(),
        };
        assert!(render(&record, None, &charts, "").is_ok());
    }
}
