//! The catalogue file: a TOML document a working group can read and edit.
//!
//! Parsing collects every problem with its line and field, so one run shows all that
//! needs fixing; only a file without problems becomes a [`Catalogue`].

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::timeline::{self, Step, WrittenStep};
use crate::domain::dates::{format_de, in_range, parse_date};
use crate::domain::edits::{ForecastReason, StatusUpdateInput};
use crate::domain::indicators::{Direction, Period, Target, Unit, DEFAULT_SMALL_COUNT};
use crate::domain::link::WebLink;
use crate::domain::postponement::DelayCategory;
use crate::domain::schedule::{Schedule, ScheduleError, WorkStatus};
use crate::domain::text::{LongText, Title};
use crate::indicators::model::{IndicatorDraft, PointDraft};
use crate::plan::model::{MilestoneDraft, Package, PlanInfo};

/// A checked catalogue, ready to import.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub plan: PlanInfo,
    pub packages: Vec<CataloguePackage>,
    /// The day the recorded past begins (`verlauf_ab`): a catalogue with a past is
    /// imported into a new plan as history with its own dates.
    pub history_start: Option<NaiveDate>,
    /// The plan's indicators (`[[kennzahl]]`), in file order.
    pub indicators: Vec<CatalogueIndicator>,
}

/// An indicator with its values (`[[kennzahl]]`, `[[kennzahl.wert]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueIndicator {
    pub draft: IndicatorDraft,
    /// Each value with the day it was recorded (`erfasst_am`; by default the day after
    /// its period ended, at the latest today), by period.
    pub points: Vec<(NaiveDate, PointDraft)>,
    /// Values left out because their period has not begun yet.
    pub not_yet: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CataloguePackage {
    pub package: Package,
    /// Milestones with their stable key ("3.1"), in file order.
    pub milestones: Vec<(String, MilestoneDraft)>,
    /// With a recorded past: each milestone's dated steps, in the order of `milestones`
    /// (see `timeline::expand`); empty without.
    pub past: Vec<Vec<Step>>,
    /// Status updates of the recorded past (`[[paket.meldung]]`), in file order.
    pub reports: Vec<PastReport>,
}

/// A status update from the catalogue's recorded past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastReport {
    pub input: StatusUpdateInput,
    /// The organisation it is recorded for (`von`).
    pub by: Option<String>,
}

/// One thing wrong in a catalogue file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    /// Where in the catalogue, e.g. "Paket 3, Meilenstein 3.2, Feld „soll“".
    pub place: String,
    pub message: String,
}

/// Everything wrong with a catalogue file, named by file, line and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    pub source_name: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let noun = if count == 1 { "Fehler" } else { "Fehlern" };
        writeln!(
            f,
            "{}: Katalog nicht eingelesen wegen {count} {noun}:",
            self.source_name
        )?;
        for problem in &self.problems {
            write!(f, "  {}", self.source_name)?;
            if let Some(line) = problem.line {
                write!(f, ", Zeile {line}")?;
            }
            if !problem.place.is_empty() {
                write!(f, " ({})", problem.place)?;
            }
            writeln!(f, ": {}", problem.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueError {}

type Text = Option<Spanned<String>>;
type Date = Option<Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    plan: RawPlan,
    #[serde(default)]
    paket: Vec<Spanned<RawPackage>>,
    #[serde(default)]
    kennzahl: Vec<Spanned<RawIndicator>>,
}

/// `[[kennzahl]]`: an indicator with its target and values.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    kennung: Spanned<String>,
    name: Spanned<String>,
    name_en: Text,
    paket: Option<Spanned<i64>>,
    beschreibung: Text,
    beschreibung_en: Text,
    einheit: Spanned<String>,
    richtung: Spanned<String>,
    messung: Text,
    quelle: Text,
    kleine_zahl: Option<Spanned<i64>>,
    ziel: Spanned<f64>,
    ziel_bis: Spanned<toml::Value>,
    #[serde(default)]
    beispiel: bool,
    #[serde(default)]
    zwischenziel: Vec<Spanned<RawTarget>>,
    #[serde(default)]
    wert: Vec<Spanned<RawPoint>>,
}

/// `[[kennzahl.zwischenziel]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    bis: Spanned<toml::Value>,
    wert: Spanned<f64>,
}

/// `[[kennzahl.wert]]`: one period's value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    zeitraum: Spanned<toml::Value>,
    wert: Spanned<f64>,
    quelle: Text,
    hinweis: Text,
    erfasst_am: Date,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    kennung: Spanned<String>,
    titel: Spanned<String>,
    traeger: Spanned<String>,
    beschlossen: Date,
    beschreibung: Text,
    #[serde(default)]
    beispiel: bool,
    titel_en: Text,
    beschreibung_en: Text,
    /// How the plan names its packages: one, many, and in English.
    ebene: Text,
    ebene_mehrzahl: Text,
    ebene_en: Text,
    ebene_mehrzahl_en: Text,
    /// The day the file's recorded past begins (`[[paket.meilenstein.verlauf]]`,
    /// `[[paket.meldung]]`).
    verlauf_ab: Date,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    nummer: Spanned<i64>,
    titel: Spanned<String>,
    zusammenfassung: Text,
    ziel: Text,
    zustaendig: Text,
    quelle: Text,
    titel_en: Text,
    zusammenfassung_en: Text,
    ziel_en: Text,
    #[serde(default)]
    meilenstein: Vec<Spanned<RawMilestone>>,
    #[serde(default)]
    meldung: Vec<Spanned<RawReport>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilestone {
    kennung: Spanned<String>,
    titel: Spanned<String>,
    titel_en: Text,
    beschreibung: Text,
    soll: Date,
    prognose: Date,
    erledigt_am: Date,
    status: Option<Spanned<String>>,
    hinweis: Text,
    #[serde(default)]
    verlauf: Vec<Spanned<RawStep>>,
}

