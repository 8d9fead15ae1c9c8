//! `/feeds/termine.ics`: one all-day event per open milestone on its demanded date.
//! UIDs derive from the plan and the milestone id, so a subscribed calendar updates an
//! event when a date moves instead of adding a second one; SEQUENCE counts the saves.
//! Texts reach the file with `\n` line breaks only, which the library escapes; a bare `\r`
//! (stored before the forms normalised line breaks) would end a line for lenient readers.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, Class, Component, Event, EventLike};

use super::record::Record;
use crate::domain::text::normalise_line_breaks;
use crate::language::Locale;
use crate::ui::format::{assessment_label, postponement_summary, schedule_status_label};

/// `base` is the plan's address (site and slug) without a trailing slash, for links in the events.
pub fn render(record: &Record, base: &str) -> String {
    let mut calendar = Calendar::new();
    // Calendar::new() writes a library PRODID; ours names the product.
    calendar.properties.retain(|p| p.key() != "PRODID");
    calendar.append_property(("PRODID", "-//Umsetzungsmonitor//Termine//DE"));
    let scope = record.scope_title();
    calendar.name(&format!("Soll-Termine: {scope}"));
    let mut description = format!(
        "Offene Meilensteine von {} an ihren Soll-Terminen. Stand {}.",
        match record.the_package() {
            Some(_) => scope.clone(),
            None => format!("„{scope}“"),
        },
        record.stand.day_de()
    );
    if record.internal() {
        description.push_str(" INTERN: enthält interne Notizen.");
    }
    calendar.description(&description);
    calendar.append_property(("X-WR-TIMEZONE", "Europe/Berlin"));
    calendar.ttl(&Duration::hours(6));
    let stamp = record.stand.generated_at;
    for judged in record.judged() {
        let m = judged.milestone;
        let Some(demanded) = m.demanded_on else {
            continue;
        };
        if !judged.status.is_open() {
            continue;
        }
        let package = judged.package;
        let mut text = vec![
            format!(
                "{}: {}",
                record.plan.words.numbered(Locale::de, package.number),
                package.title
            ),
            format!("Soll-Termin: {}", crate::domain::dates::format_de(demanded)),
            match m.forecast_on {
                Some(f) => format!(
                    "Prognose der Verwaltung: {}",
                    crate::domain::dates::format_de(f)
                ),
                None => "Prognose der Verwaltung: keine".to_owned(),
            },
            // "2× verschoben, zusammen +275 Tage", where the forecast moved.
            postponement_summary(Locale::de, &record.postponements(m.id))
                .map(|moves| format!("Prognose {moves}"))
                .unwrap_or_default(),
            format!(
                "Stand {}: {}",
                record.stand.day_de(),
                schedule_status_label(Locale::de, judged.status)
            ),
        ];
        text.retain(|line| !line.is_empty());
        if !m.public_note.is_empty() {
            text.push(m.public_note.clone());
        }
        // Where the working group doubts or contradicts the administration: its words.
        if let Some(assessment) = m.voices.difference() {
            text.push(format!(
                "{}: {}",
                assessment_label(Locale::de, Some(assessment)),
                m.voices.view.reason
            ));
        }
        if let Some(note) = m.internal_note.as_deref().filter(|n| !n.is_empty()) {
            text.push(format!("INTERNE NOTIZ: {note}"));
        }
        let url = format!("{base}/pakete/{}", package.number);
        text.push(url.clone());
        let mut event = Event::new();
        event
            .uid(&format!(
                "meilenstein-{}@{}.umsetzungsmonitor",
                m.id, record.plan.slug
            ))
            .summary(&normalise_line_breaks(&format!(
                "Soll-Termin: {} ({})",
                m.title,
                record.plan.words.numbered(Locale::de, package.number)
            )))
            .description(&normalise_line_breaks(&text.join("\n")))
            .starts(demanded)
            .ends(demanded.succ_opt().unwrap_or(demanded))
            .sequence(m.revisions.saturating_sub(1))
            .url(&url)
            .class(if record.internal() {
                Class::Confidential
            } else {
                Class::Public
            })
            .timestamp(stamp);
        if let Some(changed) = m
            .last_changed
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        {
            event.last_modified(changed.with_timezone(&Utc));
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::record::fixture;

    #[test]
    fn carriage_returns_in_notes_cannot_start_a_line() {
        let mut record = fixture::record();
        record.milestones[0].public_note =
            "Termin\rDTSTART;VALUE=DATE:19700101\r\nX-EINGESCHLEUST:1\n\rEND:VEVENT".to_owned();
        record.milestones[0].title = "Titel\rSUMMARY:falsch".to_owned();
        let text = render(&record, "https://example.org");
        // A strict reader: lines end with CRLF only; folded lines start with a space.
        let strict: Vec<&str> = text.split("\r\n").collect();
        assert!(strict
            .iter()
            .all(|l| !l.contains('\r') && !l.contains('\n')));
        // A lenient reader: any CR or LF ends a line.
        for line in text.split(['\r', '\n']) {
            for injected in [
                "DTSTART;VALUE=DATE:1970",
                "X-EINGESCHLEUST",
                "SUMMARY:falsch",
            ] {
                assert!(!line.starts_with(injected), "{line:?} in\n{text}");
            }
        }
        assert_eq!(strict.iter().filter(|l| **l == "END:VEVENT").count(), 2);
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("Termin\\nDTSTART\\;VALUE=DATE:19700101\\nX-EINGESCHLEUST:1"),
            "the note stays, as escaped text"
        );
    }

    #[test]
    fn one_event_per_open_milestone_with_stable_uids() {
        let record = fixture::record();
        let text = render(&record, "https://example.org");
        // Milestone 2 is done: no event.
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("UID:meilenstein-1@beispiel.umsetzungsmonitor"));
        assert!(text.contains("DTSTART;VALUE=DATE:20260131"));
        assert!(text.contains("DTEND;VALUE=DATE:20260201"));
        assert!(text.contains("PRODID:-//Umsetzungsmonitor//Termine//DE"));
        assert!(!text.contains("ICALENDAR-RS"));
        assert!(text.lines().all(|l| l.len() <= 75 + 1), "{text}");
        assert_eq!(
            render(&record, "https://example.org")
                .matches("UID:")
                .count(),
            2
        );
    }
}
