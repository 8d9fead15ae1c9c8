//! The charts' structure, read back as XML: markers per milestone, legend, title and
//! description, axis range, for the example catalogue and for edge cases.

use chrono::NaiveDate;
use roxmltree::{Document, Node};

use super::schedule::{self, Scope};
use super::{burnup, group, Chart};
use crate::catalogue::example_plan;
use crate::domain::burnup::burn_up;
use crate::domain::schedule::{milestone_status, Schedule, ScheduleStatus, WorkStatus};
use crate::language::Locale;
use crate::plan::model::{Milestone, Package};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 21);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn package(number: u32) -> Package {
    Package {
        number,
        title: format!("Paket <{number}> & „Zitat“"),
        summary: String::new(),
        goal: String::new(),
        responsible_unit: String::new(),
        source_reference: String::new(),
        title_en: String::new(),
        summary_en: String::new(),
        goal_en: String::new(),
    }
}

fn milestone(package_number: u32, schedule: Schedule) -> Milestone {
    Milestone {
        id: 1,
        package_number,
        title: "Meilenstein".into(),
        title_en: String::new(),
        description: String::new(),
        schedule,
        public_note: String::new(),
        internal_note: None,
        evidence_links: Vec::new(),
        voices: Default::default(),
    }
}

fn plan_chart(packages: &[Package], milestones: &[Milestone], today: NaiveDate) -> Chart {
    schedule::render(
        &group(packages, milestones),
        Scope::Plan,
        today,
        false,
        "t",
        Locale::de,
        &Default::default(),
    )
    .unwrap()
}

fn elements<'a>(doc: &'a Document, name: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants().filter(|n| n.has_tag_name(name)).collect()
}

/// What the legend and the milestones drew, by marker kind.
#[derive(Debug, Default, PartialEq, Eq)]
struct Markers {
    demanded: usize,
    overdue: usize,
    forecast: usize,
    completed: usize,
    dropped: usize,
}

fn markers(svg: &str) -> Markers {
    let doc = Document::parse(svg).expect("the SVG is well-formed XML");
    let attr = |n: &Node, a: &str| n.attribute(a).unwrap_or("").to_owned();
    Markers {
        demanded: elements(&doc, "polyline")
            .iter()
            .filter(|n| {
                let points: Vec<&str> = n
                    .attribute("points")
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                attr(n, "stroke") == "#0B3C5D" && points.len() == 5 && points[0] == points[4]
            })
            .count(),
        overdue: elements(&doc, "polygon")
            .iter()
            .filter(|n| attr(n, "fill") == "#A4161A")
            .count(),
        forecast: elements(&doc, "circle")
            .iter()
            .filter(|n| attr(n, "stroke") == "#7A3E00" && attr(n, "fill") == "none")
            .count(),
        completed: elements(&doc, "rect")
            .iter()
            .filter(|n| attr(n, "fill") == "#1E6B34")
            .count(),
        dropped: elements(&doc, "line")
            .iter()
            .filter(|n| attr(n, "stroke") == "#5F6368")
            .count()
            / 2,
    }
}

/// What the markers should be: one of each kind in the legend, plus per milestone.
fn expected_markers(milestones: &[Milestone], today: NaiveDate) -> Markers {
    let mut expected = Markers {
        demanded: 1,
        overdue: 1,
        forecast: 1,
        completed: 1,
        dropped: 1,
    };
    for m in milestones {
        let s = &m.schedule;
        let status = milestone_status(s, today);
        match status {
            ScheduleStatus::Dropped => {
                expected.dropped += usize::from(s.demanded.or(s.forecast).is_some());
                continue;
            }
            ScheduleStatus::Overdue => expected.overdue += 1,
            _ => expected.demanded += usize::from(s.demanded.is_some()),
        }
        if status.is_open() && s.forecast.is_some() && s.forecast != s.demanded {
            expected.forecast += 1;
        }
        if status == ScheduleStatus::Done && s.completed.is_some() {
            expected.completed += 1;
        }
    }
    expected
}

fn texts(svg: &str) -> Vec<String> {
    let doc = Document::parse(svg).unwrap();
    elements(&doc, "text")
        .iter()
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_owned())
        .collect()
}

