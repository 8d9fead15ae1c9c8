//! `/{plan}/feeds/aenderungen.atom`: the newest public saves (status updates, changes to
//! milestones, packages and the plan, and indicators' new values and targets), newest
//! first, as an Atom feed (RFC 4287). A value of a small count is never in it: its history
//! entry is internal.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::DateTime;

use super::record::Record;
use crate::history::chain::Closing;
use crate::history::model::{ChangeEvent, EntityKind};
use crate::history::page::{event_heading, field_label, value_text};
use crate::language::Locale;
use crate::ui::format::delay_category_label;

/// How many saves the feed carries.
pub const ENTRIES: u32 = 50;

pub(super) fn link(href: String, rel: &str, mime_type: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime_type.map(str::to_owned));
    link
}

pub(super) fn time(rfc3339: &str, fallback: FixedDateTime) -> FixedDateTime {
    DateTime::parse_from_rfc3339(rfc3339).unwrap_or(fallback)
}

/// The change as readable lines: "Soll-Termin: 31.01.2026 → 30.06.2026".
fn body(event: &ChangeEvent) -> String {
    let mut lines: Vec<String> = event
        .changes
        .iter()
        .filter(|c| c.field != "sort_order" || event.changes.len() == 1)
        .map(|c| {
            if event.is_creation() || event.entity == EntityKind::StatusUpdate {
                format!(
                    "{}: {}",
                    field_label(Locale::de, &c.field),
                    value_text(Locale::de, &c.field, c.new_value.as_deref())
                )
            } else {
                format!(
                    "{}: {} → {}",
                    field_label(Locale::de, &c.field),
                    value_text(Locale::de, &c.field, c.old_value.as_deref()),
                    value_text(Locale::de, &c.field, c.new_value.as_deref())
                )
            }
        })
        .collect();
    if !event.comment.is_empty() {
        let category = event
            .reason_category
            .map(|c| format!("{} – ", delay_category_label(Locale::de, Some(c))))
            .unwrap_or_default();
        lines.push(format!("Begründung: {category}{}", event.comment));
    }
    lines.push(format!("Erfasst von: {}", event.organisation));
    lines.join("\n")
}

/// The event named as the record knows its subject: as of a past day, a milestone
/// renamed later keeps the title it had then.
fn as_recorded(record: &Record, event: &ChangeEvent) -> ChangeEvent {
    let title = match event.entity {
        EntityKind::Milestone => record.milestone(event.entity_id).map(|m| m.title.clone()),
        EntityKind::Package => record.package(event.entity_id).map(|p| p.title.clone()),
        EntityKind::Plan => Some(record.plan.title.clone()),
        EntityKind::StatusUpdate | EntityKind::Account | EntityKind::Indicator => None,
    };
    let mut event = event.clone();
    if let Some(title) = title {
        event.entity_title = title;
    }
    event
}

/// The id of an entry: a name, not an address, so it stays what it was before plans had
/// their own addresses (`site` is the site's address without a trailing slash).
fn entry_id(site: &str, event: &ChangeEvent) -> String {
    format!(
        "{site}/aenderungen#aenderung-{}-{}-{}",
        event.change_set,
        event.entity.code(),
        event.entity_id
    )
}

/// One save as a feed entry titled `title`, linking to its page below `plan` (the plan's
/// address) and named under `site` (both without a trailing slash).
pub(super) fn entry(
    event: &ChangeEvent,
    title: String,
    (site, plan): (&str, &str),
    fallback: FixedDateTime,
) -> Entry {
    let mut entry = Entry::default();
    entry.set_title(Text::plain(title));
    entry.set_id(entry_id(site, event));
    let at = time(&event.recorded_at, fallback);
    entry.set_updated(at);
    entry.set_published(Some(at));
    let page = match (event.entity, event.package_number) {
        (EntityKind::Indicator, _) => format!("{plan}/kennzahlen/{}", event.entity_id),
        (_, Some(n)) => format!("{plan}/pakete/{n}"),
        (_, None) => format!("{plan}/aenderungen"),
    };
    entry.set_links(vec![link(page, "alternate", Some("text/html"))]);
    let mut content = Content::default();
    content.set_content_type(Some("text".to_owned()));
    content.set_value(Some(body(event)));
    entry.set_content(Some(content));
    entry
}

/// A day's closing digest of the history as a feed entry, linking to the page that
/// explains how to check it (`plan` is the plan's address).
fn closing_entry(closing: &Closing, plan: &str, fallback: FixedDateTime) -> Entry {
    let digest = closing.head.digest();
    let day = crate::domain::dates::format_de(closing.day);
    let mut entry = Entry::default();
    entry.set_title(Text::plain(format!("Stand der Historie am {day}")));
    entry.set_id(format!("{plan}/pruefung#stand-{}", closing.day));
    let at = time(&closing.recorded_at, fallback);
    entry.set_updated(at);
    entry.set_published(Some(at));
    entry.set_links(vec![link(
        format!("{plan}/pruefung"),
        "alternate",
        Some("text/html"),
    )]);
    let mut content = Content::default();
    content.set_content_type(Some("text".to_owned()));
    content.set_value(Some(format!(
        "Prüfsumme der Änderungshistorie nach der letzten Änderung am {day}: {digest}\n\
         Wer diesen Stand aufbewahrt, kann jederzeit prüfen, dass die Historie ihn \
         unverändert fortsetzt: {plan}/pruefung"
    )));
    entry.set_content(Some(content));
    entry
}

