//! Sign-in, sign-out and the signed-in account.

use roster_api::{
    DemoAccount, DemoSignInRequest, EmailCodeSignIn, EmailLinkSignIn, EmailSignInStart,
    EmailSignInStarted, Language, Me, SignInMethods, SignInResponse, UpdateMe,
};

use super::{ApiClient, ApiError, Query};

/// `GET /auth/methods`: what the sign-in screen offers.
pub async fn methods(api: &ApiClient) -> Result<SignInMethods, ApiError> {
    api.get("/auth/methods", &Query::new()).await
}

/// `GET /auth/demo-accounts`: the accounts offered on the demo sign-in screen.
pub async fn demo_accounts(api: &ApiClient) -> Result<Vec<DemoAccount>, ApiError> {
    api.get("/auth/demo-accounts", &Query::new()).await
}

/// `POST /auth/demo-sign-in`.
pub async fn demo_sign_in(api: &ApiClient, email: &str) -> Result<SignInResponse, ApiError> {
    let body = DemoSignInRequest {
        email: email.to_owned(),
        display_name: None,
        session: api.session_kind(),
    };
    api.send_json("POST", "/auth/demo-sign-in", Some(&body))
        .await
}

/// `POST /auth/email/start`: emails a one-time code and link.
pub async fn email_start(
    api: &ApiClient,
    email: &str,
    language: Language,
) -> Result<EmailSignInStarted, ApiError> {
    let body = EmailSignInStart {
        email: email.to_owned(),
        language,
    };
    api.send_json("POST", "/auth/email/start", Some(&body))
        .await
}

/// `POST /auth/email/verify`: signs in with the emailed code.
pub async fn email_verify(
    api: &ApiClient,
    email: &str,
    code: &str,
) -> Result<SignInResponse, ApiError> {
    let body = EmailCodeSignIn {
        email: email.to_owned(),
        code: code.to_owned(),
        session: api.session_kind(),
    };
    api.send_json("POST", "/auth/email/verify", Some(&body))
        .await
}

/// `POST /auth/email/link`: signs in with the emailed link's token
/// (`confirm`: on another device than the one that asked).
pub async fn email_link(
    api: &ApiClient,
    token: &str,
    confirm: bool,
) -> Result<SignInResponse, ApiError> {
    let body = EmailLinkSignIn {
        token: token.to_owned(),
        confirm,
        session: api.session_kind(),
    };
    api.send_json("POST", "/auth/email/link", Some(&body)).await
}

/// `POST /auth/sign-out`: ends the session on the server.
pub async fn sign_out(api: &ApiClient) -> Result<(), ApiError> {
    api.send_no_content("POST", "/auth/sign-out").await
}

/// `POST /auth/sign-out-everywhere`: ends every session of the account.
pub async fn sign_out_everywhere(api: &ApiClient) -> Result<(), ApiError> {
    api.send_no_content("POST", "/auth/sign-out-everywhere")
        .await
}

/// `GET /me`.
pub async fn me(api: &ApiClient) -> Result<Me, ApiError> {
    api.get("/me", &Query::new()).await
}

/// `PATCH /me`: the person's name.
pub async fn update_me(api: &ApiClient, display_name: &str) -> Result<Me, ApiError> {
    let body = UpdateMe {
        display_name: display_name.to_owned(),
    };
    api.send_json("PATCH", "/me", Some(&body)).await
}

/// Where a browser starts signing in with the OpenID Connect provider,
/// coming back to `return_to` (a path of this app).
pub fn sso_start_url(api: &ApiClient, return_to: &str) -> String {
    format!(
        "{}/auth/oidc/start{}",
        api.base(),
        Query::new().with("return_to", return_to).to_query_string()
    )
}
