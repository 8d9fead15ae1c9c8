//! Open data: `/api/v1/plan.json`, described by `docs/schema/plan-v1.schema.json`.
//! Version 1 only grows by new optional fields; anything else gets a new path.

use serde::Serialize;

use super::record::{Judged, Record};
use crate::domain::indicators::{Direction, IndicatorStatus, PublicValue, Target, Unit};
use crate::domain::schedule::{PackageStatus, ScheduleStatus};
use crate::indicators::model::StoredIndicator;

pub const SCHEMA: &str = include_str!("../../docs/schema/plan-v1.schema.json");
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    schema: &'static str,
    stand: String,
    rebuilt_from_history: bool,
    generated_at: String,
    internal: bool,
    /// The head of the history's hash chain at this stand (optional field of version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    history_head: Option<&'a str>,
    plan: Plan<'a>,
    totals: Totals,
    packages: Vec<Package<'a>>,
    rebaselinings: Vec<Rebaselining<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    forecast_moves: Vec<ForecastMove<'a>>,
    /// The plan's indicators (optional field of version 1): absent when it has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<Indicator<'a>>,
}

#[derive(Serialize)]
struct Indicator<'a> {
    id: i64,
    key: &'a str,
    package_number: Option<u32>,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    name_en: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description_en: &'a str,
    unit: &'static str,
    direction: &'static str,
    method: &'a str,
    source: &'a str,
    small_count_threshold: u32,
    target: TargetOut,
    intermediate_targets: Vec<TargetOut>,
    status: &'static str,
    is_example: bool,
    points: Vec<Point>,
}

#[derive(Serialize)]
struct TargetOut {
    value: f64,
    due_on: String,
}

#[derive(Serialize)]
struct Point {
    period: String,
    starts_on: String,
    ends_on: String,
    /// `null` for a count below the threshold in a public file.
    value: Option<f64>,
    /// The threshold a withheld count is below ("weniger als 5").
    #[serde(skip_serializing_if = "Option::is_none")]
    fewer_than: Option<u32>,
    source_reference: String,
    note: String,
}

#[derive(Serialize)]
struct Plan<'a> {
    slug: &'a str,
    title: &'a str,
    owner: &'a str,
    adopted_on: Option<String>,
    description: &'a str,
    is_example: bool,
    /// English versions (optional fields of version 1): only where translated.
    #[serde(skip_serializing_if = "str::is_empty")]
    title_en: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description_en: &'a str,
}

#[derive(Serialize)]
struct Totals {
    milestones: u32,
    done: u32,
    percent_done: u32,
    overdue: u32,
    at_risk: u32,
    not_scheduled: u32,
    dropped: u32,
    done_on_time: u32,
    done_late: u32,
}

#[derive(Serialize)]
struct Package<'a> {
    id: i64,
    number: u32,
    title: &'a str,
    summary: &'a str,
    goal: &'a str,
    responsible_unit: &'a str,
    source_reference: &'a str,
    status: &'static str,
    milestones_done: u32,
    milestones_total: u32,
    milestones: Vec<Milestone<'a>>,
    status_updates: Vec<StatusUpdate<'a>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    title_en: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary_en: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    goal_en: &'a str,
}

#[derive(Serialize)]
struct Milestone<'a> {
    id: i64,
    key: Option<&'a str>,
    title: &'a str,
    description: &'a str,
    demanded_on: Option<String>,
    forecast_on: Option<String>,
    completed_on: Option<String>,
    work_status: &'static str,
    schedule_status: &'static str,
    public_note: &'a str,
    evidence_links: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    internal_note: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    title_en: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast_postponed: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast_moved_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statement_confirmed: Option<StatementConfirmed<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessment: Option<AssessmentOut<'a>>,
}

/// The administration confirmed the statement itself.
#[derive(Serialize)]
struct StatementConfirmed<'a> {
    on: String,
    organisation: &'a str,
}

/// The working group's assessment of the statement.
#[derive(Serialize)]
struct AssessmentOut<'a> {
    value: &'static str,
    reason: &'a str,
    evidence_links: &'a [String],
    checked_on: Option<String>,
    organisation: &'a str,
}