/// `site` is the site's address without a trailing slash; `events` newest first;
/// `closings` the history's closing digest of each day with a change, newest first.
pub fn render(record: &Record, events: &[ChangeEvent], closings: &[Closing], site: &str) -> String {
    let base = &format!("{site}/{}", record.plan.slug);
    // The feed of one package lives on that package's address.
    let (own, page) = match record.the_package() {
        Some(package) => (
            format!("{base}/pakete/{}/aenderungen.atom", package.number),
            format!("{base}/pakete/{}", package.number),
        ),
        None => (
            format!("{base}/feeds/aenderungen.atom"),
            format!("{base}/aenderungen"),
        ),
    };
    let scope = record.scope_title();
    let generated = record.stand.generated_at.fixed_offset();
    let updated = events
        .first()
        .map(|e| time(&e.recorded_at, generated))
        .unwrap_or(generated);
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("Änderungen: {scope}")));
    let mut subtitle = format!(
        "Statusmeldungen, Änderungen an Meilensteinen und neue Werte der Kennzahlen, neueste zuerst. Stand {}.",
        record.stand.day_de()
    );
    if record.plan.is_example {
        subtitle.push_str(" Beispieldaten – kein echter Umsetzungsstand.");
    }
    feed.set_subtitle(Some(Text::plain(subtitle)));
    feed.set_id(own.clone());
    feed.set_updated(updated);
    feed.set_lang(Some("de".to_owned()));
    let mut author = Person::default();
    author.set_name(record.plan.owner.clone());
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(own, "self", Some("application/atom+xml")),
        link(page, "alternate", Some("text/html")),
    ]);
    let mut generator = Generator::default();
    generator.set_value("Umsetzungsmonitor");
    feed.set_generator(Some(generator));
    let mut entries = events
        .iter()
        .map(|event| {
            let event = &as_recorded(record, event);
            let title = event_heading(Locale::de, event, &record.plan.words);
            (
                time(&event.recorded_at, generated),
                entry(event, title, (site, base), generated),
            )
        })
        .collect::<Vec<_>>();
    // A day's digest follows its last save (it is listed above it, newest first).
    let oldest = entries.last().map(|(at, _)| *at);
    entries.extend(
        closings
            .iter()
            .map(|c| {
                (
                    time(&c.recorded_at, generated),
                    closing_entry(c, base, generated),
                )
            })
            .filter(|(at, _)| oldest.is_none_or(|oldest| *at >= oldest)),
    );
    entries.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    feed.set_entries(
        entries
            .into_iter()
            .map(|(_, entry)| entry)
            .collect::<Vec<_>>(),
    );
    feed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::model::FieldChange;
    use crate::reports::record::fixture;

    #[test]
    fn entries_are_newest_first_with_readable_changes() {
        let record = fixture::record();
        let event = |set: i64, at: &str, field: &str, old: Option<&str>, new: &str| ChangeEvent {
            change_set: set,
            recorded_at: at.to_owned(),
            when: String::new(),
            actor_name: None,
            organisation: "AG Ausländerbehörde".to_owned(),
            entity: EntityKind::Milestone,
            entity_id: 1,
            entity_title: "Konzept <vorgelegt>".to_owned(),
            package_number: Some(1),
            comment: String::new(),
            reason_category: None,
            changes: vec![FieldChange {
                entry_id: 0,
                field: field.to_owned(),
                old_value: old.map(str::to_owned),
                new_value: Some(new.to_owned()),
            }],
        };
        let events = [
            event(
                2,
                "2026-11-20T09:00:00.000Z",
                "forecast_on",
                Some("2026-01-31"),
                "2026-06-30",
            ),
            event(
                1,
                "2026-11-19T09:00:00.000Z",
                "title",
                None,
                "Konzept <vorgelegt>",
            ),
        ];
        let closing = Closing {
            day: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            recorded_at: "2026-11-20T09:00:00.000Z".to_owned(),
            head: crate::domain::chain::Head {
                chain: 1,
                change_set: 2,
                hash: "3f".repeat(32),
            },
        };
        let xml = render(&record, &events, &[closing], "https://example.org");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
            .filter_map(|t| t.text())
            .collect();
        assert_eq!(
            titles,
            [
                "Meilenstein „Konzept <vorgelegt>“ (Paket 1) geändert",
                "Stand der Historie am 20.11.2026",
                "Meilenstein „Konzept <vorgelegt>“ (Paket 1) angelegt"
            ]
        );
        assert!(xml.contains(&format!("2:{}", "3f".repeat(32))));
        assert!(xml.contains("Prognose: 31.01.2026 → 30.06.2026"));
        assert!(xml.contains("<updated>2026-11-20T09:00:00+00:00</updated>"));
    }
}
