//! The figures `/vergleich` compares, read for every plan (server only; the pure
//! computation is `domain::comparison`).

use crate::domain::comparison::PlanFigures;
use crate::error::AppError;
use crate::plan::model::PlanInfo;
use crate::plan::repo;
use crate::runtime::state::AppState;

/// Every plan with its figures for `/vergleich` and its chart.
pub async fn compared_plans(state: &AppState) -> Result<Vec<(PlanInfo, PlanFigures)>, AppError> {
    let today = state.clock.today();
    let mut plans = Vec::new();
    for (plan_id, info, _) in repo::all_plans(&state.pool).await? {
        let (milestones, rebaselinings) = tokio::try_join!(
            repo::milestones(&state.pool, plan_id, false),
            crate::history::repo::rebaselinings(&state.pool, &state.clock, plan_id, None)
        )?;
        let figures = crate::domain::comparison::plan_figures(
            milestones.iter().map(|m| &m.schedule),
            today,
            rebaselinings.len() as u32,
        );
        plans.push((info, figures));
    }
    Ok(plans)
}
