//! Uploaded spreadsheets waiting between their dry run and being applied
//! (`sheet_upload`, see its migration). A draft, not the record: no history.

use crate::runtime::db::Pool;

/// An upload as its account sees it again.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Upload {
    pub file_name: String,
    /// RFC 3339, UTC.
    pub uploaded_at: String,
    pub content: Vec<u8>,
}

/// A new random token: 128 bits as 32 hex digits.
pub fn new_token() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps `upload` for `account_id` in plan `plan_id` under a new token; the account's
/// earlier upload for the plan and every upload older than a day go.
pub async fn insert(
    pool: &Pool,
    plan_id: i64,
    account_id: i64,
    upload: &Upload,
    a_day_ago: &str,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let mut tx = pool.begin().await?;
    sqlx::query(
        "DELETE FROM sheet_upload WHERE (account_id = $1 AND plan_id = $2) OR uploaded_at < $3",
    )
    .bind(account_id)
    .bind(plan_id)
    .bind(a_day_ago)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO sheet_upload (token, plan_id, account_id, file_name, uploaded_at, content) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token)
    .bind(plan_id)
    .bind(account_id)
    .bind(&upload.file_name)
    .bind(&upload.uploaded_at)
    .bind(&upload.content)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The upload `token` of `account_id` in plan `plan_id`, if it is still there.
pub async fn load(
    conn: &mut crate::runtime::db::Conn,
    token: &str,
    plan_id: i64,
    account_id: i64,
) -> Result<Option<Upload>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, uploaded_at, content FROM sheet_upload \
         WHERE token = $1 AND plan_id = $2 AND account_id = $3",
    )
    .bind(token)
    .bind(plan_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

pub async fn delete(conn: &mut crate::runtime::db::Conn, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sheet_upload WHERE token = $1")
        .bind(token)
        .execute(conn)
        .await?;
    Ok(())
}
