//! Web links given as evidence or with a status update: http and https only.
//!
//! Checked by hand rather than with a URL crate, so the check costs the browser bundle
//! nothing; it is strict about what matters (scheme, host, no spaces or control
//! characters) and leaves paths alone.

use thiserror::Error;

pub const MAX_LINK_CHARS: usize = 2000;
pub const MAX_LINKS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("„{0}“ ist keine Webadresse. Erlaubt sind Adressen, die mit http:// oder https:// beginnen.")]
    NotHttp(String),
    #[error("In „{0}“ fehlt der Servername (z. B. https://www.potsdam.de/…).")]
    NoHost(String),
    #[error("Die Adresse „{0}…“ ist zu lang (höchstens 2000 Zeichen).")]
    TooLong(String),
    #[error("Höchstens 20 Adressen, eine pro Zeile.")]
    TooMany,
}

/// One http(s) address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebLink(String);

impl WebLink {
    pub fn parse(input: &str) -> Result<WebLink, LinkError> {
        let text = input.trim();
        if text.chars().count() > MAX_LINK_CHARS {
            return Err(LinkError::TooLong(text.chars().take(40).collect()));
        }
        let lower = text.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &text[8..]
        } else if lower.starts_with("http://") {
            &text[7..]
        } else {
            return Err(LinkError::NotHttp(text.to_owned()));
        };
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(LinkError::NotHttp(text.to_owned()));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = if let Some(v6) = host_port.strip_prefix('[') {
            v6.split(']').next().unwrap_or("")
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
        if !host_ok {
            return Err(LinkError::NoHost(text.to_owned()));
        }
        Ok(WebLink(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional single link (empty input means none).
pub fn parse_optional_link(input: &str) -> Result<Option<WebLink>, LinkError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        WebLink::parse(input).map(Some)
    }
}

/// Evidence links: one address per line, blank lines ignored.
pub fn parse_link_list(input: &str) -> Result<Vec<WebLink>, LinkError> {
    let links = input
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(WebLink::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if links.len() > MAX_LINKS {
        return Err(LinkError::TooMany);
    }
    Ok(links)
}

/// The stored form of a link list: one per line.
pub fn join_links(links: &[WebLink]) -> String {
    links
        .iter()
        .map(WebLink::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_and_https_addresses() {
        for ok in [
            "https://www.potsdam.de/beschluss.pdf",
            "http://egov.potsdam.de/bi/vo020.asp?VOLFDNR=29055",
            "HTTPS://Example.org",
            "https://[2001:db8::1]:8443/x",
            "https://localhost:3000/pakete/1#m",
            "https://müllheim.de/",
        ] {
            assert!(WebLink::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_other_schemes_and_broken_addresses() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "ftp://example.org",
            "www.example.org",
            "https://",
            "https:///pfad",
            "https://exa mple.org",
            "https://example.org/\u{0}",
            "https://<script>/",
        ] {
            assert!(WebLink::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            WebLink::parse("ftp://x"),
            Err(LinkError::NotHttp(_))
        ));
        assert!(matches!(
            WebLink::parse("https://"),
            Err(LinkError::NoHost(_))
        ));
    }

    #[test]
    fn lists_take_one_address_per_line() {
        let links = parse_link_list("https://a.de\n\n  http://b.de/x  \n").unwrap();
        assert_eq!(join_links(&links), "https://a.de\nhttp://b.de/x");
        assert!(parse_link_list("https://a.de\njavascript:x").is_err());
        let many = "https://a.de\n".repeat(21);
        assert_eq!(parse_link_list(&many), Err(LinkError::TooMany));
        assert_eq!(parse_link_list("  \n "), Ok(vec![]));
    }

    #[test]
    fn very_long_addresses_are_refused() {
        let long = format!("https://a.de/{}", "x".repeat(2000));
        assert!(matches!(WebLink::parse(&long), Err(LinkError::TooLong(_))));
        assert_eq!(parse_optional_link("  "), Ok(None));
    }
}