/// `[[paket.meilenstein.verlauf]]`: what changed on one day.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    am: Spanned<toml::Value>,
    status: Option<Spanned<String>>,
    soll: Date,
    prognose: Date,
    erledigt_am: Date,
    hinweis: Text,
    begruendung: Text,
    /// Why the forecast moved later: a category and a text, as the edit form asks.
    prognose_grund: Option<Spanned<String>>,
    prognose_begruendung: Text,
    von: Text,
}

/// `[[paket.meldung]]`: a status update of the recorded past.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    am: Spanned<toml::Value>,
    text: Spanned<String>,
    link: Text,
    von: Text,
}

/// Collects problems while reading the raw file.
struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn line_of(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn report(&mut self, span: Option<&Range<usize>>, place: String, message: String) {
        let line = span.map(|s| self.line_of(s));
        self.problems.push(Problem {
            line,
            place,
            message,
        });
    }

    /// Keeps the value of a successful parse, or records why it failed.
    fn keep<T, E: fmt::Display>(
        &mut self,
        span: &Range<usize>,
        place: &str,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        result
            .map_err(|err| self.report(Some(span), field_place(place, field), err.to_string()))
            .ok()
    }

    fn title(&mut self, place: &str, field: &str, value: &Spanned<String>) -> Option<String> {
        let parsed = Title::parse(value.get_ref()).map(Title::into_inner);
        self.keep(&value.span(), place, field, parsed)
    }

    fn long_text(&mut self, place: &str, field: &str, value: &Text) -> Option<String> {
        match value {
            None => Some(String::new()),
            Some(v) => {
                let parsed = LongText::parse(v.get_ref()).map(LongText::into_inner);
                self.keep(&v.span(), place, field, parsed)
            }
        }
    }

    /// Short optional text (unit name): at most a title's length.
    fn short_text(&mut self, place: &str, field: &str, value: &Text) -> Option<String> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => self.title(place, field, v),
            _ => Some(String::new()),
        }
    }

    fn status(
        &mut self,
        place: &str,
        value: &Option<Spanned<String>>,
    ) -> Option<Option<WorkStatus>> {
        let Some(status) = value else {
            return Some(None);
        };
        let parsed = WorkStatus::parse(status.get_ref()).ok_or_else(|| {
            format!(
                "Unbekannter Status „{}“. Erlaubt sind: offen, in Arbeit, erledigt, entfallen.",
                status.get_ref()
            )
        });
        self.keep(&status.span(), place, "status", parsed).map(Some)
    }

    /// `prognose_grund` and `prognose_begruendung`: both or neither.
    fn forecast_reason(
        &mut self,
        place: &str,
        category: &Option<Spanned<String>>,
        text: &Text,
    ) -> Option<Option<ForecastReason>> {
        let text = self.long_text(place, "prognose_begruendung", text)?;
        let category = match category {
            None => None,
            Some(raw) => {
                let parsed = DelayCategory::parse(raw.get_ref()).ok_or_else(|| {
                    format!(
                        "Unbekannter Grund „{}“. Erlaubt sind: {}.",
                        raw.get_ref(),
                        DelayCategory::ALL.map(DelayCategory::code).join(", ")
                    )
                });
                Some(self.keep(&raw.span(), place, "prognose_grund", parsed)?)
            }
        };
        match (category, text.trim().is_empty()) {
            (None, true) => Some(None),
            (Some(category), false) => Some(Some(ForecastReason { category, text })),
            (Some(_), true) => {
                self.report(
                    None,
                    field_place(place, "prognose_begruendung"),
                    "Zu „prognose_grund“ gehört eine öffentliche Begründung („prognose_begruendung“)."
                        .into(),
                );
                None
            }
            (None, false) => {
                self.report(
                    None,
                    field_place(place, "prognose_grund"),
                    "Zu „prognose_begruendung“ gehört ein Grund („prognose_grund“).".into(),
                );
                None
            }
        }
    }

    /// A date that must be there (`am`).
    fn day(&mut self, place: &str, field: &str, value: &Spanned<toml::Value>) -> Option<NaiveDate> {
        self.date(place, field, &Some(value.clone())).flatten()
    }

    fn date(&mut self, place: &str, field: &str, value: &Date) -> Option<Option<NaiveDate>> {
        let Some(value) = value else {
            return Some(None);
        };
        let parsed = match value.get_ref() {
            toml::Value::String(text) => parse_date(text).map_err(|e| e.to_string()),
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                        .filter(|date| in_range(*date))
                        .ok_or_else(|| {
                            format!(
                                "{dt} liegt außerhalb des zulässigen Zeitraums (1990 bis 2100)."
                            )
                        })
                }
                _ => Err(format!(
                    "{dt} enthält eine Uhrzeit; bitte nur ein Datum angeben."
                )),
            },
            other => Err(format!(
                "{other} ist kein Datum. Bitte als 2021-12-31 oder \"31.12.2021\" angeben."
            )),
        };
        self.keep(&value.span(), place, field, parsed).map(Some)
    }
}

fn field_place(place: &str, field: &str) -> String {
    if place.is_empty() {
        format!("Feld „{field}“")
    } else {
        format!("{place}, Feld „{field}“")
    }
}

