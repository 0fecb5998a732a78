//! Sign-in, sign-out and the signed-in account.

use roster_api::{DemoAccount, DemoSignInRequest, Me, SignInResponse};

use super::{ApiClient, ApiError, Query};

/// `GET /auth/demo-accounts`: the accounts offered on the demo sign-in screen.
pub async fn demo_accounts(api: &ApiClient) -> Result<Vec<DemoAccount>, ApiError> {
    api.get("/auth/demo-accounts", &Query::new()).await
}

/// `POST /auth/demo-sign-in`.
pub async fn demo_sign_in(api: &ApiClient, email: &str) -> Result<SignInResponse, ApiError> {
    let body = DemoSignInRequest {
        email: email.to_owned(),
        display_name: None,
    };
    api.send_json("POST", "/auth/demo-sign-in", Some(&body))
        .await
}

/// `POST /auth/sign-out`: ends the session on the server.
pub async fn sign_out(api: &ApiClient) -> Result<(), ApiError> {
    api.send_no_content("POST", "/auth/sign-out").await
}

/// `GET /me`.
pub async fn me(api: &ApiClient) -> Result<Me, ApiError> {
    api.get("/me", &Query::new()).await
}