fn assert_accessible(svg: &str, expected_desc: &str) {
    let doc = Document::parse(svg).unwrap();
    let root = doc.root_element();
    assert!(root.has_tag_name("svg"));
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
    assert_eq!(
        root.attribute("width"),
        None,
        "no fixed width: it must fit a phone"
    );
    let children: Vec<Node> = root.children().filter(Node::is_element).collect();
    assert!(children[0].has_tag_name("title"));
    assert!(children[1].has_tag_name("desc"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        children[0].attribute("id")
    );
    assert_eq!(
        root.attribute("aria-describedby"),
        children[1].attribute("id")
    );
    assert!(!children[0].text().unwrap_or("").is_empty());
    let desc = children[1].text().unwrap_or("");
    assert!(
        desc.contains(expected_desc),
        "desc {desc:?} lacks {expected_desc:?}"
    );
}

#[test]
fn example_schedule_has_a_marker_per_milestone_and_a_legend() {
    let (packages, milestones) = example_plan(today());
    let chart = plan_chart(&packages, &milestones, today());
    assert_eq!(markers(&chart.svg), expected_markers(&milestones, today()));
    let totals = crate::domain::schedule::totals(milestones.iter().map(|m| &m.schedule), today());
    assert_accessible(
        &chart.svg,
        &format!(
            "13 Maßnahmenpakete: {} von {} Meilensteinen erledigt",
            totals.progress.done, totals.progress.total
        ),
    );
    assert!(chart
        .summary
        .contains(&format!("{} überfällig", totals.overdue)));
    let texts = texts(&chart.svg);
    for label in [
        "Soll-Termin",
        "Soll-Termin überschritten, offen",
        "Prognose der Verwaltung",
        "erledigt (Linie: Verspätung)",
        "entfallen",
        "heute, 21.11.2026",
    ] {
        assert!(texts.iter().any(|t| t == label), "legend lacks {label:?}");
    }
    // A label per package, starting with its number.
    for package in &packages {
        let prefix = format!("{}  ", package.number);
        assert!(
            texts.iter().any(|t| t.starts_with(&prefix)),
            "no label for package {}",
            package.number
        );
    }
}

#[test]
fn the_axis_covers_every_date_and_labels_its_years() {
    let (packages, milestones) = example_plan(today());
    let chart = plan_chart(&packages, &milestones, today());
    let dates: Vec<NaiveDate> = milestones
        .iter()
        .flat_map(|m| {
            [
                m.schedule.demanded,
                m.schedule.forecast,
                m.schedule.completed,
            ]
        })
        .flatten()
        .chain([today()])
        .collect();
    let (first, last) = (dates.iter().min().unwrap(), dates.iter().max().unwrap());
    assert!(
        chart.axis.0 < *first && chart.axis.1 > *last,
        "{:?}",
        chart.axis
    );
    let texts = texts(&chart.svg);
    use chrono::Datelike;
    for year in first.year()..=last.year() {
        assert!(texts.contains(&year.to_string()), "no label for {year}");
    }
}

#[test]
fn a_package_chart_shows_only_that_package() {
    let (packages, milestones) = example_plan(today());
    let own: Vec<Milestone> = milestones
        .iter()
        .filter(|m| m.package_number == 3)
        .cloned()
        .collect();
    let groups: Vec<_> = group(&packages, &milestones)
        .into_iter()
        .filter(|g| g.package.number == 3)
        .collect();
    let chart = schedule::render(
        &groups,
        Scope::Package(3),
        today(),
        false,
        "p3",
        Locale::de,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(markers(&chart.svg), expected_markers(&own, today()));
    assert_accessible(&chart.svg, "Paket 3: ");
    // Rows are labelled with the milestones' titles.
    let texts = texts(&chart.svg);
    assert!(texts
        .iter()
        .any(|t| own[0].title.starts_with(t.trim_end_matches('…'))));
}

#[test]
fn stand_labels_today_as_the_chosen_day() {
    let (packages, milestones) = example_plan(today());
    let stand = d(2022, 6, 30);
    let chart = schedule::render(
        &group(&packages, &milestones),
        Scope::Plan,
        stand,
        true,
        "s",
        Locale::de,
        &Default::default(),
    )
    .unwrap();
    assert!(texts(&chart.svg).contains(&"Stand 30.06.2022".to_owned()));
    assert!(chart.summary.ends_with("Stand 30.06.2022."));
    assert_eq!(markers(&chart.svg), expected_markers(&milestones, stand));
}

#[test]
fn edge_cases_render_without_panicking() {
    let dropped = Schedule {
        work: WorkStatus::Dropped,
        demanded: Some(d(2020, 1, 1)),
        forecast: None,
        completed: None,
    };
    let far = Schedule {
        work: WorkStatus::Open,
        demanded: Some(d(1990, 1, 1)),
        forecast: Some(d(2100, 12, 31)),
        completed: None,
    };
    let one_day = Schedule {
        work: WorkStatus::Done,
        demanded: Some(today()),
        forecast: None,
        completed: Some(today()),
    };
    let undated = Schedule {
        work: WorkStatus::Open,
        demanded: None,
        forecast: None,
        completed: None,
    };
    let cases: Vec<(&str, Vec<Package>, Vec<Milestone>)> = vec![
        ("no packages", vec![], vec![]),
        ("no milestones", vec![package(1), package(2)], vec![]),
        (
            "all dropped",
            vec![package(1)],
            vec![milestone(1, dropped), milestone(1, dropped)],
        ),
        (
            "far past and future",
            vec![package(1)],
            vec![milestone(1, far)],
        ),
        (
            "one single day",
            vec![package(1)],
            vec![milestone(1, one_day), milestone(1, one_day)],
        ),
        (
            "no dates at all",
            vec![package(1)],
            vec![milestone(1, undated)],
        ),
    ];
    for (name, packages, milestones) in cases {
        let chart = plan_chart(&packages, &milestones, today());
        assert_eq!(
            markers(&chart.svg),
            expected_markers(&milestones, today()),
            "{name}"
        );
        assert_accessible(&chart.svg, "Meilenstein");
        assert!(chart.axis.0 < chart.axis.1, "{name}: empty axis");
        for number in packages.iter().map(|p| p.number) {
            let groups: Vec<_> = group(&packages, &milestones)
                .into_iter()
                .filter(|g| g.package.number == number)
                .collect();
            let chart = schedule::render(
                &groups,
                Scope::Package(number),
                today(),
                false,
                "p",
                Locale::de,
                &Default::default(),
            )
            .unwrap();
            Document::parse(&chart.svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let progress = burnup::render(
            &burn_up(milestones.iter().map(|m| &m.schedule), today()),
            false,
            "b",
            Locale::de,
        )
        .unwrap();
        assert_accessible(&progress.svg, "Meilensteinen fällig");
    }
    // Texts are escaped: a title with markup stays text.
    let chart = plan_chart(&[package(1)], &[], today());
    assert!(texts(&chart.svg)
        .iter()
        .any(|t| t.contains("Paket <1> & „Zitat“")));
    assert!(texts(&chart.svg).contains(&"noch keine Meilensteine".to_owned()));
}

#[test]
fn burn_up_chart_has_three_lines_a_legend_and_a_summary() {
    let (_, milestones) = example_plan(today());
    let data = burn_up(milestones.iter().map(|m| &m.schedule), today());
    let chart = burnup::render(&data, false, "f", Locale::de).unwrap();
    let due = crate::domain::burnup::count_at(&data.expected, today());
    let done = crate::domain::burnup::count_at(&data.actual, today());
    assert_accessible(
        &chart.svg,
        &format!(
            "waren laut Soll-Terminen {due} von {} Meilensteinen fällig; erledigt sind {done}.",
            data.total
        ),
    );
    let doc = Document::parse(&chart.svg).unwrap();
    let stroked = |color: &str| {
        elements(&doc, "polyline")
            .iter()
            .filter(|n| n.attribute("stroke") == Some(color))
            .count()
    };
    assert!(
        stroked("#0B3C5D") >= 2,
        "expected line and its legend sample"
    );
    assert!(stroked("#1E6B34") >= 2, "actual line and its legend sample");
    // The forecast line and its legend sample, dashed.
    assert!(stroked("#7A3E00") >= 2);
    assert!(elements(&doc, "polyline")
        .iter()
        .filter(|n| n.attribute("stroke") == Some("#7A3E00"))
        .all(|n| n.attribute("stroke-dasharray") == Some("8 5")));
    let texts = texts(&chart.svg);
    for label in [
        "laut Soll-Terminen fällig (dünne Linie)",
        "tatsächlich erledigt (dicke Linie)",
        "Prognose ab heute (gestrichelt)",
        "heute, 21.11.2026",
        "Meilensteine erledigt",
    ] {
        assert!(texts.iter().any(|t| t == label), "lacks {label:?}");
    }
}

#[test]
fn a_large_generated_plan_renders() {
    let (packages, milestones) = crate::plan::synthetic::plan(13, 200, today(), 7);
    let chart = plan_chart(&packages, &milestones, today());
    assert_eq!(markers(&chart.svg), expected_markers(&milestones, today()));
}
