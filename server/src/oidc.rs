//! OpenID Connect sign-in ("Continue with Company SSO"): configured with
//! `--oidc-issuer`, `--oidc-client-id`, `--oidc-client-secret-file` and
//! `--oidc-name`.

/// The configured provider.
#[derive(Debug)]
pub struct Sso {
    /// How the sign-in screen names it, e.g. `Company SSO`.
    pub name: String,
}
