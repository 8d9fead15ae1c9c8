//! The site's addresses. Each plan lives under its slug (`/{plan}/pakete/3`); the site's
//! own pages (`/impressum`, `/verwaltung`, `/vergleich`, …) use words no plan may take.
//! Pages, exports and the server's redirects build addresses here, so a plan's address
//! is spelled in one place.

/// First path segments that belong to the site, not to a plan: a catalogue may not use
/// them as its slug. Besides today's site pages it holds the addresses before plans had
/// their own prefix (`/pakete/3`, `/zeitplan`, …), which redirect to the plan's address.
pub const RESERVED: [&str; 24] = [
    "aenderungen",
    "anmelden",
    "api",
    "barrierefreiheit",
    "bearbeiten",
    "berichte",
    "datenschutz",
    "export",
    "favicon.svg",
    "feeds",
    "grafik",
    "impressum",
    "konto",
    "leichte-sprache",
    "pakete",
    "pkg",
    "plaene",
    "pruefung",
    "robots.txt",
    "sitemap.xml",
    "sprache",
    "vergleich",
    "verwaltung",
    "zeitplan",
];

/// A plan's slug: 1–64 characters of `a-z`, `0-9` and `-`, not a reserved word.
pub fn is_plan_slug(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !RESERVED.contains(&text)
}

/// The plan a path belongs to (its first segment), if the path is under a plan.
pub fn plan_of_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix('/')?;
    let first = rest.split(['/', '?', '#']).next().unwrap_or_default();
    is_plan_slug(first).then_some(first)
}

/// The address `rest` (starting with `/`, or empty for the dashboard) of plan `slug`.
pub fn plan_path(slug: &str, rest: &str) -> String {
    format!("/{slug}{rest}")
}

/// Where an address from before plans had a prefix now lives, for plan `slug`: `None`
/// when `path` is not one of them. The query stays as it was.
pub fn moved_address(path: &str, slug: &str) -> Option<String> {
    const PAGES: [&str; 5] = [
        "/zeitplan",
        "/aenderungen",
        "/berichte",
        "/bearbeiten",
        "/pruefung",
    ];
    const PREFIXES: [&str; 4] = ["/pakete/", "/grafik/pakete/", "/export/", "/bearbeiten/"];
    const FILES: [&str; 6] = [
        "/grafik/zeitplan.svg",
        "/grafik/fortschritt.svg",
        "/api/v1/plan.json",
        "/api/v1/historie.json",
        "/feeds/termine.ics",
        "/feeds/aenderungen.atom",
    ];
    let moved = PAGES.contains(&path)
        || FILES.contains(&path)
        || PREFIXES.iter().any(|prefix| path.starts_with(prefix));
    moved.then(|| plan_path(slug, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_and_never_a_site_address() {
        assert!(is_plan_slug("potsdam-ag-auslaenderbehoerde"));
        assert!(is_plan_slug("a"));
        assert!(!is_plan_slug(""));
        assert!(!is_plan_slug("Potsdam"));
        assert!(!is_plan_slug("a/b"));
        assert!(!is_plan_slug(&"x".repeat(65)));
        for word in RESERVED {
            assert!(!is_plan_slug(word), "{word}");
        }
    }

    #[test]
    fn the_first_segment_names_the_plan() {
        assert_eq!(plan_of_path("/dresden/pakete/3"), Some("dresden"));
        assert_eq!(plan_of_path("/dresden"), Some("dresden"));
        assert_eq!(plan_of_path("/dresden/"), Some("dresden"));
        assert_eq!(plan_of_path("/dresden?stand=2025-01-01"), Some("dresden"));
        assert_eq!(plan_of_path("/"), None);
        assert_eq!(plan_of_path("/impressum"), None);
        assert_eq!(plan_of_path("/pakete/3"), None);
        assert_eq!(plan_of_path("/api/v1/plaene.json"), None);
        assert_eq!(plan_of_path(""), None);
    }

    #[test]
    fn old_addresses_move_under_the_plan() {
        let moved = |p| moved_address(p, "potsdam");
        assert_eq!(moved("/pakete/3").as_deref(), Some("/potsdam/pakete/3"));
        assert_eq!(moved("/zeitplan").as_deref(), Some("/potsdam/zeitplan"));
        assert_eq!(
            moved("/feeds/termine.ics").as_deref(),
            Some("/potsdam/feeds/termine.ics")
        );
        assert_eq!(
            moved("/grafik/pakete/3.svg").as_deref(),
            Some("/potsdam/grafik/pakete/3.svg")
        );
        assert_eq!(
            moved("/api/v1/plan.json").as_deref(),
            Some("/potsdam/api/v1/plan.json")
        );
        assert_eq!(
            moved("/bearbeiten/pakete/2").as_deref(),
            Some("/potsdam/bearbeiten/pakete/2")
        );
        assert_eq!(moved("/pruefung").as_deref(), Some("/potsdam/pruefung"));
        assert_eq!(
            moved("/api/v1/historie.json").as_deref(),
            Some("/potsdam/api/v1/historie.json")
        );
        assert_eq!(moved("/feeds/alle-plaene.atom"), None);
        assert_eq!(moved("/grafik/vergleich.svg"), None);
        assert_eq!(moved("/"), None);
        assert_eq!(moved("/impressum"), None);
        assert_eq!(moved("/api/v1/schema.json"), None);
        assert_eq!(moved("/zeitplanung"), None);
        assert_eq!(moved("/potsdam/zeitplan"), None);
    }
}
