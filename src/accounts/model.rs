//! Accounts as pages and server functions see them.

use serde::{Deserialize, Serialize};

use crate::domain::access::{Permission, Role};

/// Name of the session cookie (set only after signing in; the privacy notice names it).
pub const SESSION_COOKIE: &str = "sitzung";

/// The signed-in person, as every page may know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub organisation: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.role.allows(permission)
    }
}

/// An account in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub organisation: String,
    pub role: Role,
    pub disabled: bool,
    /// The profile's version, sent back with the profile form.
    pub version: i64,
}