#[derive(Serialize)]
struct StatusUpdate<'a> {
    id: i64,
    occurred_on: String,
    text: &'a str,
    link: Option<&'a str>,
    organisation: &'a str,
}

#[derive(Serialize)]
struct Rebaselining<'a> {
    milestone_id: i64,
    recorded_at: &'a str,
    old_date: Option<String>,
    new_date: Option<String>,
    reason: &'a str,
    organisation: &'a str,
}

#[derive(Serialize)]
struct ForecastMove<'a> {
    milestone_id: i64,
    recorded_at: &'a str,
    old_date: String,
    new_date: String,
    days: i64,
    category: Option<&'static str>,
    reason: &'a str,
    organisation: &'a str,
}

fn unit_code(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "days",
        Unit::Percent => "percent",
        Unit::Count => "count",
    }
}

fn direction_code(direction: Direction) -> &'static str {
    match direction {
        Direction::Lower => "lower_is_better",
        Direction::Higher => "higher_is_better",
    }
}

fn indicator_status_code(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::Reached => "reached",
        IndicatorStatus::OnCourse => "on_course",
        IndicatorStatus::Missed => "missed",
        IndicatorStatus::Stale => "stale",
        IndicatorStatus::NoData => "no_data",
    }
}

fn target(target: &Target) -> TargetOut {
    TargetOut {
        value: target.value,
        due_on: target.due.format("%Y-%m-%d").to_string(),
    }
}

/// An indicator as the file's reader may see it.
fn indicator<'a>(record: &Record, i: &'a StoredIndicator) -> Indicator<'a> {
    Indicator {
        id: i.id,
        key: &i.key,
        package_number: i.package_number,
        name: &i.name,
        name_en: &i.name_en,
        description: &i.description,
        description_en: &i.description_en,
        unit: unit_code(i.unit),
        direction: direction_code(i.direction),
        method: &i.method,
        source: &i.source,
        small_count_threshold: i.small_count,
        target: target(&i.target),
        intermediate_targets: i.intermediate.iter().map(target).collect(),
        status: indicator_status_code(i.status(record.stand.day)),
        is_example: i.is_example,
        points: record
            .indicator_points(i)
            .into_iter()
            .map(|p| {
                let (value, fewer_than) = match p.value {
                    PublicValue::Value(value) => (Some(value), None),
                    PublicValue::FewerThan(n) => (None, Some(n)),
                };
                Point {
                    period: p.period.code(),
                    starts_on: p.period.start().format("%Y-%m-%d").to_string(),
                    ends_on: p.period.end().format("%Y-%m-%d").to_string(),
                    value,
                    fewer_than,
                    source_reference: p.source_reference,
                    note: p.note,
                }
            })
            .collect(),
    }
}

fn iso(date: Option<chrono::NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Stable codes for the open data (the pages show German words).
pub fn schedule_code(status: ScheduleStatus) -> &'static str {
    match status {
        ScheduleStatus::Overdue => "overdue",
        ScheduleStatus::AtRisk => "at_risk",
        ScheduleStatus::NotScheduled => "not_scheduled",
        ScheduleStatus::OnTrack => "on_track",
        ScheduleStatus::Done => "done",
        ScheduleStatus::Dropped => "dropped",
    }
}

fn package_code(status: PackageStatus) -> &'static str {
    match status {
        PackageStatus::Open(worst) => schedule_code(worst),
        PackageStatus::Completed => "completed",
        PackageStatus::Empty => "empty",
    }
}

