//! OpenID Connect sign-in ("Continue with Company SSO"): configured with
//! `--oidc-issuer`, `--oidc-client-id`, `--oidc-client-secret-file` and
//! `--oidc-name`.
//!
//! The authorization code flow with PKCE (S256), a random state and nonce.
//! What the callback needs to check the answer (state, nonce, PKCE verifier,
//! where to go back to) travels in an HttpOnly cookie ([`Pending`]), which
//! binds the flow to the browser that started it; nothing of it is stored in
//! the database. The provider's metadata (endpoints, signing keys) is
//! discovered at the first sign-in and kept; a failed discovery is tried
//! again at the next one, so the server starts while the provider is down.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    reqwest, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// The path of the callback under the public URL: the redirect URI to
/// register at the provider is `{public_url}/api/v1/auth/oidc/callback`.
pub const CALLBACK_PATH: &str = "/api/v1/auth/oidc/callback";

/// The cookie that carries a started sign-in ([`Pending`]) to the callback.
pub const COOKIE_NAME: &str = "roster_oidc";

/// How long a started sign-in may take at the provider, in seconds.
pub const COOKIE_MAX_AGE: i64 = 600;

/// The client as built from discovered metadata.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The configured provider.
#[derive(Debug)]
pub struct Sso {
    /// How the sign-in screen names it, e.g. `Company SSO`.
    pub name: String,
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect: RedirectUrl,
    /// Never follows redirects (a redirect could point the server anywhere).
    http: reqwest::Client,
    /// Discovered at first use; `None` until a discovery succeeds.
    metadata: tokio::sync::Mutex<Option<CoreProviderMetadata>>,
}

/// A sign-in started in this browser, waiting for the provider's answer.
#[derive(Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// A local path of the app (see [`local_path`]).
    pub return_to: String,
}

impl Pending {
    /// The cookie value: base64url of its JSON.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    pub fn decode(value: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Who the provider says signed in.
#[derive(Debug)]
pub struct Identity {
    /// As the provider gave it (the caller normalizes it).
    pub email: String,
    /// The `name` claim, if any.
    pub name: Option<String>,
}

/// Why a callback did not sign anyone in (the message is for the log: it
/// never holds a code, a token or a secret).
#[derive(Debug)]
pub enum Failure {
    /// The exchange or the ID token's verification failed.
    Failed(String),
    /// No `email` claim, or `email_verified` not true.
    EmailUnverified,
}

impl Sso {
    /// The provider of the `--oidc-*` flags: all of issuer, client ID and
    /// secret file, or none (then `None`).
    pub fn from_config(config: &Config, public_url: &str) -> Result<Option<Self>, String> {
        let (issuer, client_id, secret_file) = match (
            config
                .oidc_issuer
                .as_deref()
                .filter(|s| !s.trim().is_empty()),
            config
                .oidc_client_id
                .as_deref()
                .filter(|s| !s.trim().is_empty()),
            config.oidc_client_secret_file.as_deref(),
        ) {
            (None, None, None) => return Ok(None),
            (Some(i), Some(c), Some(f)) => (i, c, f),
            _ => {
                return Err(
                    "OpenID Connect sign-in needs all of --oidc-issuer, --oidc-client-id \
                     and --oidc-client-secret-file (or none of them)"
                        .to_owned(),
                )
            }
        };
        let secret = std::fs::read_to_string(secret_file).map_err(|e| {
            format!(
                "cannot read --oidc-client-secret-file {}: {e}",
                secret_file.display()
            )
        })?;
        let secret = secret.trim();
        if secret.is_empty() {
            return Err(format!(
                "--oidc-client-secret-file {} is empty",
                secret_file.display()
            ));
        }
        Self::new(&config.oidc_name, issuer, client_id, secret, public_url).map(Some)
    }

    /// A provider by its settings; nothing is fetched yet.
    pub fn new(
        name: &str,
        issuer: &str,
        client_id: &str,
        client_secret: &str,
        public_url: &str,
    ) -> Result<Self, String> {
        let issuer = IssuerUrl::new(issuer.trim().to_owned())
            .map_err(|e| format!("--oidc-issuer {issuer:?}: {e}"))?;
        let redirect = RedirectUrl::new(format!(
            "{}{CALLBACK_PATH}",
            public_url.trim_end_matches('/')
        ))
        .map_err(|e| format!("the public URL {public_url:?} makes no redirect URI: {e}"))?;
        let http = reqwest::ClientBuilder::new()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| format!("cannot build the OpenID Connect HTTP client: {e}"))?;
        let name = name.trim();
        Ok(Self {
            name: if name.is_empty() { "SSO" } else { name }.to_owned(),
            issuer,
            client_id: ClientId::new(client_id.trim().to_owned()),
            client_secret: ClientSecret::new(client_secret.to_owned()),
            redirect,
            http,
            metadata: tokio::sync::Mutex::new(None),
        })
    }

