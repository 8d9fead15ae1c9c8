//! The hash chain over the history (issue 21): pure, so that the app, `verify` and the
//! tests compute it the same way, and documented in `docs/historie-pruefen.md` well enough
//! that `docs/historie_pruefen.py` computes it again without this code.
//!
//! - Every value of an entry (the actor's name, the organisation, the old and the new
//!   value, the comment) enters as a **commitment**: SHA-256 over `salt:value`, the salt
//!   32 random hex digits. Whoever has value and salt can recompute it; whoever has only
//!   the commitment learns nothing about the value. An absent value is written `-`.
//! - Each plan has one **chain** (entries of no plan, the accounts, chain 0). Its entries
//!   in order of change set and id each get a hash: the first entry of a change set starts
//!   from a header over the previous hash (the genesis value for the first), the plan, the
//!   change set and its time; every further entry of the change set from the hash of the
//!   one before it; each entry's line repeats chain, change set and time. The hash of a change set is that of its last entry; the **head** of a
//!   chain is its last change set and that hash, and is what exports publish.

use sha2::{Digest, Sha256};

/// What the chain's first change set starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Names the encoding; it opens every change set's header.
pub const FORMAT: &str = "umsetzungsmonitor-historie-v1";

/// SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    out
}

/// SHA-256 over `salt:value`, in lower-case hex.
pub fn commitment(salt: &str, value: &str) -> String {
    sha256_hex(format!("{salt}:{value}").as_bytes())
}

/// Whether `text` is a SHA-256 in lower-case hex.
pub fn is_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The committed form of an entry: everything the chain hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed<'a> {
    pub chain: i64,
    pub change_set: i64,
    pub recorded_at: &'a str,
    pub package_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: i64,
    pub field: &'a str,
    pub visibility: &'a str,
    pub reason_category: Option<&'a str>,
    pub actor: &'a str,
    pub organisation: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub comment: &'a str,
}

/// Where the chain stands before an entry: the hash of the entry before it in the same
/// chain and its change set (`None` before the first entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub hash: String,
    pub change_set: Option<i64>,
}

impl Before {
    pub fn genesis() -> Before {
        Before {
            hash: GENESIS.to_owned(),
            change_set: None,
        }
    }
}

/// One identifier of the encoding; the app's identifiers hold no tab or line break, and
/// one that does would make two encodings alike, so it is refused by `entry_hash`.
fn plain(text: &str) -> Option<&str> {
    (!text.contains(['\t', '\n', '\r'])).then_some(text)
}

fn opt_number(n: Option<i64>) -> String {
    n.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

/// The hash of `entry` after `before`; `None` when an identifier holds a tab or a line
/// break (the app never writes one).
pub fn entry_hash(before: &Before, entry: &Sealed<'_>) -> Option<String> {
    let start = if before.change_set == Some(entry.change_set) {
        before.hash.clone()
    } else {
        let header = format!(
            "{FORMAT}\nvorher\t{}\nkette\t{}\naenderung\t{}\nzeit\t{}\n",
            before.hash,
            entry.chain,
            entry.change_set,
            plain(entry.recorded_at)?
        );
        sha256_hex(header.as_bytes())
    };
    let line = [
        start.as_str(),
        &entry.chain.to_string(),
        &entry.change_set.to_string(),
        plain(entry.recorded_at)?,
        &opt_number(entry.package_id),
        plain(entry.entity)?,
        &entry.entity_id.to_string(),
        plain(entry.field)?,
        plain(entry.visibility)?,
        plain(entry.reason_category.unwrap_or("-"))?,
        plain(entry.actor)?,
        plain(entry.organisation)?,
        plain(entry.old.unwrap_or("-"))?,
        plain(entry.new.unwrap_or("-"))?,
        plain(entry.comment)?,
    ]
    .join("\t");
    Some(sha256_hex(format!("{line}\n").as_bytes()))
}

/// One value of an entry as stored or published: its commitment, and the text and salt
/// where they are known (a reader sees only the commitment of what is not public; a
/// redaction leaves the commitment and a notice in place of the text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Value {
    pub commitment: Option<String>,
    pub text: Option<String>,
    pub salt: Option<String>,
}