/// German wording for the serde messages people will actually meet.
fn translate_toml_message(message: &str) -> String {
    let quoted = |s: &str| s.replace('`', "").to_owned();
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("Pflichtfeld „{}“ fehlt.", quoted(rest.trim()));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let allowed = expected.trim_start_matches(" one of").trim();
        return format!(
            "Unbekanntes Feld „{}“ (Tippfehler?). Erlaubt sind: {}.",
            quoted(field.trim()),
            quoted(allowed)
        );
    }
    format!("Die Datei ist kein gültiges TOML: {}", message.trim())
}

/// Reads and checks a catalogue. `today` bounds completion dates.
pub fn parse(source_name: &str, text: &str, today: NaiveDate) -> Result<Catalogue, CatalogueError> {
    let mut checker = Checker {
        text,
        problems: Vec::new(),
    };
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let message = translate_toml_message(err.message());
            checker.report(err.span().as_ref(), String::new(), message);
            return Err(CatalogueError {
                source_name: source_name.to_owned(),
                problems: checker.problems,
            });
        }
    };
    let plan = check_plan(&mut checker, &raw.plan);
    let start = checker.date("Plan", "verlauf_ab", &raw.plan.verlauf_ab);
    let has_past = raw.paket.iter().any(|p| {
        let p = p.get_ref();
        !p.meldung.is_empty()
            || p.meilenstein
                .iter()
                .any(|m| !m.get_ref().verlauf.is_empty())
    });
    if has_past && matches!(start, Some(None)) {
        checker.report(
            Some(&raw.plan.kennung.span()),
            field_place("Plan", "verlauf_ab"),
            "Der Katalog hat einen Verlauf („verlauf“ oder „meldung“); der Plan braucht dann \
             das Feld „verlauf_ab“ mit dem Tag, an dem der Verlauf beginnt."
                .into(),
        );
    }
    if let Some(Some(start)) = start.filter(|s| s.is_some_and(|s| s > today)) {
        checker.report(
            raw.plan.verlauf_ab.as_ref().map(|v| v.span()).as_ref(),
            field_place("Plan", "verlauf_ab"),
            format!(
                "Der Verlauf kann nicht in der Zukunft beginnen ({}).",
                format_de(start)
            ),
        );
    }
    let start = start.flatten();
    let mut numbers = HashSet::new();
    let mut packages = Vec::with_capacity(raw.paket.len());
    if raw.paket.is_empty() {
        checker.report(
            None,
            String::new(),
            "Der Katalog enthält kein Maßnahmenpaket ([[paket]]).".into(),
        );
    }
    for raw_package in &raw.paket {
        let number = *raw_package.get_ref().nummer.get_ref();
        if !numbers.insert(number) {
            checker.report(
                Some(&raw_package.get_ref().nummer.span()),
                format!("Paket {number}, Feld „nummer“"),
                format!("Die Paketnummer {number} kommt mehrfach vor."),
            );
        }
        packages.push(check_package(
            &mut checker,
            raw_package.get_ref(),
            today,
            start,
        ));
    }
    let mut indicator_keys = HashSet::new();
    let mut indicators = Vec::with_capacity(raw.kennzahl.len());
    for (position, raw_indicator) in raw.kennzahl.iter().enumerate() {
        let raw_indicator = raw_indicator.get_ref();
        let key = raw_indicator.kennung.get_ref().trim().to_owned();
        if !indicator_keys.insert(key.clone()) {
            checker.report(
                Some(&raw_indicator.kennung.span()),
                format!("Kennzahl {key}, Feld „kennung“"),
                format!("Die Kennung „{key}“ kommt bei den Kennzahlen mehrfach vor."),
            );
        }
        indicators.push(check_indicator(
            &mut checker,
            raw_indicator,
            &numbers,
            (position as i64 + 1) * 10,
            today,
            start,
        ));
    }
    if !checker.problems.is_empty() {
        return Err(CatalogueError {
            source_name: source_name.to_owned(),
            problems: checker.problems,
        });
    }
    // Every check passed, so every part is present.
    Ok(Catalogue {
        indicators: indicators
            .into_iter()
            .map(|i| i.expect("checked indicator"))
            .collect(),
        plan: plan.expect("checked plan"),
        packages: packages
            .into_iter()
            .map(|p| p.expect("checked package"))
            .collect(),
        history_start: start,
    })
}

/// A figure of an indicator: a finite number, not negative, a share at most 100.
fn figure(unit: Option<Unit>, value: f64) -> Result<f64, String> {
    if !value.is_finite() || value < 0.0 {
        return Err(format!(
            "{value} ist kein zulässiger Wert: bitte eine Zahl ab 0."
        ));
    }
    if unit == Some(Unit::Percent) && value > 100.0 {
        return Err(format!(
            "Ein Anteil in Prozent kann nicht über 100 liegen ({value})."
        ));
    }
    Ok(value)
}

