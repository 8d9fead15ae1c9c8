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
    /// Every plan of the site with the account's role there (`None`: no role).
    #[serde(default)]
    pub plans: Vec<AccountPlanRole>,
}

/// A plan as the accounts pages offer it, with an account's role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPlanRole {
    pub slug: String,
    pub title: String,
    pub role: Option<Role>,
}
