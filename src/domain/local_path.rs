//! Redirect targets taken from a request (`?weiter=`, `?zurueck=`): only paths on this site.

/// `candidate` if a browser can only read it as a path on this site; else `None`.
///
/// Refused: anything not starting with one `/` (`//host`, a scheme, a relative path), a
/// backslash anywhere (browsers read `/\host` as `//host`), and control characters, which
/// browsers drop from URLs (`/\t/host` becomes `//host`) and which a `Location` header cannot
/// carry (a line break there would end the header).
pub fn local_path(candidate: &str) -> Option<&str> {
    let safe = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.contains('\\')
        && !candidate.chars().any(char::is_control);
    safe.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_pass_unchanged() {
        for path in [
            "/",
            "/bearbeiten",
            "/pakete/1?stand=2024-01-01&x=a%20b",
            "/zeitplan#paket-3",
            "/%2F%2Fevil.example", // stays a path: browsers do not decode %2F in Location
        ] {
            assert_eq!(local_path(path), Some(path));
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_is_refused() {
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/x\\..\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "pakete",
            "",
            "/\t/evil.example/login",
            "/\r\n/evil.example",
            "/\n/evil.example",
            "/a\u{0}b",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            " /pakete",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
    }
}
