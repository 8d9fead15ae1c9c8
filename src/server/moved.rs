//! Addresses that moved when plans got their own prefix (`/pakete/3` → `/{plan}/pakete/3`,
//! see `domain::paths`): a permanent redirect to the default plan's address, so links,
//! bookmarks, embedded charts and subscribed feeds keep working. Also `/{plan}/` →
//! `/{plan}` (one address per page).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;

use crate::domain::access::Permission;
use crate::domain::paths::{moved_address, plan_path};
use crate::plan::repo;
use crate::runtime::state::AppState;
use crate::runtime::viewer::Viewer;

pub async fn moved_addresses(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    if path.len() > 1 && path.ends_with('/') && !path.starts_with("/pkg/") {
        let trimmed = path.trim_end_matches('/');
        return redirect(StatusCode::PERMANENT_REDIRECT, &format!("{trimmed}{query}"));
    }
    if moved_address(&path, "x").is_none() {
        return next.run(request).await;
    }
    let viewer = request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    match target(&state, &path, viewer).await {
        Ok(Some((status, to))) => redirect(status, &format!("{to}{query}")),
        Ok(None) => next.run(request).await,
        Err(error) => {
            tracing::error!(%error, "moved address: plan lookup failed");
            next.run(request).await
        }
    }
}

/// Where an old address goes now, and whether for good.
async fn target(
    state: &AppState,
    path: &str,
    Viewer(user): Viewer,
) -> Result<Option<(StatusCode, String)>, sqlx::Error> {
    // A milestone's edit page: the milestone's own plan.
    if let Some(id) = path
        .strip_prefix("/bearbeiten/meilensteine/")
        .and_then(|id| id.parse::<i64>().ok())
    {
        return Ok(repo::plan_of_milestone(&state.pool, id)
            .await?
            .map(|(_, slug)| {
                (
                    StatusCode::MOVED_PERMANENTLY,
                    plan_path(&slug, &format!("/bearbeiten/meilensteine/{id}")),
                )
            }));
    }
    // Where editing starts: the first plan the signed-in account works on.
    if path == "/bearbeiten" {
        if let Some(grant) = user.as_ref().and_then(|u| {
            u.plans
                .iter()
                .find(|g| g.role.allows(Permission::EditMilestones))
        }) {
            return Ok(Some((
                StatusCode::SEE_OTHER,
                plan_path(&grant.slug, "/bearbeiten"),
            )));
        }
    }
    let Some((_, plan)) = repo::find_plan(&state.pool, state.plan.as_deref()).await? else {
        return Ok(None);
    };
    let status = if path == "/bearbeiten" {
        StatusCode::SEE_OTHER
    } else {
        StatusCode::MOVED_PERMANENTLY
    };
    Ok(moved_address(path, &plan.slug).map(|to| (status, to)))
}

fn redirect(status: StatusCode, to: &str) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}
