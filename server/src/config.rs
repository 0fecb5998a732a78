//! Command line and environment configuration.

use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{Parser, Subcommand};

/// Roster's reference API server: serves /api/v1 and the built app.
#[derive(Clone, Debug, Parser)]
#[command(name = "roster-server", version)]
pub struct Config {
    /// Without a command the server starts.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Database: a SQLite file (created when missing) or a PostgreSQL URL
    /// (`postgres://user:password@host:5432/roster`, the database must exist);
    /// migrated on start. Without it, DATABASE_URL, then `roster.db`.
    #[arg(long, env = "ROSTER_DB", global = true)]
    pub db: Option<String>,
    /// Address to listen on; port 0 picks a free one (the start line tells which).
    #[arg(long, env = "ROSTER_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Directory of the built app (index.html is the fallback for app routes).
    #[arg(long, env = "ROSTER_STATIC_DIR", default_value = "dist")]
    pub static_dir: Option<PathBuf>,
    /// Seed demo data into an empty database and enable demo sign-in and the outbox endpoint.
    #[arg(long, env = "ROSTER_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// With --demo: enable POST /api/v1/dev/clock to move the server's clock forward.
    #[arg(long, env = "ROSTER_TEST_CONTROLS", value_parser = BoolishValueParser::new())]
    pub test_controls: bool,
    /// Origins allowed to call the API from another site (repeatable).
    #[arg(
        long = "cors-origin",
        env = "ROSTER_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// SMTP server for outgoing mail (smtp://host:port); without it mail only goes to the outbox.
    #[arg(long, env = "ROSTER_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Public base URL used in emailed links; defaults to the listening address.
    #[arg(long, env = "ROSTER_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Add N generated members to the named organization on start, e.g. `Acme Corp:100000` (repeatable).
    #[arg(
        long = "seed-members",
        env = "ROSTER_SEED_MEMBERS",
        value_delimiter = ';'
    )]
    pub seed_members: Vec<String>,
    /// Sign-in requests per minute from one client address, on every sign-in
    /// endpoint (demo, email code start/verify/link, OpenID Connect) (0: no limit).
    #[arg(long, env = "ROSTER_RATE_LIMIT_SIGN_IN", default_value_t = 120)]
    pub rate_limit_sign_in: u32,
    /// Sign-in codes emailed to one address per 15 minutes (0: no limit).
    #[arg(long, env = "ROSTER_RATE_LIMIT_SIGN_IN_EMAIL", default_value_t = 5)]
    pub rate_limit_sign_in_email: u32,
    /// Invitation sends and resends per minute by one account, whatever its sessions (0: no limit).
    #[arg(long, env = "ROSTER_RATE_LIMIT_INVITATIONS", default_value_t = 120)]
    pub rate_limit_invitations: u32,
    /// Invitation sends and resends per minute in one organization, all its admins together (0: no limit).
    #[arg(long, env = "ROSTER_RATE_LIMIT_INVITATIONS_ORG", default_value_t = 240)]
    pub rate_limit_invitations_org: u32,
    /// Invitation-token lookups, accepts and declines per minute from one client address (0: no limit).
    #[arg(long, env = "ROSTER_RATE_LIMIT_TOKEN", default_value_t = 120)]
    pub rate_limit_token: u32,
    /// A session unused for this many minutes ends (the next request answers 401).
    #[arg(long, env = "ROSTER_SESSION_IDLE_MINUTES", default_value_t = 7 * 24 * 60)]
    pub session_idle_minutes: u32,
    /// A session ends this many hours after sign-in, however used.
    #[arg(long, env = "ROSTER_SESSION_MAX_HOURS", default_value_t = 30 * 24)]
    pub session_max_hours: u32,

    // Transport limits and security headers (README "Security").
    /// An origin allowed to show the app in a frame, e.g. `https://console.example`
    /// (repeatable; the CSP's frame-ancestors). Without it, no site may frame the app.
    #[arg(
        long = "frame-ancestor",
        env = "ROSTER_FRAME_ANCESTORS",
        value_delimiter = ','
    )]
    pub frame_ancestors: Vec<String>,
    /// Largest request body accepted, in bytes; a larger one answers 413.
    #[arg(long, env = "ROSTER_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Seconds a client has to send a request's headers, from their first byte (0: no limit).
    #[arg(long, env = "ROSTER_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds to read a request and answer it: 408 when the body is late, else 503 (0: no limit).
    #[arg(long, env = "ROSTER_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Seconds a connection may wait for its next request, or move no byte during one (0: no limit).
    #[arg(long, env = "ROSTER_IDLE_TIMEOUT_SECS", default_value_t = 60)]
    pub idle_timeout_secs: u64,
    /// Connections open at once; at the cap the one idle the longest is closed
    /// to make room, and when none is idle new ones wait.
    #[arg(long, env = "ROSTER_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,

    // OpenID Connect sign-in
    /// OpenID Connect issuer URL, e.g. `https://login.company.example` (discovery
    /// at `/.well-known/openid-configuration`). Needs --oidc-client-id and
    /// --oidc-client-secret-file; the provider's redirect URI is
    /// `{public url}/api/v1/auth/oidc/callback`.
    #[arg(long, env = "ROSTER_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The client ID registered at the OpenID Connect provider.
    #[arg(long, env = "ROSTER_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// A file holding the client secret (read once at start, trimmed, never logged).
    #[arg(long, env = "ROSTER_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// How the sign-in screen names the provider: "Continue with NAME".
    #[arg(long, env = "ROSTER_OIDC_NAME", default_value = "SSO")]
    pub oidc_name: String,
}