/// Which value of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Actor,
    Organisation,
    Old,
    New,
    Comment,
}

impl Side {
    pub const ALL: [Side; 5] = [
        Side::Actor,
        Side::Organisation,
        Side::Old,
        Side::New,
        Side::Comment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Side::Actor => "actor",
            Side::Organisation => "organisation",
            Side::Old => "old",
            Side::New => "new",
            Side::Comment => "comment",
        }
    }

    /// Whether the value may be absent (the others are always committed).
    fn optional(self) -> bool {
        matches!(self, Side::Old | Side::New)
    }
}

/// One history entry with everything a check of the chain reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: i64,
    pub chain: i64,
    pub change_set: i64,
    pub recorded_at: String,
    pub package_id: Option<i64>,
    pub entity: String,
    pub entity_id: i64,
    pub field: String,
    pub visibility: String,
    pub reason_category: Option<String>,
    /// In the order of [`Side::ALL`].
    pub values: [Value; 5],
    /// Whether a redaction replaced a text of this entry (its text is then a notice,
    /// without salt).
    pub redacted: bool,
    pub chain_hash: Option<String>,
}

impl Link {
    pub fn value(&self, side: Side) -> &Value {
        &self.values[Side::ALL.iter().position(|s| *s == side).unwrap_or(0)]
    }

    fn sealed(&self) -> Option<Sealed<'_>> {
        let commitment = |side: Side| self.value(side).commitment.as_deref();
        Some(Sealed {
            chain: self.chain,
            change_set: self.change_set,
            recorded_at: &self.recorded_at,
            package_id: self.package_id,
            entity: &self.entity,
            entity_id: self.entity_id,
            field: &self.field,
            visibility: &self.visibility,
            reason_category: self.reason_category.as_deref(),
            actor: commitment(Side::Actor)?,
            organisation: commitment(Side::Organisation)?,
            old: commitment(Side::Old),
            new: commitment(Side::New),
            comment: commitment(Side::Comment)?,
        })
    }
}

/// What is wrong where: the first finding of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub chain: i64,
    pub change_set: i64,
    pub entry_id: i64,
    pub kind: BreakKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakKind {
    /// The entry carries no chain hash although it was written after the chain began.
    Unsealed,
    /// A text no longer matches its commitment (changed after it was written).
    ValueChanged(Side),
    /// A value is missing a commitment, or has one though it is absent.
    CommitmentMissing(Side),
    /// The entry's hash is not what the chain gives: an entry before it was changed,
    /// removed or moved, or the entry itself.
    HashDiffers,
    /// Change sets are out of order.
    OutOfOrder,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.kind {
            BreakKind::Unsealed => "trägt keine Kettenprüfsumme".to_owned(),
            BreakKind::ValueChanged(side) => format!(
                "Wert „{}“ passt nicht mehr zu seiner Festlegung (nachträglich geändert)",
                side.code()
            ),
            BreakKind::CommitmentMissing(side) => {
                format!("Festlegung für „{}“ fehlt oder ist überzählig", side.code())
            }
            BreakKind::HashDiffers => "Prüfsumme stimmt nicht: dieser oder ein früherer Eintrag wurde geändert, entfernt oder verschoben".to_owned(),
            BreakKind::OutOfOrder => "Änderungen stehen nicht in ihrer Reihenfolge".to_owned(),
        };
        write!(
            f,
            "Kette {}, Änderung {} (Eintrag {}): {what}",
            self.chain, self.change_set, self.entry_id
        )
    }
}

/// The end of a chain: its last change set and that change set's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub chain: i64,
    pub change_set: i64,
    pub hash: String,
}

