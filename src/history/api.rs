//! Server functions that read the history. The public sees organisations and public
//! fields; the signed-in working group also sees names and internal notes.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{ChainStand, HistoryPage};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::domain::access::Permission;
    use crate::history::repo::Reader;
    use crate::runtime::viewer::CurrentUser;

    /// What `user` (the reader) may see of plan `plan_id`'s history: a site administrator
    /// everything, the plan's working group names and internal notes, anyone else the
    /// public fields.
    pub fn reader(user: Option<&CurrentUser>, plan_id: i64) -> Reader {
        match user {
            Some(user) if user.is_site_admin() => Reader::Admin,
            Some(user) if user.can_in(plan_id, Permission::SeeInternal) => Reader::Member,
            _ => Reader::Public,
        }
    }

    /// Whether `user` may remove text from plan `plan_id`'s record.
    pub fn can_redact(user: Option<&CurrentUser>, plan_id: i64) -> bool {
        user.is_some_and(|user| user.can_in(plan_id, Permission::Redact))
    }
}

/// `/{plan}/aenderungen`: all changes of plan `plan`, newest first, a page at a time.
#[server(input = GetUrl, prefix = "/api", endpoint = "aenderungen")]
pub async fn get_changes(plan: String, page: u32) -> Result<HistoryPage, AppError> {
    use crate::history::repo::{self, PAGE_SIZE};
    use crate::runtime::state::AppState;

    // Who asks, before the first await (see `runtime::viewer::allowed_in`).
    let user = crate::runtime::viewer::current_user().await?;
    let state = AppState::from_context()?;
    let (plan_id, info) = crate::plan::repo::find_plan(&state.pool, Some(&plan))
        .await?
        .ok_or_else(|| AppError::NotFound.set_response_status())?;
    let reader = ssr::reader(user.as_ref(), plan_id);
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
    history.can_redact = ssr::can_redact(user.as_ref(), plan_id);
    history.words = info.words;
    let locale = crate::language::request_locale();
    crate::history::model::localize_times(&state.clock, locale, &mut history.events, &mut []);
    Ok(history)
}

/// `/{plan}/pruefung`: where plan `plan`'s history chain stands (as stored; `verify` and
/// the independent verifier check it).
#[server(input = GetUrl, prefix = "/api", endpoint = "pruefung-stand")]
pub async fn get_chain_stand(plan: String) -> Result<Option<ChainStand>, AppError> {
    use crate::history::chain;
    use crate::runtime::state::AppState;

    let state = AppState::from_context()?;
    let (plan_id, info) = crate::plan::repo::find_plan(&state.pool, Some(&plan))
        .await?
        .ok_or_else(|| AppError::NotFound.set_response_status())?;
    let Some(head) = chain::head(&state.pool, plan_id, None).await? else {
        return Ok(None);
    };
    let site = leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|parts| state.site_address(&parts.headers))
        .unwrap_or_else(|| state.site_address(&Default::default()));
    Ok(Some(ChainStand {
        change_set: head.change_set,
        hash: head.hash,
        entries: chain::length(&state.pool, plan_id).await?,
        plan_address: format!("{site}/{}", info.slug),
    }))
}