fn check_indicator(
    checker: &mut Checker,
    raw: &RawIndicator,
    packages: &HashSet<i64>,
    sort_order: i64,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Option<CatalogueIndicator> {
    let key = raw.kennung.get_ref().trim().to_owned();
    let place = format!("Kennzahl {key}");
    let key_ok = (1..=32).contains(&key.chars().count());
    if !key_ok {
        checker.report(
            Some(&raw.kennung.span()),
            field_place(&place, "kennung"),
            "Die Kennung muss 1 bis 32 Zeichen lang sein, z. B. \"K1\".".into(),
        );
    }
    let name = checker.title(&place, "name", &raw.name);
    let name_en = checker.short_text(&place, "name_en", &raw.name_en);
    let description = checker.long_text(&place, "beschreibung", &raw.beschreibung);
    let description_en = checker.long_text(&place, "beschreibung_en", &raw.beschreibung_en);
    let method = checker.long_text(&place, "messung", &raw.messung);
    let source = checker.short_text(&place, "quelle", &raw.quelle);
    let package = match &raw.paket {
        None => Some(None),
        Some(number) if packages.contains(number.get_ref()) => {
            Some(u32::try_from(*number.get_ref()).ok())
        }
        Some(number) => {
            checker.report(
                Some(&number.span()),
                field_place(&place, "paket"),
                format!(
                    "Ein Paket {} gibt es in diesem Katalog nicht.",
                    number.get_ref()
                ),
            );
            None
        }
    };
    let unit = checker.keep(
        &raw.einheit.span(),
        &place,
        "einheit",
        Unit::parse(raw.einheit.get_ref()).ok_or_else(|| {
            format!(
                "Unbekannte Einheit „{}“. Erlaubt sind: tage, prozent, anzahl.",
                raw.einheit.get_ref()
            )
        }),
    );
    let direction = checker.keep(
        &raw.richtung.span(),
        &place,
        "richtung",
        Direction::parse(raw.richtung.get_ref()).ok_or_else(|| {
            format!(
                "Unbekannte Richtung „{}“. Erlaubt sind: niedriger, hoeher (was besser ist).",
                raw.richtung.get_ref()
            )
        }),
    );
    let small_count = match &raw.kleine_zahl {
        None => Some(DEFAULT_SMALL_COUNT),
        Some(n) => checker.keep(
            &n.span(),
            &place,
            "kleine_zahl",
            u32::try_from(*n.get_ref())
                .ok()
                .filter(|n| *n <= 1000)
                .ok_or_else(|| {
                    format!(
                        "Die Schwelle muss zwischen 0 und 1000 liegen, nicht {}.",
                        n.get_ref()
                    )
                }),
        ),
    };
    let target_value = checker.keep(
        &raw.ziel.span(),
        &place,
        "ziel",
        figure(unit, *raw.ziel.get_ref()),
    );
    let target_due = checker.day(&place, "ziel_bis", &raw.ziel_bis);
    let mut intermediate = Vec::with_capacity(raw.zwischenziel.len());
    for target in &raw.zwischenziel {
        let target = target.get_ref();
        let due = checker.day(&place, "zwischenziel.bis", &target.bis);
        let value = checker.keep(
            &target.wert.span(),
            &place,
            "zwischenziel.wert",
            figure(unit, *target.wert.get_ref()),
        );
        if let (Some(due), Some(value)) = (due, value) {
            if target_due.is_some_and(|end| due >= end) {
                checker.report(
                    Some(&target.bis.span()),
                    field_place(&place, "zwischenziel.bis"),
                    format!(
                        "Ein Zwischenziel liegt vor dem Zieldatum, nicht am {} oder danach.",
                        format_de(due)
                    ),
                );
            } else if intermediate.iter().any(|t: &Target| t.due == due) {
                checker.report(
                    Some(&target.bis.span()),
                    field_place(&place, "zwischenziel.bis"),
                    format!("Zum {} gibt es schon ein Zwischenziel.", format_de(due)),
                );
            } else {
                intermediate.push(Target { value, due });
            }
        }
    }
    intermediate.sort_by_key(|t| t.due);
    let mut points: Vec<(NaiveDate, PointDraft)> = Vec::with_capacity(raw.wert.len());
    let mut later = 0;
    for raw_point in &raw.wert {
        let raw_point = raw_point.get_ref();
        let span = raw_point.zeitraum.span();
        let text = match raw_point.zeitraum.get_ref() {
            toml::Value::String(text) => text.clone(),
            toml::Value::Integer(year) => year.to_string(),
            other => other.to_string(),
        };
        let period = checker.keep(&span, &place, "wert.zeitraum", Period::parse(&text));
        let value = checker.keep(
            &raw_point.wert.span(),
            &place,
            "wert.wert",
            figure(unit, *raw_point.wert.get_ref()),
        );
        let source_reference = checker.long_text(&place, "wert.quelle", &raw_point.quelle);
        let note = checker.long_text(&place, "wert.hinweis", &raw_point.hinweis);
        let recorded = checker.date(&place, "wert.erfasst_am", &raw_point.erfasst_am);
        let (Some(period), Some(value), Some(source_reference), Some(note), Some(recorded)) =
            (period, value, source_reference, note, recorded)
        else {
            continue;
        };
        let where_ = format!("{place}, Wert {}", period.code());
        // A value for a period still ahead is not known yet: it is left out and counted
        // (the example catalogue is read in on any day, also before its latest values).
        if period.start() > today && recorded.is_none() {
            later += 1;
            continue;
        }
        if points.iter().any(|(_, p)| p.period == period) {
            checker.report(
                Some(&span),
                where_,
                format!("Für {} gibt es schon einen Wert.", period.code()),
            );
            continue;
        }
        let on = recorded.unwrap_or_else(|| period.end().succ_opt().unwrap_or(today).min(today));
        let on = match start {
            Some(start) if on < start => start,
            _ => on,
        };
        if on > today || on < period.start() {
            checker.report(
                Some(&span),
                field_place(&where_, "erfasst_am"),
                format!(
                    "Erfasst werden kann ein Wert frühestens ab Beginn seines Zeitraums und spätestens heute, nicht am {}.",
                    format_de(on)
                ),
            );
            continue;
        }
        points.push((
            on,
            PointDraft {
                period,
                value,
                source_reference,
                note,
            },
        ));
    }
    points.sort_by_key(|(_, p)| p.period);
    key_ok.then_some(())?;
    Some(CatalogueIndicator {
        draft: IndicatorDraft {
            key,
            package_number: package?,
            sort_order,
            name: name?,
            name_en: name_en?,
            description: description?,
            description_en: description_en?,
            unit: unit?,
            direction: direction?,
            method: method?,
            source: source?,
            small_count: small_count?,
            target: Target {
                value: target_value?,
                due: target_due?,
            },
            intermediate,
            is_example: raw.beispiel,
        },
        points,
        not_yet: later,
    })
}

fn check_plan(checker: &mut Checker, raw: &RawPlan) -> Option<PlanInfo> {
    let place = "Plan";
    let slug = raw.kennung.get_ref().trim().to_owned();
    let slug = if crate::domain::paths::is_plan_slug(&slug) {
        Some(slug)
    } else if crate::domain::paths::RESERVED.contains(&slug.as_str()) {
        checker.report(
            Some(&raw.kennung.span()),
            field_place(place, "kennung"),
            format!("Die Kennung „{slug}“ ist eine Adresse der Website (z. B. /{slug}) und kann kein Plan sein. Bitte eine andere wählen, z. B. \"potsdam-abh\"."),
        );
        None
    } else {
        checker.report(
            Some(&raw.kennung.span()),
            field_place(place, "kennung"),
            "Die Kennung darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten (1 bis 64 Zeichen), z. B. \"potsdam-abh\".".into(),
        );
        None
    };
    let title = checker.title(place, "titel", &raw.titel);
    let owner = checker.title(place, "traeger", &raw.traeger);
    let adopted_on = checker.date(place, "beschlossen", &raw.beschlossen);
    let description = checker.long_text(place, "beschreibung", &raw.beschreibung);
    let title_en = checker.short_text(place, "titel_en", &raw.titel_en);
    let description_en = checker.long_text(place, "beschreibung_en", &raw.beschreibung_en);
    let words = (
        checker.short_text(place, "ebene", &raw.ebene),
        checker.short_text(place, "ebene_mehrzahl", &raw.ebene_mehrzahl),
        checker.short_text(place, "ebene_en", &raw.ebene_en),
        checker.short_text(place, "ebene_mehrzahl_en", &raw.ebene_mehrzahl_en),
    );
    Some(PlanInfo {
        slug: slug?,
        title: title?,
        owner: owner?,
        adopted_on: adopted_on?,
        description: description?,
        title_en: title_en?,
        description_en: description_en?,
        is_example: raw.beispiel,
        archived: false,
        words: crate::plan::model::LevelWords {
            one: words.0?,
            many: words.1?,
            one_en: words.2?,
            many_en: words.3?,
        },
    })
}

fn check_package(
    checker: &mut Checker,
    raw: &RawPackage,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Option<CataloguePackage> {
    let number = *raw.nummer.get_ref();
    let place = format!("Paket {number}");
    let valid_number = u32::try_from(number).ok().filter(|n| (1..=999).contains(n));
    if valid_number.is_none() {
        checker.report(
            Some(&raw.nummer.span()),
            field_place(&place, "nummer"),
            format!("Die Paketnummer muss zwischen 1 und 999 liegen, nicht {number}."),
        );
    }
    let title = checker.title(&place, "titel", &raw.titel);
    let summary = checker.long_text(&place, "zusammenfassung", &raw.zusammenfassung);
    let goal = checker.long_text(&place, "ziel", &raw.ziel);
    let unit = checker.short_text(&place, "zustaendig", &raw.zustaendig);
    let source = checker.long_text(&place, "quelle", &raw.quelle);
    let title_en = checker.short_text(&place, "titel_en", &raw.titel_en);
    let summary_en = checker.long_text(&place, "zusammenfassung_en", &raw.zusammenfassung_en);
    let goal_en = checker.long_text(&place, "ziel_en", &raw.ziel_en);

    let mut keys = HashSet::new();
    let mut milestones = Vec::with_capacity(raw.meilenstein.len());
    for raw_milestone in &raw.meilenstein {
        let key = raw_milestone.get_ref().kennung.get_ref().trim().to_owned();
        if !keys.insert(key.clone()) {
            checker.report(
                Some(&raw_milestone.get_ref().kennung.span()),
                format!("{place}, Meilenstein {key}, Feld „kennung“"),
                format!("Die Kennung „{key}“ kommt in diesem Paket mehrfach vor."),
            );
        }
        milestones.push(check_milestone(
            checker,
            &place,
            raw_milestone.get_ref(),
            today,
            start,
        ));
    }
    let reports: Vec<_> = raw
        .meldung
        .iter()
        .map(|report| check_report(checker, &place, report.get_ref(), today, start))
        .collect();
    let package = Package {
        number: valid_number?,
        title: title?,
        summary: summary?,
        goal: goal?,
        responsible_unit: unit?,
        source_reference: source?,
        title_en: title_en?,
        summary_en: summary_en?,
        goal_en: goal_en?,
    };
    let (milestones, past): (Vec<_>, Vec<_>) = milestones
        .into_iter()
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .map(|(key, draft, steps)| ((key, draft), steps))
        .unzip();
    let past = if start.is_some() { past } else { Vec::new() };
    Some(CataloguePackage {
        package,
        milestones,
        past,
        reports: reports.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

fn check_milestone(
    checker: &mut Checker,
    package_place: &str,
    raw: &RawMilestone,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Option<(String, MilestoneDraft, Vec<Step>)> {
    let key = raw.kennung.get_ref().trim().to_owned();
    let place = format!("{package_place}, Meilenstein {key}");
    let key_ok = (1..=64).contains(&key.chars().count());
    if !key_ok {
        checker.report(
            Some(&raw.kennung.span()),
            field_place(&place, "kennung"),
            "Die Kennung muss 1 bis 64 Zeichen lang sein, z. B. \"3.1\".".into(),
        );
    }
    let title = checker.title(&place, "titel", &raw.titel);
    let title_en = checker.short_text(&place, "titel_en", &raw.titel_en);
    let description = checker.long_text(&place, "beschreibung", &raw.beschreibung);
    let demanded = checker.date(&place, "soll", &raw.soll);
    let forecast = checker.date(&place, "prognose", &raw.prognose);
    let completed = checker.date(&place, "erledigt_am", &raw.erledigt_am);
    let public_note = checker.long_text(&place, "hinweis", &raw.hinweis);
    let work = checker
        .status(&place, &raw.status)
        .map(|w| w.unwrap_or(WorkStatus::Open));
    let schedule = Schedule {
        work: work?,
        demanded: demanded?,
        forecast: forecast?,
        completed: completed?,
    };
    if let Err(err) = schedule.check(today) {
        let (field, span) = match (&err, &raw.erledigt_am, &raw.status) {
            (ScheduleError::DoneWithoutDate, _, Some(status)) => ("status", Some(status.span())),
            (_, Some(date), _) => ("erledigt_am", Some(date.span())),
            _ => ("erledigt_am", None),
        };
        checker.report(
            span.as_ref().or(Some(&raw.kennung.span())),
            field_place(&place, field),
            err.to_string(),
        );
        return None;
    }
    let written: Vec<_> = raw
        .verlauf
        .iter()
        .enumerate()
        .map(|(index, step)| check_step(checker, &place, index, step.get_ref()))
        .collect();
    key_ok.then_some(())?;
    let draft = MilestoneDraft {
        title: title?,
        title_en: title_en?,
        description: description?,
        schedule,
        public_note: public_note?,
    };
    let written = written.into_iter().collect::<Option<Vec<_>>>()?;
    let Some(start) = start else {
        return Some((key, draft, Vec::new()));
    };
    match timeline::expand(&draft, &written, start, today) {
        Ok(steps) => Some((key, draft, steps)),
        Err(problems) => {
            for problem in problems {
                let (span, place) = match problem.step {
                    Some(index) => (
                        raw.verlauf[index].span(),
                        format!("{place}, Verlauf {}", index + 1),
                    ),
                    None => (raw.kennung.span(), place.clone()),
                };
                checker.report(
                    Some(&span),
                    field_place(&place, problem.field),
                    problem.message,
                );
            }
            None
        }
    }
}

/// One `verlauf` entry as written; `timeline::expand` checks how the entries fit together.
fn check_step(
    checker: &mut Checker,
    milestone_place: &str,
    index: usize,
    raw: &RawStep,
) -> Option<WrittenStep> {
    let place = format!("{milestone_place}, Verlauf {}", index + 1);
    let on = checker.day(&place, "am", &raw.am);
    let work = checker.status(&place, &raw.status);
    let demanded = checker.date(&place, "soll", &raw.soll);
    let forecast = checker.date(&place, "prognose", &raw.prognose);
    let completed = checker.date(&place, "erledigt_am", &raw.erledigt_am);
    let public_note = raw
        .hinweis
        .as_ref()
        .map(|note| checker.long_text(&place, "hinweis", &Some(note.clone())))
        .map_or(Some(None), |note| note.map(Some));
    let reason = checker.long_text(&place, "begruendung", &raw.begruendung);
    let forecast_reason =
        checker.forecast_reason(&place, &raw.prognose_grund, &raw.prognose_begruendung);
    let by = checker.short_text(&place, "von", &raw.von);
    Some(WrittenStep {
        on: on?,
        work: work?,
        demanded: demanded?,
        forecast: forecast?,
        completed: completed?,
        public_note: public_note?,
        reason: reason.map(|r| Some(r).filter(|r| !r.is_empty()))?,
        forecast_reason: forecast_reason?,
        by: by.map(|b| Some(b).filter(|b| !b.is_empty()))?,
    })
}

/// One `meldung`: a status update on a day within the recorded past.
fn check_report(
    checker: &mut Checker,
    package_place: &str,
    raw: &RawReport,
    today: NaiveDate,
    start: Option<NaiveDate>,
) -> Option<PastReport> {
    let place = format!("{package_place}, Meldung vom {}", raw.am.get_ref());
    let on = checker.day(&place, "am", &raw.am)?;
    let body = LongText::parse(raw.text.get_ref()).and_then(|body| {
        if body.as_str().is_empty() {
            Err(crate::domain::text::TextError::Empty)
        } else {
            Ok(body)
        }
    });
    let body = checker.keep(&raw.text.span(), &place, "text", body);
    let link = match &raw.link {
        Some(link) if !link.get_ref().trim().is_empty() => checker
            .keep(&link.span(), &place, "link", WebLink::parse(link.get_ref()))
            .map(Some),
        _ => Some(None),
    };
    let by = checker.short_text(&place, "von", &raw.von);
    let outside = match start {
        Some(start) if on < start => Some(format!(
            "Der {} liegt vor dem Beginn des Verlaufs ({}, Feld „verlauf_ab“ des Plans).",
            format_de(on),
            format_de(start)
        )),
        _ if on > today => Some(format!(
            "Der {} liegt in der Zukunft; eine Meldung hält fest, was schon geschah.",
            format_de(on)
        )),
        _ => None,
    };
    if let Some(message) = outside {
        checker.report(Some(&raw.am.span()), field_place(&place, "am"), message);
        return None;
    }
    Some(PastReport {
        input: StatusUpdateInput {
            occurred_on: on,
            body: body?,
            link: link?,
        },
        by: by.map(|b| Some(b).filter(|b| !b.is_empty()))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    const MINIMAL: &str = r#"
[plan]
kennung = "test-plan"
titel = "Testplan"
traeger = "AG Test"
beschlossen = 2020-11-12
beispiel = true

[[paket]]
nummer = 1
titel = "Erstes Paket"

[[paket.meilenstein]]
kennung = "1.1"
titel = "Erledigt"
soll = 2020-06-30
erledigt_am = "15.07.2020"
status = "erledigt"

[[paket.meilenstein]]
kennung = "1.2"
titel = "Offen"
soll = "31.12.2026"
prognose = 2027-03-31
status = "in Arbeit"
"#;

    #[test]
    fn reads_a_minimal_catalogue_with_both_date_spellings() {
        let catalogue = parse("test.toml", MINIMAL, today()).expect("valid");
        assert_eq!(catalogue.plan.slug, "test-plan");
        assert!(catalogue.plan.is_example);
        assert_eq!(
            catalogue.plan.adopted_on,
            NaiveDate::from_ymd_opt(2020, 11, 12)
        );
        let package = &catalogue.packages[0];
        assert_eq!(package.package.number, 1);
        let (key, done) = &package.milestones[0];
        assert_eq!(key, "1.1");
        assert_eq!(done.schedule.work, WorkStatus::Done);
        assert_eq!(
            done.schedule.completed,
            NaiveDate::from_ymd_opt(2020, 7, 15)
        );
        let (_, open) = &package.milestones[1];
        assert_eq!(open.schedule.work, WorkStatus::InProgress);
        assert_eq!(
            open.schedule.demanded,
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(open.schedule.forecast, NaiveDate::from_ymd_opt(2027, 3, 31));
    }

    #[test]
    fn english_versions_are_optional_and_checked_like_the_german_ones() {
        let plain = parse("test.toml", MINIMAL, today()).expect("valid");
        assert_eq!(plain.plan.title_en, "");
        assert_eq!(plain.packages[0].package.title_en, "");

        let text = MINIMAL
            .replace(
                "titel = \"Erstes Paket\"",
                "titel = \"Erstes Paket\"\ntitel_en = \"First package\"\nziel_en = \"A goal\"",
            )
            .replace(
                "titel = \"Offen\"",
                "titel = \"Offen\"\ntitel_en = \"  Open  \"",
            );
        let catalogue = parse("test.toml", &text, today()).expect("valid");
        let package = &catalogue.packages[0];
        assert_eq!(package.package.title_en, "First package");
        assert_eq!(package.package.goal_en, "A goal");
        assert_eq!(
            package.milestones[1].1.title_en, "Open",
            "trimmed like titles"
        );

        let long = MINIMAL.replace(
            "titel = \"Erstes Paket\"",
            &format!(
                "titel = \"Erstes Paket\"\ntitel_en = \"{}\"",
                "x".repeat(201)
            ),
        );
        let found = problems(&long);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].place.contains("titel_en"), "{found:?}");
    }

    fn problems(text: &str) -> Vec<Problem> {
        parse("kaputt.toml", text, today()).unwrap_err().problems
    }

    #[test]
    fn a_recorded_past_is_read_with_its_steps_and_status_updates() {
        let text = MINIMAL.replace(
            "beispiel = true\n",
            "beispiel = true\nverlauf_ab = 2020-01-01\n",
        ) + r#"
[[paket.meilenstein.verlauf]]
am = 2021-02-01
soll = 2026-06-30

[[paket.meilenstein.verlauf]]
am = 2022-02-01
status = "in Arbeit"
soll = "31.12.2026"
prognose = 2027-03-31
begruendung = "Neue Zuständigkeit."
von = "Ausländerbehörde"

[[paket.meldung]]
am = 2021-03-01
text = "Konzept im Arbeitskreis vorgestellt."
link = "https://example.org/protokoll"
"#;
        let catalogue = parse("test.toml", &text, today()).expect("valid");
        assert_eq!(catalogue.history_start, NaiveDate::from_ymd_opt(2020, 1, 1));
        let package = &catalogue.packages[0];
        // 1.1 (done on 15.07.2020) gets its implied past: open from the start, then done.
        assert_eq!(package.past[0].len(), 2);
        let steps = &package.past[1];
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].reason.as_deref(), Some("Neue Zuständigkeit."));
        assert_eq!(steps[1].by.as_deref(), Some("Ausländerbehörde"));
        assert_eq!(steps[1].draft, package.milestones[1].1);
        assert_eq!(package.reports.len(), 1);
        assert!(package.reports[0].input.link.is_some());
        // Without verlauf_ab no past at all.
        assert!(parse("test.toml", MINIMAL, today()).unwrap().packages[0]
            .past
            .is_empty());
    }

    #[test]
    fn a_bad_past_is_named_by_line_step_and_field() {
        let without_start =
            MINIMAL.to_owned() + "\n[[paket.meldung]]\nam = 2021-03-01\ntext = \"Bericht\"\n";
        let found = problems(&without_start);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].place.contains("„verlauf_ab“"), "{found:?}");

        let text = MINIMAL.replace(
            "beispiel = true\n",
            "beispiel = true\nverlauf_ab = 2020-01-01\n",
        ) + "\n[[paket.meilenstein.verlauf]]\nam = 2021-02-01\nsoll = 2025-06-30\n\n\
               [[paket.meilenstein.verlauf]]\nam = 2022-02-01\nstatus = \"in Arbeit\"\n\
               soll = 2026-12-31\nprognose = 2027-03-31\n\n\
               [[paket.meldung]]\nam = 2019-03-01\ntext = \"\"\n";
        let found = problems(&text);
        let places: Vec<_> = found.iter().map(|p| (p.line, p.place.as_str())).collect();
        assert_eq!(
            places,
            [
                // The step's table begins on line 32.
                (
                    Some(32),
                    "Paket 1, Meilenstein 1.2, Verlauf 2, Feld „begruendung“"
                ),
                (Some(40), "Paket 1, Meldung vom 2019-03-01, Feld „text“"),
                (Some(39), "Paket 1, Meldung vom 2019-03-01, Feld „am“"),
            ],
            "{found:?}"
        );
    }

    #[test]
    fn syntax_error_names_the_line() {
        let text = MINIMAL.replace("titel = \"Offen\"", "titel = \"Offen");
        let found = problems(&text);
        assert_eq!(found.len(), 1);
        let line = text
            .lines()
            .position(|l| l.contains("titel = \"Offen"))
            .unwrap()
            + 1;
        assert_eq!(found[0].line, Some(line));
    }

    #[test]
    fn unknown_field_is_named_in_german() {
        let text = MINIMAL.replace("prognose = 2027-03-31", "prognosse = 2027-03-31");
        let found = problems(&text);
        assert!(
            found[0].message.contains("Unbekanntes Feld „prognosse“"),
            "{found:?}"
        );
        assert!(found[0].message.contains("prognose"));
    }

    #[test]
    fn missing_required_field_is_named() {
        let text = MINIMAL.replace("titel = \"Testplan\"\n", "");
        let found = problems(&text);
        assert!(
            found[0].message.contains("Pflichtfeld „titel“ fehlt"),
            "{found:?}"
        );
    }

    #[test]
    fn every_validation_problem_is_reported_with_line_and_field() {
        let text = MINIMAL
            .replace("status = \"in Arbeit\"", "status = \"fertig\"")
            .replace("soll = 2020-06-30", "soll = \"31.02.2020\"")
            .replace("titel = \"Erstes Paket\"", "titel = \"\"");
        let err = parse("kaputt.toml", &text, today()).unwrap_err();
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let find = |field: &str| {
            err.problems
                .iter()
                .find(|p| p.place.contains(field))
                .unwrap_or_else(|| panic!("no problem for {field}: {:?}", err.problems))
        };
        assert_eq!(find("„status“").line, Some(line_of("fertig")));
        assert!(find("„status“")
            .message
            .contains("Unbekannter Status „fertig“"));
        assert_eq!(find("„soll“").line, Some(line_of("31.02.2020")));
        assert!(find("„soll“").place.contains("Meilenstein 1.1"));
        assert_eq!(find("„titel“").message, "Bitte ausfüllen.");
        let shown = err.to_string();
        assert!(
            shown.starts_with("kaputt.toml: Katalog nicht eingelesen wegen 3 Fehlern"),
            "{shown}"
        );
        assert!(shown.contains(&format!("kaputt.toml, Zeile {}", line_of("fertig"))));
    }

    #[test]
    fn duplicate_numbers_and_keys_are_refused() {
        let text = format!("{MINIMAL}\n[[paket]]\nnummer = 1\ntitel = \"Doppelt\"\n")
            .replace("kennung = \"1.2\"", "kennung = \"1.1\"");
        let found = problems(&text);
        assert!(found
            .iter()
            .any(|p| p.message.contains("Paketnummer 1 kommt mehrfach vor")));
        assert!(found.iter().any(|p| p
            .message
            .contains("„1.1“ kommt in diesem Paket mehrfach vor")));
    }

    #[test]
    fn done_needs_a_past_completion_date() {
        let text = MINIMAL.replace("erledigt_am = \"15.07.2020\"\n", "");
        let found = problems(&text);
        assert_eq!(found[0].message, ScheduleError::DoneWithoutDate.to_string());
        assert!(found[0].place.contains("„status“"));

        let text = MINIMAL.replace("15.07.2020", "01.01.2027");
        let found = problems(&text);
        assert!(found[0].message.contains("liegt in der Zukunft"));
        assert!(found[0].place.contains("„erledigt_am“"));
    }

    #[test]
    fn dates_with_times_or_wrong_types_are_refused() {
        let text = MINIMAL.replace("prognose = 2027-03-31", "prognose = 2027-03-31T10:00:00");
        assert!(problems(&text)[0].message.contains("Uhrzeit"));
        let text = MINIMAL.replace("prognose = 2027-03-31", "prognose = 2027");
        assert!(problems(&text)[0].message.contains("ist kein Datum"));
    }

    #[test]
    fn bad_plan_slug_is_refused() {
        let text = MINIMAL.replace("kennung = \"test-plan\"", "kennung = \"Test Plan\"");
        assert!(problems(&text)[0].place.contains("Plan, Feld „kennung“"));
    }

    #[test]
    fn a_catalogue_without_packages_is_refused() {
        let text = &MINIMAL[..MINIMAL.find("[[paket]]").unwrap()];
        assert!(problems(text)[0].message.contains("kein Maßnahmenpaket"));
    }

    #[test]
    fn the_shipped_example_catalogue_is_valid() {
        let catalogue = parse("beispiel", super::super::EXAMPLE_CATALOGUE, today()).unwrap();
        assert_eq!(catalogue.packages.len(), 13);
        assert!(catalogue.plan.is_example);
        for (i, package) in catalogue.packages.iter().enumerate() {
            assert_eq!(package.package.number as usize, i + 1);
            assert!(
                (2..=5).contains(&package.milestones.len()),
                "package {} has {} milestones",
                i + 1,
                package.milestones.len()
            );
        }
    }
}
