//! The operator's details for the legal pages.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::runtime::operator::Operator;

#[server(input = GetUrl, prefix = "/api", endpoint = "betreiber")]
pub async fn get_operator() -> Result<Operator, AppError> {
    use crate::runtime::state::AppState;
    let state = AppState::from_context()?;
    Ok(Operator::clone(&state.operator))
}
