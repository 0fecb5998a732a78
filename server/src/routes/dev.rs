//! Demo-mode helpers: the outbox and the clock control.

use axum::extract::State;
use roster_api::{AdvanceClock, ClockState, FieldError, OutboxMessage};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::NotFoundError;
use crate::extract::{Json, Query};
use crate::problem::{ApiError, ApiResult};
use crate::store::outbox;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_outbox))
        .routes(routes!(advance_clock))
}

/// Filter of `GET /dev/outbox`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only messages to this address.
    pub to: Option<String>,
}

/// Messages the server sent, newest first (at most 500; demo mode only).
#[utoipa::path(get, path = "/dev/outbox", tag = "dev",
    params(OutboxQuery),
    responses((status = 200, body = Vec<OutboxMessage>), NotFoundError))]
async fn list_outbox(
    State(state): State<AppState>,
    Query(q): Query<OutboxQuery>,
) -> ApiResult<Json<Vec<OutboxMessage>>> {
    if !state.demo {
        return Err(ApiError::demo_only());
    }
    let to =
        q.to.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
    let mut conn = state.store.read().await?;
    let rows = outbox::list(&mut conn, to.as_deref(), 500).await?;
    Ok(Json(rows.iter().map(outbox::OutboxRow::to_api).collect()))
}

/// Moves the server's clock forward (demo mode with test controls only), to
/// watch invitations expire.
#[utoipa::path(post, path = "/dev/clock", tag = "dev", request_body = AdvanceClock,
    responses((status = 200, body = ClockState), NotFoundError))]
async fn advance_clock(
    State(state): State<AppState>,
    Json(body): Json<AdvanceClock>,
) -> ApiResult<Json<ClockState>> {
    if !(state.demo && state.test_controls) {
        return Err(ApiError::demo_only());
    }
    if body.seconds < 0 || body.seconds > 10 * 365 * 24 * 3600 {
        return Err(ApiError::validation(vec![FieldError::new(
            "seconds",
            "out_of_range",
            "The clock moves forward only, by at most ten years at a time.",
        )]));
    }
    state.clock.advance(body.seconds);
    Ok(Json(ClockState {
        now: state.clock.now(),
    }))
}