/// `roster-server <command>`: operator tasks on the database (`--db`), then exit.
#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Partner accounts (they create and manage organizations).
    #[command(subcommand)]
    Partner(PartnerCommand),
}

#[derive(Clone, Debug, Subcommand)]
pub enum PartnerCommand {
    /// Makes EMAIL a partner (creating the account when new) and prints how
    /// to sign in, with a one-time link valid 10 minutes.
    Add {
        /// The partner's email address.
        email: String,
        /// The name shown for a new account (default: asked at first sign-in).
        #[arg(long)]
        name: Option<String>,
    },
    /// Lists the partner accounts.
    List,
}

impl Config {
    /// Rate limits and session lifetimes from the flags.
    pub fn policy(&self) -> crate::Policy {
        crate::Policy {
            limits: crate::limit::Limits {
                sign_in: self.rate_limit_sign_in,
                sign_in_email: self.rate_limit_sign_in_email,
                invitations: self.rate_limit_invitations,
                invitations_org: self.rate_limit_invitations_org,
                token: self.rate_limit_token,
            },
            session_idle_ms: i64::from(self.session_idle_minutes.max(1)) * 60_000,
            session_max_ms: i64::from(self.session_max_hours.max(1)) * 3_600_000,
        }
    }

    /// Connection limits from the flags (0 seconds: no limit).
    pub fn conn_limits(&self) -> crate::serve::ConnLimits {
        crate::serve::ConnLimits {
            header_timeout: seconds(self.header_timeout_secs),
            idle_timeout: seconds(self.idle_timeout_secs),
            max_connections: self.max_connections.max(1),
        }
    }

    /// Request limits and the security headers' settings from the flags.
    pub fn http(&self) -> crate::Http {
        crate::Http {
            frame_ancestors: self.frame_ancestors.clone(),
            requests: crate::transport::RequestLimits {
                timeout: seconds(self.request_timeout_secs),
                max_body_bytes: self.max_body_bytes,
            },
        }
    }

    /// The database to open: `--db`/`ROSTER_DB`, else `DATABASE_URL`, else `roster.db`.
    pub fn database(&self) -> String {
        self.db
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "roster.db".to_owned())
    }
}

fn seconds(n: u64) -> Option<std::time::Duration> {
    (n > 0).then(|| std::time::Duration::from_secs(n))
}
