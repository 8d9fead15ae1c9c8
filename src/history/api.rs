//! Server functions that read the history. The public sees organisations and public
//! fields; the signed-in working group also sees names and internal notes.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::HistoryPage;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::domain::access::Permission;
    use crate::error::AppError;
    use crate::history::repo::Reader;
    use crate::runtime::viewer::current_user;

    /// What the current reader may see of the history.
    pub async fn reader() -> Result<Reader, AppError> {
        Ok(match current_user().await? {
            Some(user) if user.can(Permission::ManageAccounts) => Reader::Admin,
            Some(user) if user.can(Permission::SeeInternal) => Reader::Member,
            _ => Reader::Public,
        })
    }
}

/// `/aenderungen`: all changes, newest first, a page at a time.
#[server(input = GetUrl, prefix = "/api", endpoint = "aenderungen")]
pub async fn get_changes(page: u32) -> Result<HistoryPage, AppError> {
    use crate::history::repo::{self, PAGE_SIZE};
    use crate::runtime::state::AppState;

    let state = AppState::from_context()?;
    let reader = ssr::reader().await?;
    let Some((plan_id, _)) =
        crate::plan::repo::find_plan(&state.pool, state.plan.as_deref()).await?
    else {
        return Ok(HistoryPage {
            events: Vec::new(),
            page: 1,
            has_next: false,
            can_redact: false,
        });
    };
    let mut history = repo::page(
        &state.pool,
        &state.clock,
        plan_id,
        None,
        reader,
        page.max(1),
        PAGE_SIZE,
    )
    .await?;
    history.can_redact = reader == repo::Reader::Admin;
    let locale = crate::language::request_locale();
    crate::history::model::localize_times(&state.clock, locale, &mut history.events, &mut []);
    Ok(history)
}
