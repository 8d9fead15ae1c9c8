//! Time to produce each export: the example catalogue and a generated plan of
//! 13 packages × 200 milestones (with one status update per package), rendered from
//! the in-memory record (the database read is not included). A plain timed loop;
//! run with `cargo bench --features ssr --bench exports`.

mod common;

use std::time::Duration;

use chrono::NaiveDate;
use umsetzungsmonitor::catalogue::example_plan;
use umsetzungsmonitor::history::model::{ChangeEvent, EntityKind, FieldChange};
use umsetzungsmonitor::plan::model::{Milestone, Package};
use umsetzungsmonitor::reports::record::{
    Audience, MilestoneRecord, PackageRecord, PlanRecord, Record, Stand, StatusUpdateRecord,
};
use umsetzungsmonitor::reports::{atom_file, csv_file, ics_file, json_file, routes, xlsx_file};

use common::{measure, report};

const BASE: &str = "https://monitor.example.org";

fn record(packages: &[Package], milestones: &[Milestone], today: NaiveDate) -> Record {
    Record {
        stand: Stand {
            day: today,
            rebuilt: false,
            generated_at: chrono::Utc::now(),
            timezone: chrono_tz::Europe::Berlin,
            history_head: Some(format!("812:{}", "3f".repeat(32))),
        },
        audience: Audience::Public,
        plan: PlanRecord {
            id: 1,
            slug: "bench".to_owned(),
            title: "Umsetzung der Handlungsempfehlungen der AG Ausländerbehörde".to_owned(),
            owner: "Landeshauptstadt Potsdam".to_owned(),
            adopted_on: NaiveDate::from_ymd_opt(2020, 11, 12),
            description: String::new(),
            is_example: true,
            title_en: String::new(),
            description_en: String::new(),
            words: Default::default(),
        },
        packages: packages
            .iter()
            .map(|p| PackageRecord {
                id: i64::from(p.number),
                number: p.number,
                title: p.title.clone(),
                summary: p.summary.clone(),
                goal: p.goal.clone(),
                responsible_unit: p.responsible_unit.clone(),
                source_reference: p.source_reference.clone(),
                title_en: p.title_en.clone(),
                summary_en: p.summary_en.clone(),
                goal_en: p.goal_en.clone(),
            })
            .collect(),
        milestones: milestones
            .iter()
            .enumerate()
            .map(|(i, m)| MilestoneRecord {
                id: m.id,
                package_id: i64::from(m.package_number),
                key: None,
                title: m.title.clone(),
                title_en: m.title_en.clone(),
                description: m.description.clone(),
                work: m.schedule.work,
                demanded_on: m.schedule.demanded,
                forecast_on: m.schedule.forecast,
                completed_on: m.schedule.completed,
                public_note: m.public_note.clone(),
                internal_note: None,
                evidence_links: m.evidence_links.clone(),
                voices: m.voices.clone(),
                sort_order: i as i64,
                last_changed: Some("2026-11-20T09:00:00.000Z".to_owned()),
                revisions: 2,
            })
            .collect(),
        status_updates: packages
            .iter()
            .map(|p| StatusUpdateRecord {
                id: i64::from(p.number),
                package_id: i64::from(p.number),
                occurred_on: today,
                body: "Die Verwaltung hat den Sachstand im Ausschuss vorgestellt.".to_owned(),
                link: String::new(),
                organisation: "AG Ausländerbehörde".to_owned(),
            })
            .collect(),
        rebaselinings: Vec::new(),
        forecast_moves: Vec::new(),
        // Indicators are drawn and listed in the report's last section; the plan
        // here has none, as the timings before them had none.
        indicators: Vec::new(),
        only_package: None,
    }
}

/// The feed's 50 newest saves.
fn events(record: &Record) -> Vec<ChangeEvent> {
    record
        .milestones
        .iter()
        .take(atom_file::ENTRIES as usize)
        .enumerate()
        .map(|(i, m)| ChangeEvent {
            change_set: 1000 - i as i64,
            recorded_at: "2026-11-20T09:00:00.000Z".to_owned(),
            when: String::new(),
            actor_name: None,
            organisation: "AG Ausländerbehörde".to_owned(),
            entity: EntityKind::Milestone,
            entity_id: m.id,
            entity_title: m.title.clone(),
            package_number: Some(1),
            comment: String::new(),
            reason_category: None,
            changes: vec![FieldChange {
                entry_id: 0,
                field: "forecast_on".to_owned(),
                old_value: Some("2026-12-31".to_owned()),
                new_value: Some("2027-06-30".to_owned()),
            }],
        })
        .collect()
}

/// One export: renders and returns its size in bytes.
type Render<'a> = Box<dyn Fn() -> usize + 'a>;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let plans = [
        ("example (43 milestones)", example_plan(today), 5),
        (
            "13 × 200 (2,600 milestones)",
            umsetzungsmonitor::plan::synthetic::plan(13, 200, today, 42),
            15,
        ),
    ];
    for (name, (packages, milestones), seconds) in &plans {
        let budget = Duration::from_secs(*seconds);
        let record = record(packages, milestones, today);
        let events = events(&record);
        let cases: [(&str, Render<'_>); 7] = [
            (
                // typst memoises layout across compilations; a server making the same
                // report again profits, as this case does.
                "PDF status report (warm)",
                Box::new(|| routes::render_pdf(&record, None, BASE).expect("pdf").len()),
            ),
            (
                "PDF status report (cold)",
                Box::new(|| {
                    typst::comemo::evict(0);
                    routes::render_pdf(&record, None, BASE).expect("pdf").len()
                }),
            ),
            (
                "XLSX",
                Box::new(|| xlsx_file::render(&record).expect("xlsx").len()),
            ),
            (
                "CSV",
                Box::new(|| csv_file::render(&record).expect("csv").len()),
            ),
            (
                "JSON",
                Box::new(|| json_file::render(&record).expect("json").len()),
            ),
            (
                "iCalendar",
                Box::new(|| ics_file::render(&record, BASE).len()),
            ),
            (
                "Atom (50 entries)",
                Box::new(|| atom_file::render(&record, &events, &[], BASE).len()),
            ),
        ];
        for (format, render) in &cases {
            let bytes = render();
            report(&format!("{format}, {name}"), bytes, measure(budget, render));
        }
    }
}
