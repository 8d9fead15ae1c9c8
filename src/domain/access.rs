//! Who may do what. The server checks these on every request; the UI only uses them
//! to decide what to offer.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Accounts, packages, the demanded schedule; everything a member may do.
    Admin,
    /// The working group: milestones, status updates, notes.
    Member,
    /// Like a member, plus the internal exports.
    Administration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See internal notes and the names behind changes.
    SeeInternal,
    /// Create, edit and reorder milestones; set status, forecast, completion, notes, evidence.
    EditMilestones,
    PostStatusUpdates,
    EditPackages,
    /// Change demanded dates (re-baselining, with a reason).
    ChangeDemandedDates,
    ManageAccounts,
    ExportInternal,
    /// Remove text posted by mistake from the record and its history (with a public reason).
    Redact,
    /// Speak for the administration: a save confirms the milestone's statement.
    ConfirmStatement,
    /// Speak for the working group: agree, doubt or disagree with the statement.
    AssessMilestones,
    /// Enter an indicator's values (every role of the plan).
    RecordIndicatorValues,
    /// Define indicators and change their targets (with a public reason).
    DefineIndicators,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Administration, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Administration => "administration",
        }
    }

    pub fn parse(input: &str) -> Option<Role> {
        let normalised = input.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|role| role.code() == normalised)
    }

    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            SeeInternal | EditMilestones | PostStatusUpdates | RecordIndicatorValues => true,
            ExportInternal => matches!(self, Role::Administration | Role::Admin),
            EditPackages | ChangeDemandedDates | ManageAccounts | Redact | DefineIndicators => {
                self == Role::Admin
            }
            ConfirmStatement => self == Role::Administration,
            AssessMilestones => matches!(self, Role::Member | Role::Admin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn roles_grant_what_the_working_group_agreed() {
        let table = [
            (SeeInternal, [true, true, true]),
            (EditMilestones, [true, true, true]),
            (PostStatusUpdates, [true, true, true]),
            (ExportInternal, [false, true, true]),
            (EditPackages, [false, false, true]),
            (ChangeDemandedDates, [false, false, true]),
            (ManageAccounts, [false, false, true]),
            (Redact, [false, false, true]),
            (ConfirmStatement, [false, true, false]),
            (AssessMilestones, [true, false, true]),
            (RecordIndicatorValues, [true, true, true]),
            (DefineIndicators, [false, false, true]),
        ];
        for (permission, expected) in table {
            for (role, allowed) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(role.allows(permission), allowed, "{role:?} {permission:?}");
            }
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse(" ADMIN "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }
}
