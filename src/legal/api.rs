//! The operator's details for the legal pages.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::Operator;
use crate::error::AppError;

#[server(input = GetUrl, prefix = "/api", endpoint = "betreiber")]
pub async fn get_operator() -> Result<Operator, AppError> {
    use crate::server::state::AppState;
    let state = AppState::from_context()?;
    Ok(Operator::clone(&state.operator))
}
