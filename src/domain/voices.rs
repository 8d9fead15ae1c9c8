//! Two voices per milestone. The administration's **statement** is what the record's
//! status, forecast, completion, note and evidence say; it counts as the administration's
//! own word only when an account of role `administration` saved it ("bestätigt am", with
//! its organisation). The working group's **assessment** answers it: agrees, doubts or
//! disagrees, with a reason and evidence ("geprüft am", with its organisation). Each
//! voice is set only by its role (`Permission::ConfirmStatement`,
//! `Permission::AssessMilestones`).
//!
//! Pure: who saved, what changed and the day are handed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::access::Role;

/// The working group's answer to the administration's statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Assessment {
    Agrees,
    Doubts,
    Disagrees,
}

impl Assessment {
    pub const ALL: [Assessment; 3] = [
        Assessment::Agrees,
        Assessment::Doubts,
        Assessment::Disagrees,
    ];

    /// The value stored, sent by forms and written in exports.
    pub fn code(self) -> &'static str {
        match self {
            Assessment::Agrees => "zustimmung",
            Assessment::Doubts => "zweifel",
            Assessment::Disagrees => "widerspruch",
        }
    }

    pub fn parse(input: &str) -> Option<Assessment> {
        let input = input.trim();
        Assessment::ALL.into_iter().find(|a| a.code() == input)
    }

    /// Whether the two voices differ: the public pages show both side by side.
    pub fn differs(self) -> bool {
        self != Assessment::Agrees
    }

    /// A marker that says it without colour (the words come with it).
    pub fn symbol(self) -> &'static str {
        match self {
            Assessment::Agrees => "✓",
            Assessment::Doubts => "?",
            Assessment::Disagrees => "≠",
        }
    }
}

/// Which voice an account speaks with in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Voice {
    /// Role `administration`: its saves confirm the statement.
    Administration,
    /// Roles `member` and `admin`: the working group; they may record what the
    /// administration said (unconfirmed) and give the assessment.
    WorkingGroup,
}

impl Voice {
    pub fn of(role: Role) -> Voice {
        match role {
            Role::Administration => Voice::Administration,
            Role::Member | Role::Admin => Voice::WorkingGroup,
        }
    }
}

/// Who confirmed the statement and when; `on == None`: recorded by the working group
/// and not (or no longer) confirmed by the administration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub on: Option<NaiveDate>,
    pub organisation: String,
}

/// The working group's assessment as stored; `assessment == None`: not assessed yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingGroupView {
    pub assessment: Option<Assessment>,
    pub reason: String,
    pub evidence: Vec<String>,
    pub checked_on: Option<NaiveDate>,
    pub organisation: String,
}

/// Both voices of one milestone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voices {
    pub statement: Confirmation,
    pub view: WorkingGroupView,
}

impl Voices {
    /// Doubts or disagreement: the public pages show both voices.
    pub fn difference(&self) -> Option<Assessment> {
        self.view.assessment.filter(|a| a.differs())
    }

    /// The assessment was checked before the statement was last confirmed: it may answer
    /// an older statement.
    pub fn assessment_older(&self) -> bool {
        matches!(
            (self.view.assessment, self.view.checked_on, self.statement.on),
            (Some(_), Some(checked), Some(confirmed)) if checked < confirmed
        )
    }
}

/// The statement's confirmation after a save by `voice` of `organisation` on `today`.
/// The administration's save confirms it (saving is confirming, also without changes);
/// the working group's change of what the statement says ends the confirmation – the
/// administration did not say the new values; a save that leaves the statement as it
/// was keeps it.
pub fn confirmation_after(
    voice: Voice,
    statement_changed: bool,
    before: &Confirmation,
    today: NaiveDate,
    organisation: &str,
) -> Confirmation {
    match voice {
        Voice::Administration => Confirmation {
            on: Some(today),
            organisation: organisation.to_owned(),
        },
        Voice::WorkingGroup if statement_changed => Confirmation::default(),
        Voice::WorkingGroup => before.clone(),
    }
}

/// The working group's checked assessment as a save stores it: checked today by
/// `organisation`; no assessment (withdrawn) keeps no reason and no date.
pub fn checked(
    assessment: Option<Assessment>,
    reason: &str,
    evidence: Vec<String>,
    today: NaiveDate,
    organisation: &str,
) -> WorkingGroupView {
    match assessment {
        Some(assessment) => WorkingGroupView {
            assessment: Some(assessment),
            reason: reason.trim().to_owned(),
            evidence,
            checked_on: Some(today),
            organisation: organisation.to_owned(),
        },
        None => WorkingGroupView::default(),
    }
}

/// Whether an assessment needs a reason: doubts and disagreement say why.
pub fn needs_reason(assessment: Option<Assessment>) -> bool {
    assessment.is_some_and(Assessment::differs)
}

/// How many milestones the voices differ on, for the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceCounts {
    pub disagreements: u32,
    pub doubts: u32,
    pub agreements: u32,
    /// Statements the administration has confirmed.
    pub confirmed: u32,
    pub milestones: u32,
}

