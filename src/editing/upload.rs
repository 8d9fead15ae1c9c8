//! The file field of a multipart form (the spreadsheet and the indicator CSV uploads).

use axum::extract::Multipart;

/// What the named file field of a posted form held.
pub enum Posted {
    /// The file's name as the browser sent it (at most 200 characters) and its content.
    File(String, Vec<u8>),
    /// No such field, or an empty file.
    Empty,
    /// The body ended over its limit (see `DefaultBodyLimit` on the route).
    TooLarge,
}

/// Reads the form up to the field `name` and returns that field's file.
pub async fn file_field(mut form: Multipart, name: &str) -> Posted {
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Posted::Empty,
            // A body over the limit ends the stream here.
            Err(_) => return Posted::TooLarge,
        };
        if field.name() != Some(name) {
            continue;
        }
        let file_name = field
            .file_name()
            .map(|n| n.chars().take(200).collect::<String>())
            .unwrap_or_default();
        return match field.bytes().await {
            Ok(bytes) if bytes.is_empty() => Posted::Empty,
            Ok(bytes) => Posted::File(file_name, bytes.to_vec()),
            Err(_) => Posted::TooLarge,
        };
    }
}
