//! Accounts as pages and server functions see them.

use serde::{Deserialize, Serialize};

use crate::domain::access::Role;

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