impl VoiceCounts {
    pub fn count<'a>(voices: impl IntoIterator<Item = &'a Voices>) -> VoiceCounts {
        let mut counts = VoiceCounts::default();
        for v in voices {
            counts.milestones += 1;
            match v.view.assessment {
                Some(Assessment::Disagrees) => counts.disagreements += 1,
                Some(Assessment::Doubts) => counts.doubts += 1,
                Some(Assessment::Agrees) => counts.agreements += 1,
                None => {}
            }
            if v.statement.on.is_some() {
                counts.confirmed += 1;
            }
        }
        counts
    }

    pub fn differing(&self) -> u32 {
        self.disagreements + self.doubts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn codes_round_trip_and_only_agreement_is_no_difference() {
        for a in Assessment::ALL {
            assert_eq!(Assessment::parse(a.code()), Some(a));
        }
        assert_eq!(
            Assessment::parse(" widerspruch "),
            Some(Assessment::Disagrees)
        );
        assert_eq!(Assessment::parse("ja"), None);
        assert!(!Assessment::Agrees.differs());
        assert!(Assessment::Doubts.differs() && Assessment::Disagrees.differs());
        let symbols: std::collections::HashSet<_> =
            Assessment::ALL.iter().map(|a| a.symbol()).collect();
        assert_eq!(symbols.len(), 3, "each marker is told apart by its shape");
    }

    #[test]
    fn each_role_speaks_with_one_voice() {
        assert_eq!(Voice::of(Role::Administration), Voice::Administration);
        assert_eq!(Voice::of(Role::Member), Voice::WorkingGroup);
        assert_eq!(Voice::of(Role::Admin), Voice::WorkingGroup);
    }

    #[test]
    fn the_administration_confirms_by_saving_the_working_group_unconfirms_by_changing() {
        let confirmed = Confirmation {
            on: Some(day("2026-10-01")),
            organisation: "Stadt Potsdam".into(),
        };
        let today = day("2026-11-30");
        let by_administration = confirmation_after(
            Voice::Administration,
            false,
            &Confirmation::default(),
            today,
            "LHP",
        );
        assert_eq!(by_administration.on, Some(today));
        assert_eq!(by_administration.organisation, "LHP");
        assert_eq!(
            confirmation_after(Voice::WorkingGroup, false, &confirmed, today, "AG"),
            confirmed,
            "a save that leaves the statement alone keeps its confirmation"
        );
        assert_eq!(
            confirmation_after(Voice::WorkingGroup, true, &confirmed, today, "AG"),
            Confirmation::default(),
            "the administration did not say what the working group changed"
        );
    }

    #[test]
    fn an_assessment_is_dated_and_attributed_a_withdrawn_one_keeps_nothing() {
        let today = day("2026-11-30");
        let view = checked(
            Some(Assessment::Disagrees),
            "  Termin unrealistisch ",
            vec!["https://example.org/protokoll".into()],
            today,
            "AG Ausländerbehörde",
        );
        assert_eq!(view.checked_on, Some(today));
        assert_eq!(view.reason, "Termin unrealistisch");
        assert_eq!(view.organisation, "AG Ausländerbehörde");
        assert_eq!(
            checked(None, "x", vec!["https://a.example".into()], today, "AG"),
            WorkingGroupView::default()
        );
        assert!(needs_reason(Some(Assessment::Doubts)));
        assert!(!needs_reason(Some(Assessment::Agrees)));
        assert!(!needs_reason(None));
    }

    #[test]
    fn an_assessment_older_than_the_confirmed_statement_is_told() {
        let mut voices = Voices {
            statement: Confirmation {
                on: Some(day("2026-11-02")),
                organisation: "LHP".into(),
            },
            view: checked(
                Some(Assessment::Doubts),
                "r",
                vec![],
                day("2026-11-01"),
                "AG",
            ),
        };
        assert!(voices.assessment_older());
        assert_eq!(voices.difference(), Some(Assessment::Doubts));
        voices.view.checked_on = Some(day("2026-11-02"));
        assert!(!voices.assessment_older(), "the same day is not older");
        voices.statement.on = None;
        assert!(!voices.assessment_older());
        voices.view.assessment = Some(Assessment::Agrees);
        assert_eq!(voices.difference(), None);
    }

    #[test]
    fn the_dashboard_counts_each_milestone_once() {
        let with = |a: Option<Assessment>, confirmed: bool| Voices {
            statement: Confirmation {
                on: confirmed.then(|| day("2026-01-01")),
                organisation: String::new(),
            },
            view: WorkingGroupView {
                assessment: a,
                ..WorkingGroupView::default()
            },
        };
        let all = [
            with(Some(Assessment::Disagrees), true),
            with(Some(Assessment::Disagrees), false),
            with(Some(Assessment::Doubts), true),
            with(Some(Assessment::Agrees), false),
            with(None, false),
        ];
        let counts = VoiceCounts::count(&all);
        assert_eq!(
            counts,
            VoiceCounts {
                disagreements: 2,
                doubts: 1,
                agreements: 1,
                confirmed: 2,
                milestones: 5
            }
        );
        assert_eq!(counts.differing(), 3);
        assert_eq!(VoiceCounts::count(&[]), VoiceCounts::default());
    }
}