impl Head {
    /// `<change set>:<hash>`, the digest as exports print it.
    pub fn digest(&self) -> String {
        format!("{}:{}", self.change_set, self.hash)
    }
}

/// A published digest: `<change set>:<hash>` (spaces around the colon and a `sha256:`
/// before the hash are accepted, as people copy them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest256 {
    pub change_set: i64,
    pub hash: String,
}

impl Digest256 {
    pub fn parse(text: &str) -> Option<Digest256> {
        let (number, hash) = text.trim().split_once(':')?;
        let hash = hash.trim();
        let hash = hash.strip_prefix("sha256:").unwrap_or(hash).trim();
        let change_set = number.trim().parse().ok()?;
        is_hash(hash).then(|| Digest256 {
            change_set,
            hash: hash.to_owned(),
        })
    }
}

/// Checks one value against its commitment.
fn check_value(link: &Link, side: Side) -> Result<(), BreakKind> {
    let value = link.value(side);
    match (&value.commitment, &value.text, &value.salt) {
        (None, None, _) if side.optional() => Ok(()),
        (None, _, _) => Err(BreakKind::CommitmentMissing(side)),
        (Some(_), None, Some(_)) => Err(BreakKind::CommitmentMissing(side)),
        (Some(c), Some(text), Some(salt)) => {
            if commitment(salt, text) == *c {
                Ok(())
            } else {
                Err(BreakKind::ValueChanged(side))
            }
        }
        // Text without salt: only a redaction notice (the commitment is of the removed
        // text); otherwise the salt was taken to hide a change.
        (Some(_), Some(_), None) if link.redacted && side.optional() => Ok(()),
        (Some(_), Some(_), None) => Err(BreakKind::ValueChanged(side)),
        // Only the commitment: a value the reader may not see.
        (Some(_), None, None) => Ok(()),
    }
}

/// Walks one chain's links (in order of change set and id) and returns its head, or the
/// first break. `values` says whether texts are checked against their commitments (a
/// reader of public data has only some of them; what they have is checked).
pub fn walk<'a>(
    chain: i64,
    links: impl IntoIterator<Item = &'a Link>,
    mut visit: impl FnMut(&Link, &str),
) -> Result<Option<Head>, Break> {
    let mut before = Before::genesis();
    let mut head = None;
    for link in links {
        let broken = |kind| Break {
            chain,
            change_set: link.change_set,
            entry_id: link.id,
            kind,
        };
        if before.change_set.is_some_and(|last| last > link.change_set) {
            return Err(broken(BreakKind::OutOfOrder));
        }
        let Some(stored) = link.chain_hash.as_deref() else {
            return Err(broken(BreakKind::Unsealed));
        };
        for side in Side::ALL {
            check_value(link, side).map_err(broken)?;
        }
        let computed = link
            .sealed()
            .and_then(|sealed| entry_hash(&before, &sealed))
            .ok_or_else(|| broken(BreakKind::HashDiffers))?;
        if computed != stored {
            return Err(broken(BreakKind::HashDiffers));
        }
        visit(link, &computed);
        before = Before {
            hash: computed.clone(),
            change_set: Some(link.change_set),
        };
        head = Some(Head {
            chain,
            change_set: link.change_set,
            hash: computed,
        });
    }
    Ok(head)
}

/// What a published digest says about a chain that verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    /// The chain contains the digest's change set with the digest's hash: the present
    /// history extends the published one.
    Extends,
    /// The chain passes the digest's change set with another hash.
    Differs,
    /// The chain has no such change set (it ends before, or skips it).
    Missing,
}

