//! The round trip's plain HTTP ends: the XLSX download of a plan's milestones for
//! editing, and the upload (a multipart form, with or without JavaScript) that keeps the
//! file for its dry run and sends the browser there – or back to the form, with what is
//! wrong with the file beside the file field.

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::sheet::{DownloadRow, FileProblem};
use super::sheet_api::ssr::{check_path, read_file, sheet_path};
use super::sheet_file::{self, Download, MAX_UPLOAD_BYTES};
use super::sheet_page::{DOWNLOAD, FILE_FIELD, UPLOAD};
use super::sheet_store::{self, Upload};
use super::upload::{file_field, Posted};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::plan::repo::edit;
use crate::runtime::state::AppState;
use crate::runtime::viewer::{allowed_in, CurrentUser, Viewer};

/// The upload's body: the file and room for the form's other parts. The site's own
/// limit for every other request is far lower (`server::security::MAX_BODY_BYTES`).
pub const MAX_UPLOAD_BODY_BYTES: usize = MAX_UPLOAD_BYTES + 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("/{{plan}}{DOWNLOAD}"), get(download))
        .route(
            &format!("/{{plan}}{UPLOAD}"),
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY_BYTES)),
        )
}

/// For the upload's address (`/{plan}/bearbeiten/tabelle/hochladen`): where a file too
/// large for it is refused – its form, with the message beside the file field; `None`
/// for every other path.
pub fn too_large_answer(path: &str) -> Option<String> {
    let slug = path.strip_prefix('/')?.strip_suffix(UPLOAD)?;
    (!slug.is_empty() && !slug.contains('/'))
        .then(|| format!("{}?fehler=zu-gross", sheet_path(slug)))
}

/// The signed-in account that may edit milestones in plan `slug`, with the plan's id and
/// title: 401, 404, 403 otherwise, and no changes to an archived plan.
async fn editor(
    state: &AppState,
    slug: &str,
    Viewer(user): Viewer,
) -> Result<(CurrentUser, i64, String), AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let (plan_id, info) = crate::plan::repo::find_plan(&state.pool, Some(slug))
        .await?
        .ok_or(AppError::NotFound)?;
    allowed_in(&user, plan_id, Permission::EditMilestones)?;
    if info.archived {
        return Err(AppError::Archived);
    }
    Ok((user, plan_id, info.title))
}

async fn download(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (_, plan_id, plan_title) = editor(&state, &plan, viewer).await?;
    let locale = crate::language::locale_from_headers(&headers).unwrap_or_default();
    let rows = edit::plan_milestones(&mut *state.pool.acquire().await?, plan_id)
        .await?
        .into_iter()
        .map(|record| DownloadRow {
            id: record.id,
            version: record.version,
            package_number: record.package_number as u32,
            title: record.title,
            demanded: record.demanded_on,
            status: record.status,
            forecast: record.forecast_on,
            completed: record.completed_on,
            note: record.public_note,
        })
        .collect();
    let file_name = format!(
        "bearbeitung-{plan}-{}.xlsx",
        state.clock.today().format("%Y-%m-%d")
    );
    let download = Download {
        plan_slug: plan,
        plan_title,
        downloaded_at: state
            .clock
            .local_time_in(locale, &state.clock.now_rfc3339()),
        locale,
        rows,
    };
    let body = tokio::task::spawn_blocking(move || sheet_file::write(&download))
        .await
        .map_err(|e| failed(&e))?
        .map_err(|e| failed(&e))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .map_err(|e| failed(&e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            // The editors' file: never kept by a proxy.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}

fn failed(error: &dyn std::fmt::Display) -> AppError {
    tracing::error!(%error, "spreadsheet download failed");
    AppError::Internal
}

async fn upload(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    Extension(viewer): Extension<Viewer>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let (user, plan_id, _) = editor(&state, &plan, viewer).await?;
    let back = |problem: FileProblem| {
        Redirect::to(&format!("{}?fehler={}", sheet_path(&plan), problem.code())).into_response()
    };
    let form =
        form.map_err(|_| AppError::BadRequest("Bitte das Formular der Seite verwenden.".into()))?;
    let (file_name, content) = match file_field(form, FILE_FIELD).await {
        Posted::File(name, bytes) => (name, bytes),
        Posted::Empty => return Ok(back(FileProblem::Empty)),
        Posted::TooLarge => return Ok(back(FileProblem::TooLarge)),
    };
    // What is wrong with the whole file goes back to the form at once; each row's
    // problems are the dry run's.
    if let Err(problem) = read_file(content.clone(), plan.clone()).await? {
        tracing::info!(
            account = user.id,
            plan = plan_id,
            ?problem,
            "spreadsheet refused"
        );
        return Ok(back(problem));
    }
    let now = state.clock.now_utc();
    let a_day_ago =
        (now - chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let token = sheet_store::insert(
        &state.pool,
        plan_id,
        user.id,
        &Upload {
            file_name,
            uploaded_at: state.clock.now_rfc3339(),
            content,
        },
        &a_day_ago,
    )
    .await?;
    Ok(Redirect::to(&check_path(&plan, &token)).into_response())
}