    /// The redirect URI registered at the provider.
    pub fn redirect_uri(&self) -> &str {
        self.redirect.as_str()
    }

    /// The client, discovering the provider's metadata first when not yet known.
    async fn client(&self) -> Result<Client, String> {
        let mut metadata = self.metadata.lock().await;
        if metadata.is_none() {
            let found = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
                .await
                .map_err(|e| format!("discovery at {} failed: {e}", self.issuer.as_str()))?;
            *metadata = Some(found);
        }
        let found = metadata.clone().ok_or("no provider metadata")?;
        Ok(CoreClient::from_provider_metadata(
            found,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone()))
    }

    /// Forgets the discovered metadata (the next sign-in discovers it again:
    /// the provider may have rotated its keys).
    async fn forget_metadata(&self) {
        *self.metadata.lock().await = None;
    }

    /// Starts a sign-in: the provider's authorization URL to send the
    /// browser to, and what the callback will need.
    pub async fn start(&self, return_to: &str) -> Result<(String, Pending), String> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok((
            url.to_string(),
            Pending {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                verifier: verifier.secret().clone(),
                return_to: local_path(return_to).to_owned(),
            },
        ))
    }

    /// Exchanges the code (with the PKCE verifier) and verifies the ID token
    /// (signature, issuer, audience, expiry, nonce); answers its email, which
    /// the provider must have verified.
    pub async fn finish(&self, code: &str, pending: &Pending) -> Result<Identity, Failure> {
        let client = self.client().await.map_err(Failure::Failed)?;
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| Failure::Failed(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                Failure::Failed(match e {
                    // The provider's own refusal (`invalid_grant` for a code
                    // used twice or expired): its code and description.
                    RequestTokenError::ServerResponse(r) => {
                        format!("the token endpoint refused the code: {r}")
                    }
                    RequestTokenError::Request(e) => format!("token request failed: {e}"),
                    // Never the body: it may hold tokens.
                    RequestTokenError::Parse(_, _) => {
                        "the token endpoint's answer could not be read".to_owned()
                    }
                    RequestTokenError::Other(e) => format!("token request failed: {e}"),
                })
            })?;
        let id_token = answer
            .id_token()
            .ok_or_else(|| Failure::Failed("the provider sent no ID token".to_owned()))?;
        let verifier = client.id_token_verifier();
        let claims = match id_token.claims(&verifier, &Nonce::new(pending.nonce.clone())) {
            Ok(claims) => claims,
            Err(e) => {
                self.forget_metadata().await;
                return Err(Failure::Failed(format!("the ID token is not valid: {e}")));
            }
        };
        let email = match (claims.email(), claims.email_verified()) {
            (Some(email), Some(true)) => email.as_str().to_owned(),
            _ => return Err(Failure::EmailUnverified),
        };
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().trim().to_owned())
            .filter(|n| !n.is_empty());
        Ok(Identity { email, name })
    }
}

/// `path` when it is a local path of this site (one leading `/`, no `//`
/// nor `\` that a browser could read as another host), else `/`.
pub fn local_path(path: &str) -> &str {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    if local {
        path
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_is_a_local_path_or_root() {
        assert_eq!(local_path("/orgs/1?tab=users"), "/orgs/1?tab=users");
        assert_eq!(local_path("/"), "/");
        assert_eq!(local_path(""), "/");
        assert_eq!(local_path("orgs"), "/");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path("https://evil.example/"), "/");
        assert_eq!(local_path("/a\nb"), "/");
    }

    #[test]
    fn pending_round_trips_through_its_cookie_value() {
        let p = Pending {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "v".into(),
            return_to: "/orgs?x=1;y".into(),
        };
        let value = p.encode();
        assert!(!value.contains(';') && !value.contains('='));
        let back = Pending::decode(&value).expect("decodes");
        assert_eq!(back.return_to, "/orgs?x=1;y");
        assert!(Pending::decode("not base64!").is_none());
    }

    #[test]
    fn all_flags_or_none() {
        use clap::Parser;
        let none = Config::parse_from(["roster-server"]);
        assert!(Sso::from_config(&none, "http://x").unwrap().is_none());
        let some = Config::parse_from(["roster-server", "--oidc-issuer", "https://idp.example"]);
        assert!(Sso::from_config(&some, "http://x").is_err());
    }
}
