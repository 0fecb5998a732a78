//! Roster's reference API server.
//!
//! [`app`] builds the whole HTTP service (API under `/api/v1`, the built app
//! with SPA fallback for every other path) so that tests drive it in-process;
//! `main.rs` only reads the configuration and calls [`run`].

pub mod api_doc;
pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod extract;
pub mod limit;
pub mod mail;
pub mod oidc;
pub mod paging;
pub mod problem;
pub mod routes;
pub mod security;
pub mod serve;
pub mod session;
pub mod store;
pub mod transport;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use clock::Clock;
pub use config::Config;
pub use mail::Mailer;
pub use store::Store;

use problem::ApiError;

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub mailer: Mailer,
    /// Demo mode: demo sign-in, the outbox endpoint, invitation links in answers.
    pub demo: bool,
    /// `POST /dev/clock` (only together with demo mode).
    pub test_controls: bool,
    /// Base of links in emails, e.g. `http://127.0.0.1:8080`.
    pub public_url: Arc<str>,
    /// Rate limits and session lifetimes.
    pub policy: Policy,
    /// The rate limits' counters (built from `policy.limits`; per process).
    pub limiter: limit::Limiter,
    /// OpenID Connect sign-in, when configured (`--oidc-*`).
    pub sso: Option<Arc<oidc::Sso>>,
}

/// Rate limits and session lifetimes (flags `--rate-limit-*`, `--session-*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub limits: limit::Limits,
    /// A session unused this long (ms) is over: 401.
    pub session_idle_ms: i64,
    /// A session this old (ms since sign-in) is over, however used: 401.
    pub session_max_ms: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            limits: limit::Limits::default(),
            session_idle_ms: 7 * 24 * 60 * 60 * 1000,
            session_max_ms: 30 * 24 * 60 * 60 * 1000,
        }
    }
}

impl AppState {
    /// The accept link of an invitation token.
    pub fn invitation_link(&self, token: &str) -> String {
        format!(
            "{}/invitations/accept?token={token}",
            self.public_url.trim_end_matches('/')
        )
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Roster API",
        version = "1.0.0",
        description = "Organizations, their members, groups and invitations. Errors are RFC 9457 \
            problem+json (`Problem`) with a field-level `errors` list. List endpoints take `page` (from 1), \
            `page_size` (1-100, default 25) and `order_by` (a field, `-` prefix for descending)."
    ),
    modifiers(&SecurityAddon),
    tags(
        (name = "auth", description = "Sign-in (email code or link, OpenID Connect, demo accounts) and sign-out"),
        (name = "me", description = "The signed-in account and its invitations"),
        (name = "organizations", description = "Customer organizations"),
        (name = "users", description = "Members of an organization"),
        (name = "groups", description = "Groups of an organization"),
        (name = "invitations", description = "Invitations, admin and invitee side"),
        (name = "permissions", description = "The permission catalogue"),
        (name = "dev", description = "Demo-mode helpers")
    )
)]
struct ApiDoc;

struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route, with its OpenAPI description.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(roster_api::API_PREFIX, routes::router())
}

/// The OpenAPI document of the API (served at `/api/v1/openapi.json`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = api_router().split_for_parts();
    api_doc::complete(doc)
}

/// The OpenAPI document as served and committed: pretty JSON with a final newline.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}

/// Request limits and security-header settings of [`app_with`]
/// (flags `--request-timeout-secs`, `--max-body-bytes`, `--frame-ancestor`).
#[derive(Clone, Debug, Default)]
pub struct Http {
    /// Origins allowed to frame the app (CSP `frame-ancestors`); empty: none.
    pub frame_ancestors: Vec<String>,
    pub requests: transport::RequestLimits,
}

/// The whole HTTP service, with the default [`Http`] settings.
pub fn app(state: AppState, static_dir: Option<&Path>, cors_origins: &[String]) -> Router {
    app_with(state, static_dir, cors_origins, &Http::default())
}

