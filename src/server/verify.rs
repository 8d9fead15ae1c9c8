//! The history's hash chain at the wiring: sealing what predates it when a database is
//! opened, `umsetzungsmonitor verify`, and the check before the server starts (issue 21).

use crate::runtime::db::Pool;

use crate::domain::chain::{self, Against, Digest256};
use crate::history::chain::{self as stored, Findings};
use crate::runtime::db;

/// Opens and migrates the database and seals the entries written before the chain.
pub async fn open(database_url: &str) -> anyhow::Result<Pool> {
    let pool = db::connect(database_url).await?;
    let sealed = stored::seal_earlier_entries(&pool).await?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "Historie: Einträge von vor der Hash-Kette versiegelt (einmalig)"
        );
    }
    Ok(pool)
}

/// Before serving: a broken chain stops the start, unless `allow` (then it is logged).
/// A record changed past the app is logged either way (`verify` lists them).
pub async fn check_at_start(pool: &Pool, allow: bool) -> anyhow::Result<()> {
    let findings = stored::verify(pool).await?;
    for record in &findings.records {
        tracing::warn!("Historie: {record}");
    }
    if let Some(broken) = findings.breaks.first() {
        if allow {
            tracing::error!("Hash-Kette der Historie gebrochen: {broken} (Start erzwungen)");
        } else {
            anyhow::bail!(
                "Die Hash-Kette der Historie ist gebrochen: {broken}. `umsetzungsmonitor verify` nennt alle Befunde; \
                 --trotz-gebrochener-kette startet trotzdem (nur zur Untersuchung)."
            );
        }
    }
    Ok(())
}

/// Every `<change set>:<hash>` in `text` (as exports print the head; `sha256:` before the
/// hash and spaces around the colon are allowed).
pub fn digests_in(text: &str) -> Vec<Digest256> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 64 <= bytes.len() {
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .count();
        if run != 64 {
            i += run.max(1);
            continue;
        }
        // Back from the hash: an optional `sha256:`, spaces, the colon, spaces, digits.
        let mut start = i;
        let before = &text[..start];
        let before = before.strip_suffix("sha256:").unwrap_or(before);
        let trimmed = before.trim_end();
        if let Some(rest) = trimmed.strip_suffix(':') {
            let rest = rest.trim_end();
            let digits = rest.bytes().rev().take_while(u8::is_ascii_digit).count();
            start = rest.len() - digits;
            if digits > 0 {
                if let Some(digest) = Digest256::parse(&text[start..i + 64]) {
                    found.push(digest);
                }
            }
        }
        i += 64;
    }
    found
}

/// What a check against one published digest found, in words.
fn compare(findings: &Findings, digest: &Digest256) -> Result<String, String> {
    let mut passed = Vec::new();
    for verified in &findings.chains {
        match chain::against(&verified.ends, digest) {
            Against::Extends => {
                return Ok(format!(
                    "Stand {} ist enthalten: die heutige Historie (Kette {}, bis Änderung {}) setzt ihn unverändert fort.",
                    short(digest),
                    verified.head.chain,
                    verified.head.change_set
                ))
            }
            Against::Differs => passed.push(verified.head.chain),
            Against::Missing => {}
        }
    }
    if let Some(chain) = passed.first() {
        return Err(format!(
            "Stand {} weicht ab: Kette {chain} hat Änderung {} mit anderer Prüfsumme. Die Historie bis dahin wurde umgeschrieben (frühestens dort, wo ein älterer veröffentlichter Stand noch passt).",
            short(digest),
            digest.change_set
        ));
    }
    Err(format!(
        "Stand {} fehlt: keine Kette der Historie enthält Änderung {} – sie wurde entfernt oder die Historie endet davor.",
        short(digest),
        digest.change_set
    ))
}

fn short(digest: &Digest256) -> String {
    format!("{}:{}…", digest.change_set, &digest.hash[..12])
}

/// `umsetzungsmonitor verify [--gegen STAND-ODER-DATEI]`: prints what it found; fails on
/// any break, any record changed past the app, and any digest the history does not extend.
pub async fn run(database_url: &str, against: Option<&str>) -> anyhow::Result<()> {
    let pool = open(database_url).await?;
    let findings = stored::verify(&pool).await?;
    pool.close().await;
    let mut failed = false;
    for verified in &findings.chains {
        println!(
            "Kette {}: {} Einträge geprüft, Stand {}",
            verified.head.chain,
            verified.entries,
            verified.head.digest()
        );
    }
    for broken in &findings.breaks {
        failed = true;
        println!("GEBROCHEN: {broken}");
    }
    for record in &findings.records {
        failed = true;
        println!("ABWEICHUNG: {record}");
    }
    if let Some(against) = against {
        let digests = match Digest256::parse(against) {
            Some(digest) => vec![digest],
            None => {
                let text = std::fs::read_to_string(against).map_err(|err| {
                    anyhow::anyhow!("--gegen {against}: weder ein Stand (Änderung:Prüfsumme) noch eine lesbare Datei ({err})")
                })?;
                digests_in(&text)
            }
        };
        if digests.is_empty() {
            anyhow::bail!("--gegen {against}: kein Stand (Änderung:Prüfsumme) darin gefunden");
        }
        for digest in &digests {
            match compare(&findings, digest) {
                Ok(said) => println!("{said}"),
                Err(said) => {
                    failed = true;
                    println!("ABWEICHUNG: {said}");
                }
            }
        }
    }
    if failed {
        anyhow::bail!("Die Historie ist nicht unverändert (siehe oben)");
    }
    println!("Die Historie ist unverändert.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_found_in_any_text() {
        let hash = chain::commitment("s", "v");
        let other = chain::commitment("t", "w");
        let text = format!(
            "{{\"history_head\": \"812:{hash}\"}}\nStand der Historie: Änderung 9 : sha256:{other}\n{hash}"
        );
        let found = digests_in(&text);
        assert_eq!(
            found,
            vec![
                Digest256 {
                    change_set: 812,
                    hash: hash.clone()
                },
                Digest256 {
                    change_set: 9,
                    hash: other
                }
            ]
        );
        assert!(digests_in("12:abc").is_empty());
    }
}