/// Compares `digest` with the hashes a verified walk gave at the end of each change set
/// (`ends`: change set → hash of its last entry).
pub fn against(ends: &std::collections::BTreeMap<i64, String>, digest: &Digest256) -> Against {
    match ends.get(&digest.change_set) {
        Some(hash) if *hash == digest.hash => Against::Extends,
        Some(_) => Against::Differs,
        None => Against::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, salt: &str) -> Value {
        Value {
            commitment: Some(commitment(salt, text)),
            text: Some(text.to_owned()),
            salt: Some(salt.to_owned()),
        }
    }

    fn link(id: i64, change_set: i64, new: &str) -> Link {
        Link {
            id,
            chain: 1,
            change_set,
            recorded_at: format!("2026-11-{:02}T10:00:00Z", change_set),
            package_id: Some(3),
            entity: "milestone".into(),
            entity_id: 7,
            field: "status".into(),
            visibility: "public".into(),
            reason_category: None,
            values: [
                value("Ada", "a1"),
                value("AG", "o1"),
                Value::default(),
                value(new, &format!("n{id}")),
                value("", "c1"),
            ],
            redacted: false,
            chain_hash: None,
        }
    }

    /// Seals `links` the way the app does when it writes them.
    fn seal(links: &mut [Link]) {
        let mut before = Before::genesis();
        for link in links.iter_mut() {
            let hash = entry_hash(&before, &link.sealed().unwrap()).unwrap();
            link.chain_hash = Some(hash.clone());
            before = Before {
                hash,
                change_set: Some(link.change_set),
            };
        }
    }

    fn chain() -> Vec<Link> {
        let mut links = vec![
            link(1, 1, "offen"),
            link(2, 1, "in Arbeit"),
            link(3, 2, "erledigt"),
            link(4, 4, "offen"),
        ];
        seal(&mut links);
        links
    }

    fn first_break(links: &[Link]) -> Option<(i64, BreakKind)> {
        walk(1, links, |_, _| {})
            .err()
            .map(|b| (b.change_set, b.kind))
    }

    #[test]
    fn commitment_is_sha256_of_salt_colon_value() {
        // printf 'ab:Hallo' | sha256sum
        assert_eq!(
            commitment("ab", "Hallo"),
            "be04b3f6c0a879e7742b57c713d85075450318452a06670bfd48c6cb40176c47"
        );
        assert!(is_hash(&commitment("ab", "Hallo")));
        assert_ne!(commitment("ab", "Hallo"), commitment("ac", "Hallo"));
        assert_ne!(commitment("ab", "Hallo"), commitment("ab", "hallo"));
    }

    #[test]
    fn an_untouched_chain_verifies_and_names_its_head() {
        let links = chain();
        let head = walk(1, &links, |_, _| {}).unwrap().unwrap();
        assert_eq!(head.change_set, 4);
        assert_eq!(Some(head.hash.clone()), links[3].chain_hash);
        assert_eq!(head.digest(), format!("4:{}", head.hash));
        assert_eq!(walk(1, &[], |_, _| {}).unwrap(), None);
    }

    #[test]
    fn a_changed_text_is_found_at_its_change_set() {
        let mut links = chain();
        links[2].values[3].text = Some("offen".into());
        assert_eq!(
            first_break(&links),
            Some((2, BreakKind::ValueChanged(Side::New)))
        );
    }

    #[test]
    fn a_changed_text_with_a_new_commitment_breaks_the_hash() {
        let mut links = chain();
        links[2].values[3] = value("offen", "x");
        assert_eq!(first_break(&links), Some((2, BreakKind::HashDiffers)));
    }

    #[test]
    fn removing_or_reordering_change_sets_breaks_the_chain() {
        let mut removed = chain();
        removed.remove(2);
        assert_eq!(first_break(&removed), Some((4, BreakKind::HashDiffers)));

        let mut removed_entry = chain();
        removed_entry.remove(0);
        assert_eq!(
            first_break(&removed_entry),
            Some((1, BreakKind::HashDiffers))
        );

        let mut swapped = chain();
        swapped.swap(2, 3);
        assert_eq!(first_break(&swapped), Some((4, BreakKind::HashDiffers)));

        // Renumbered so that the order holds: the header hashes the change set.
        let mut renumbered = chain();
        renumbered[2].change_set = 3;
        assert_eq!(first_break(&renumbered), Some((3, BreakKind::HashDiffers)));
    }

    #[test]
    fn every_hashed_field_counts() {
        let edits: [fn(&mut Link); 8] = [
            |l| l.recorded_at.push('x'),
            |l| l.package_id = None,
            |l| l.entity = "package".into(),
            |l| l.entity_id += 1,
            |l| l.field = "title".into(),
            |l| l.visibility = "internal".into(),
            |l| l.reason_category = Some("haushalt".into()),
            |l| l.chain = 2,
        ];
        for edit in edits {
            let mut links = chain();
            edit(&mut links[1]);
            assert_eq!(first_break(&links), Some((1, BreakKind::HashDiffers)));
        }
    }

    #[test]
    fn a_removed_salt_is_a_change_unless_a_redaction_replaced_the_text() {
        let mut links = chain();
        links[1].values[3].salt = None;
        links[1].values[3].text = Some("entfernt am 30.11.2026 (Personenbezug)".into());
        assert_eq!(
            first_break(&links),
            Some((1, BreakKind::ValueChanged(Side::New)))
        );
        links[1].redacted = true;
        assert_eq!(first_break(&links), None);
        // The name's salt is never dropped by a redaction.
        links[1].values[0].salt = None;
        assert_eq!(
            first_break(&links),
            Some((1, BreakKind::ValueChanged(Side::Actor)))
        );
    }

    #[test]
    fn commitments_alone_verify_the_chain_for_a_reader_without_the_texts() {
        let mut links = chain();
        for link in &mut links {
            link.values[0].text = None;
            link.values[0].salt = None;
        }
        assert_eq!(first_break(&links), None);
        links[0].values[0].commitment = None;
        assert_eq!(
            first_break(&links),
            Some((1, BreakKind::CommitmentMissing(Side::Actor)))
        );
    }

    #[test]
    fn an_unsealed_entry_is_a_break() {
        let mut links = chain();
        links[3].chain_hash = None;
        assert_eq!(first_break(&links), Some((4, BreakKind::Unsealed)));
    }

    #[test]
    fn a_digest_is_found_extended_changed_or_missing() {
        let links = chain();
        let mut ends = std::collections::BTreeMap::new();
        walk(1, &links, |link, hash| {
            ends.insert(link.change_set, hash.to_owned());
        })
        .unwrap();
        let at_2 =
            Digest256::parse(&format!("2:{}", links[2].chain_hash.clone().unwrap())).unwrap();
        assert_eq!(against(&ends, &at_2), Against::Extends);
        // The hash of change set 1 is that of its last entry.
        let first_entry =
            Digest256::parse(&format!("1:{}", links[0].chain_hash.clone().unwrap())).unwrap();
        assert_eq!(against(&ends, &first_entry), Against::Differs);
        let missing = Digest256 {
            change_set: 3,
            hash: GENESIS.into(),
        };
        assert_eq!(against(&ends, &missing), Against::Missing);
    }

    #[test]
    fn digests_are_read_as_people_copy_them() {
        let hash = commitment("s", "v");
        assert_eq!(
            Digest256::parse(&format!(" 12 : sha256:{hash} ")),
            Some(Digest256 {
                change_set: 12,
                hash: hash.clone()
            })
        );
        assert_eq!(Digest256::parse(&format!("x:{hash}")), None);
        assert_eq!(Digest256::parse("12:abc"), None);
        assert_eq!(
            Digest256::parse(&format!("12:{}", hash.to_uppercase())),
            None
        );
    }

    #[test]
    fn identifiers_with_tabs_are_refused() {
        let mut links = chain();
        links[0].field = "a\tb".into();
        assert!(links[0]
            .sealed()
            .and_then(|s| entry_hash(&Before::genesis(), &s))
            .is_none());
    }
}
