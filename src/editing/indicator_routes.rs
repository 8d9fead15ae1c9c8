//! The upload of a CSV file of indicator values (a multipart form, with or without
//! JavaScript): the file is read as text and the browser goes on to the dry run of that
//! text, which writes nothing – or back to the form, with what is wrong with the file
//! beside the file field.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};

use super::indicator_api::{ssr, EnteredValues};
use super::indicator_values::{FileProblem, FILE_FIELD, MAX_FILE_BYTES, MAX_TEXT};
use super::upload::{file_field, Posted};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::runtime::state::AppState;
use crate::runtime::viewer::{allowed_in, Viewer};

pub fn routes() -> Router<AppState> {
    Router::new().route("/{plan}/bearbeiten/kennzahlen/{id}/datei", post(upload))
}

/// The form a problem with the file goes back to, with the message beside the file field.
fn back_address(slug: &str, id: i64, problem: FileProblem) -> String {
    format!(
        "{}?datei={}#werte-einfuegen",
        ssr::edit_path(slug, id),
        problem.code()
    )
}

/// For the upload's address (`/{plan}/bearbeiten/kennzahlen/{id}/datei`): where a body
/// too large for any form is refused; `None` for every other path.
pub fn too_large_answer(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?.strip_suffix("/datei")?;
    let (slug, id) = rest.split_once("/bearbeiten/kennzahlen/")?;
    let id: i64 = id.parse().ok()?;
    (!slug.is_empty() && !slug.contains('/')).then(|| back_address(slug, id, FileProblem::TooLarge))
}

/// The file as text: UTF-8 (with or without a byte order mark), else Windows-1252, as
/// German Excel saves "CSV (Trennzeichen-getrennt)".
pub fn text_of(bytes: &[u8]) -> Result<String, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (text, _, malformed) = encoding_rs::WINDOWS_1252.decode(bytes);
            if malformed {
                return Err(FileProblem::Unreadable);
            }
            text.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(FileProblem::Unreadable);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(FileProblem::TooLarge);
    }
    Ok(text)
}

async fn upload(
    State(state): State<AppState>,
    Path((plan, id)): Path<(String, String)>,
    Extension(Viewer(user)): Extension<Viewer>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (plan_id, info) = crate::plan::repo::find_plan(&state.pool, Some(&plan))
        .await?
        .ok_or(AppError::NotFound)?;
    allowed_in(&user, plan_id, Permission::RecordIndicatorValues)?;
    if info.archived {
        return Err(AppError::Archived);
    }
    let indicator = ssr::indicator(&state, plan_id, id).await?;
    let back = |problem| Redirect::to(&back_address(&plan, indicator.id, problem)).into_response();
    let form =
        form.map_err(|_| AppError::BadRequest("Bitte das Formular der Seite verwenden.".into()))?;
    let bytes = match file_field(form, FILE_FIELD).await {
        Posted::File(_, bytes) if bytes.len() <= MAX_FILE_BYTES => bytes,
        Posted::Empty => return Ok(back(FileProblem::Empty)),
        Posted::File(..) | Posted::TooLarge => return Ok(back(FileProblem::TooLarge)),
    };
    let text = match text_of(&bytes) {
        Ok(text) => text,
        Err(problem) => return Ok(back(problem)),
    };
    let entered = EnteredValues {
        csv: Some(text),
        ..EnteredValues::default()
    };
    Ok(Redirect::to(&ssr::check_path(&plan, id, &entered)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_as_utf8_or_as_windows_1252() {
        assert_eq!(
            text_of(b"\xEF\xBB\xBF2026-Q1;23\r\n").unwrap(),
            "2026-Q1;23\r\n"
        );
        assert_eq!(
            text_of(b"2026-Q1;23;Bericht f\xFCr M\xE4rz").unwrap(),
            "2026-Q1;23;Bericht für März"
        );
        assert_eq!(text_of(b"PK\x03\x04\0\0"), Err(FileProblem::Unreadable));
        assert_eq!(
            text_of("1;2\n".repeat(MAX_TEXT).as_bytes()),
            Err(FileProblem::TooLarge)
        );
    }

    #[test]
    fn only_the_upload_address_has_a_form_to_refuse_a_large_body_at() {
        assert_eq!(
            too_large_answer("/potsdam/bearbeiten/kennzahlen/3/datei").as_deref(),
            Some("/potsdam/bearbeiten/kennzahlen/3?datei=zu-gross#werte-einfuegen")
        );
        for other in [
            "/potsdam/bearbeiten/kennzahlen/3",
            "/potsdam/bearbeiten/kennzahlen/x/datei",
            "/a/b/bearbeiten/kennzahlen/3/datei",
            "/bearbeiten/kennzahlen/3/datei",
        ] {
            assert_eq!(too_large_answer(other), None, "{other}");
        }
    }
}