/// The whole HTTP service.
pub fn app_with(
    state: AppState,
    static_dir: Option<&Path>,
    cors_origins: &[String],
    http: &Http,
) -> Router {
    let (api, _) = api_router().split_for_parts();
    let limiter = state.limiter.clone();
    let doc = Arc::new(openapi_json());
    let security = security::SecurityHeaders::new(static_dir, &http.frame_ancestors);
    let static_dir: Option<PathBuf> = static_dir.map(Path::to_path_buf);
    let mut router = api
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        doc.as_str().to_owned(),
                    )
                }
            }),
        )
        .fallback(move |req: Request| {
            let static_dir = static_dir.clone();
            async move {
                let path = req.uri().path();
                if path == "/api" || path.starts_with("/api/") {
                    return ApiError::not_found("endpoint").into_response();
                }
                let Some(dir) = static_dir else {
                    return ApiError::not_found("page").into_response();
                };
                let served = if transport::is_file_path(&dir, path) {
                    // A file that is not there is a 404, never the app.
                    ServeDir::new(&dir).oneshot(req).await
                } else {
                    // Other paths are the app's own routes: answer index.html.
                    let index = ServeFile::new(dir.join("index.html"));
                    ServeDir::new(&dir).fallback(index).oneshot(req).await
                };
                match served {
                    Ok(response) => response.into_response(),
                    Err(never) => match never {},
                }
            }
        })
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            limit::enforce,
        ))
        .layer(DefaultBodyLimit::max(http.requests.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            http.requests,
            transport::limits,
        ))
        .layer(axum::middleware::from_fn(transport::problem_bodies))
        .layer(CompressionLayer::new());
    if !cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([
                    Method::GET,
                    Method::POST,
                    Method::PATCH,
                    Method::DELETE,
                    Method::OPTIONS,
                ])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    header::ACCEPT,
                    HeaderName::from_static("idempotency-key"),
                    HeaderName::from_static(roster_api::REQUEST_HEADER),
                ])
                // A widget on another origin reads how long to wait after a
                // 429, and the file name of the CSV export.
                .expose_headers([header::RETRY_AFTER, header::CONTENT_DISPOSITION]),
        );
    }
    // Outermost: every answer gets them, CORS preflights included.
    router.layer(axum::middleware::from_fn_with_state(
        security,
        security::add,
    ))
}

/// A database URL fit for logs: any password replaced by `***`.
fn redact_password(db: &str) -> String {
    match (db.find("://"), db.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &db[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &db[..scheme + 3], &db[at..]),
                None => db.to_owned(),
            }
        }
        _ => db.to_owned(),
    }
}