fn milestone<'a>(record: &Record, j: &Judged<'a>) -> Milestone<'a> {
    let m = j.milestone;
    let moved = record.postponements(m.id);
    let moved = (!moved.is_empty()).then_some(moved);
    Milestone {
        id: m.id,
        key: m.key.as_deref(),
        title: &m.title,
        description: &m.description,
        demanded_on: iso(m.demanded_on),
        forecast_on: iso(m.forecast_on),
        completed_on: iso(m.completed_on),
        work_status: m.work.code(),
        schedule_status: schedule_code(j.status),
        public_note: &m.public_note,
        evidence_links: &m.evidence_links,
        internal_note: m.internal_note.as_deref(),
        title_en: &m.title_en,
        forecast_postponed: moved.map(|p| p.later),
        forecast_moved_days: moved.map(|p| p.net_days()),
        statement_confirmed: m.voices.statement.on.map(|on| StatementConfirmed {
            on: on.format("%Y-%m-%d").to_string(),
            organisation: &m.voices.statement.organisation,
        }),
        assessment: m.voices.view.assessment.map(|value| AssessmentOut {
            value: value.code(),
            reason: &m.voices.view.reason,
            evidence_links: &m.voices.view.evidence,
            checked_on: iso(m.voices.view.checked_on),
            organisation: &m.voices.view.organisation,
        }),
    }
}

pub fn render(record: &Record) -> Result<Vec<u8>, serde_json::Error> {
    let totals = record.totals();
    let document = Document {
        schema_version: SCHEMA_VERSION,
        schema: "/api/v1/schema.json",
        stand: record.stand.day_iso(),
        rebuilt_from_history: record.stand.rebuilt,
        generated_at: record
            .stand
            .generated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        internal: record.internal(),
        history_head: record.stand.history_head.as_deref(),
        plan: Plan {
            slug: &record.plan.slug,
            title: &record.plan.title,
            owner: &record.plan.owner,
            adopted_on: iso(record.plan.adopted_on),
            description: &record.plan.description,
            is_example: record.plan.is_example,
            title_en: &record.plan.title_en,
            description_en: &record.plan.description_en,
        },
        totals: Totals {
            milestones: totals.progress.total,
            done: totals.progress.done,
            percent_done: totals.progress.percent(),
            overdue: totals.overdue,
            at_risk: totals.at_risk,
            not_scheduled: totals.not_scheduled,
            dropped: totals.dropped,
            done_on_time: totals.done_on_time,
            done_late: totals.done_late,
        },
        packages: record
            .package_views()
            .into_iter()
            .map(|view| Package {
                id: view.package.id,
                number: view.package.number,
                title: &view.package.title,
                summary: &view.package.summary,
                goal: &view.package.goal,
                responsible_unit: &view.package.responsible_unit,
                source_reference: &view.package.source_reference,
                status: package_code(view.status),
                milestones_done: view.progress.done,
                milestones_total: view.progress.total,
                milestones: view
                    .milestones
                    .iter()
                    .map(|j| milestone(record, j))
                    .collect(),
                status_updates: view
                    .status_updates
                    .iter()
                    .map(|s| StatusUpdate {
                        id: s.id,
                        occurred_on: s.occurred_on.format("%Y-%m-%d").to_string(),
                        text: &s.body,
                        link: (!s.link.is_empty()).then_some(s.link.as_str()),
                        organisation: &s.organisation,
                    })
                    .collect(),
                title_en: &view.package.title_en,
                summary_en: &view.package.summary_en,
                goal_en: &view.package.goal_en,
            })
            .collect(),
        rebaselinings: record
            .rebaselinings
            .iter()
            .map(|r| Rebaselining {
                milestone_id: r.milestone_id,
                recorded_at: &r.recorded_at,
                old_date: iso(r.old_date),
                new_date: iso(r.new_date),
                reason: &r.reason,
                organisation: &r.organisation,
            })
            .collect(),
        forecast_moves: record
            .forecast_moves
            .iter()
            .map(|m| ForecastMove {
                milestone_id: m.milestone_id,
                recorded_at: &m.recorded_at,
                old_date: m.from.format("%Y-%m-%d").to_string(),
                new_date: m.to.format("%Y-%m-%d").to_string(),
                days: m.dates().days(),
                category: m.category.map(|c| c.code()),
                reason: &m.reason,
                organisation: &m.organisation,
            })
            .collect(),
        indicators: record
            .indicators
            .iter()
            .map(|i| indicator(record, i))
            .collect(),
    };
    serde_json::to_vec_pretty(&document)
}