/// Runs a command (`partner add`, `partner list`), or else opens the
/// database, seeds demo data when asked, binds and serves until Ctrl-C.
pub async fn run(config: Config) -> Result<(), String> {
    if let Some(command) = &config.command {
        return run_command(&config, command).await;
    }
    if let Some(bad) = config
        .frame_ancestors
        .iter()
        .find(|a| !security::is_source_expression(a))
    {
        return Err(format!(
            "--frame-ancestor {bad:?}: give an origin such as https://console.example, or 'self'"
        ));
    }
    let db = config.database();
    let store = Store::connect(&db)
        .await
        .map_err(|e| format!("cannot open database {}: {e}", redact_password(&db)))?;
    let clock = Clock::new();
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("cannot bind {}: {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    if config.demo {
        demo::seed_if_empty(&store, &clock, &public_url)
            .await
            .map_err(|e| format!("demo seed failed: {e}"))?;
    }
    for spec in &config.seed_members {
        let (name, count) = demo::parse_seed_spec(spec)?;
        let started = std::time::Instant::now();
        demo::seed_members(&store, &clock, &name, count)
            .await
            .map_err(|e| format!("seed failed: {e}"))?;
        eprintln!(
            "seeded {count} members into {name} in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    if !config.demo {
        mail::forget_outbox_links(&store).await?;
    }
    let mailer = Mailer::new(config.smtp_url.as_deref())?.keeping_links(config.demo);
    if !config.demo && !mailer.sends() {
        eprintln!(
            "no --smtp-url: sign-in codes cannot be emailed; let a partner in with `roster-server partner add EMAIL`"
        );
    }
    let sso = oidc::Sso::from_config(&config, &public_url)?.map(Arc::new);
    let state = AppState {
        store,
        clock,
        mailer,
        demo: config.demo,
        test_controls: config.demo && config.test_controls,
        public_url: public_url.into(),
        policy: config.policy(),
        limiter: limit::Limiter::new(config.policy().limits),
        sso,
    };
    let static_dir = config.static_dir.as_deref().filter(|d| d.is_dir());
    let router = app_with(state, static_dir, &config.cors_origins, &config.http());
    let mut limits = config.conn_limits();
    limits.max_connections = serve::fit_open_file_limit(limits.max_connections);
    {
        // The e2e harness and the run script wait for exactly this line.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Roster listening on http://{addr}");
        let _ = out.flush();
    }
    // Each request carries the peer address (ConnectInfo<SocketAddr>): the
    // key of the per-IP rate limits.
    serve::serve(listener, router, limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// The public URL of a command (no listener: `--public-url`, else the bind address).
fn command_public_url(config: &Config) -> String {
    config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.bind))
        .trim_end_matches('/')
        .to_owned()
}

/// `roster-server partner ...`: on the database, in one transaction; prints to stdout.
async fn run_command(config: &Config, command: &config::Command) -> Result<(), String> {
    use config::{Command, PartnerCommand};
    let db = config.database();
    let store = Store::connect(&db)
        .await
        .map_err(|e| format!("cannot open database {}: {e}", redact_password(&db)))?;
    let mut out = std::io::stdout().lock();
    match command {
        Command::Partner(PartnerCommand::Add { email, name }) => {
            let email = roster_api::rules::emails::validate_email(email)
                .map_err(|reason| format!("{email:?}: {}", reason.message()))?;
            let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            if let Some(name) = name {
                if let Some(e) = roster_api::rules::account::display_name_error("--name", name) {
                    return Err(format!("--name: {}", e.message));
                }
            }
            let now = Clock::new().now_ms();
            let public_url = command_public_url(config);
            let added = async {
                let mut tx = store.write().await?;
                let (account, created) =
                    store::accounts::make_partner(&mut tx, &email, name, now).await?;
                if let (false, Some(name)) = (created, name) {
                    store::accounts::rename(&mut tx, &account.id, name).await?;
                }
                // A device nobody has: opening the link asks to confirm it.
                let device = auth::hash_token(&auth::new_token());
                let code = store::sign_in::create(
                    &mut tx,
                    &email,
                    &device,
                    now,
                    roster_api::SIGN_IN_CODE_MINUTES,
                )
                .await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>((created, code))
            }
            .await
            .map_err(|e| format!("cannot add the partner: {e}"))?;
            let (created, code) = added;
            let what = if created {
                "created as a partner"
            } else {
                "is now a partner"
            };
            let _ = writeln!(out, "{email}: {what}.");
            let _ = writeln!(
                out,
                "Sign in at {public_url}/sign-in with this address: a code is emailed (needs --smtp-url)."
            );
            let _ = writeln!(
                out,
                "Or open this one-time link within {} minutes (it asks to confirm the device):",
                roster_api::SIGN_IN_CODE_MINUTES
            );
            let _ = writeln!(out, "{public_url}/sign-in/link?token={}", code.link_token);
        }
        Command::Partner(PartnerCommand::List) => {
            let partners = async {
                let mut conn = store.read().await?;
                store::accounts::partners(&mut conn).await
            }
            .await
            .map_err(|e| format!("cannot list the partners: {e}"))?;
            if partners.is_empty() {
                let _ = writeln!(
                    out,
                    "No partner accounts: add one with `roster-server partner add EMAIL`."
                );
            }
            for p in partners {
                let _ = writeln!(out, "{}\t{}", p.email, p.display_name);
            }
        }
    }
    let _ = out.flush();
    Ok(())
}
