//! Rate limits on the endpoints worth abusing: demo sign-in (per client IP),
//! sending and resending invitations (per signed-in session), and the
//! invitation-token endpoints (lookup, accept, decline; per client IP, so
//! nobody can try tokens quickly). Token buckets held in memory: each key may
//! burst up to the limit, then gets one more request every 60 / limit seconds.
//! Over the limit: 429, `Retry-After` in whole seconds, problem code
//! `rate_limited`. A limit of 0 turns that one off.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use roster_api::errors::codes;

use crate::auth::{bearer, hash_token};
use crate::problem::ApiError;

/// Requests per minute allowed on each limited kind of endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// `POST /auth/demo-sign-in`, per client IP.
    pub sign_in: u32,
    /// `POST /organizations/{id}/invitations` (dry runs included) and
    /// `.../invitations/{id}/resend`, per session.
    pub invitations: u32,
    /// `POST /invitations/lookup`, `/accept`, `/decline`, per client IP.
    pub token: u32,
}

impl Default for Limits {
    /// Generous enough for people (and the e2e suite's two workers on one
    /// address), low enough to stop scripts.
    fn default() -> Self {
        Self {
            sign_in: 120,
            invitations: 120,
            token: 120,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    SignIn,
    Invitations,
    Token,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every client, shared by all requests.
#[derive(Clone)]
pub struct Limiter {
    limits: Limits,
    buckets: Arc<Mutex<HashMap<(Kind, String), Bucket>>>,
}

/// Past this many buckets, full ones (idle long enough) are dropped.
const PRUNE_ABOVE: usize = 10_000;

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            buckets: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn per_minute(&self, kind: Kind) -> u32 {
        match kind {
            Kind::SignIn => self.limits.sign_in,
            Kind::Invitations => self.limits.invitations,
            Kind::Token => self.limits.token,
        }
    }

    /// Takes one request from `key`'s bucket; `Err(wait)` when it is empty.
    fn take(&self, kind: Kind, key: String, now: Instant) -> Result<(), Duration> {
        let limit = self.per_minute(kind);
        if limit == 0 {
            return Ok(());
        }
        let capacity = f64::from(limit);
        let per_second = capacity / 60.0;
        let mut buckets = match self.buckets.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|(kind, _), b| {
                let full_after = 60.0 / per_second_of(&self.limits, *kind).max(f64::MIN_POSITIVE);
                now.duration_since(b.at).as_secs_f64() < full_after
            });
        }
        let bucket = buckets.entry((kind, key)).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

fn per_second_of(limits: &Limits, kind: Kind) -> f64 {
    let per_minute = match kind {
        Kind::SignIn => limits.sign_in,
        Kind::Invitations => limits.invitations,
        Kind::Token => limits.token,
    };
    f64::from(per_minute) / 60.0
}

/// Which limit a request falls under, if any.
fn kind_of(method: &Method, path: &str) -> Option<Kind> {
    if method != Method::POST {
        return None;
    }
    let rest = path.strip_prefix(roster_api::API_PREFIX)?;
    match rest {
        "/auth/demo-sign-in" => Some(Kind::SignIn),
        "/invitations/lookup" | "/invitations/accept" | "/invitations/decline" => Some(Kind::Token),
        _ => {
            let parts: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
            match parts.as_slice() {
                ["organizations", _, "invitations"] => Some(Kind::Invitations),
                ["organizations", _, "invitations", _, "resend"] => Some(Kind::Invitations),
                _ => None,
            }
        }
    }
}

/// Middleware: counts limited requests and answers 429 past the limit.
pub async fn enforce(State(limiter): State<Limiter>, request: Request, next: Next) -> Response {
    let Some(kind) = kind_of(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        // In-process callers (tests) have no address: they share one bucket.
        .unwrap_or_else(|| "local".to_owned());
    let key = match kind {
        Kind::Invitations => {
            let (parts, body) = request.into_parts();
            let key = bearer(&parts).map(hash_token).unwrap_or_else(|| ip.clone());
            let request = Request::from_parts(parts, body);
            return match limiter.take(kind, key, Instant::now()) {
                Ok(()) => next.run(request).await,
                Err(wait) => too_many(wait),
            };
        }
        Kind::SignIn | Kind::Token => ip,
    };
    match limiter.take(kind, key, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many(wait),
    }
}

/// 429 with `Retry-After` in whole seconds (at least 1).
fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        codes::RATE_LIMITED,
        "Too many requests",
        Some(format!("Too many requests; try again in {seconds} s.")),
    )
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_burst_then_refill() {
        let limiter = Limiter::new(Limits {
            sign_in: 2,
            invitations: 0,
            token: 60,
        });
        let t0 = Instant::now();
        let key = || "1.2.3.4".to_owned();
        assert!(limiter.take(Kind::SignIn, key(), t0).is_ok());
        assert!(limiter.take(Kind::SignIn, key(), t0).is_ok());
        let wait = limiter.take(Kind::SignIn, key(), t0).expect_err("third");
        assert_eq!(wait.as_secs(), 30, "one request every 30 s at 2 per minute");
        // Another address has its own bucket; 0 means no limit.
        assert!(limiter.take(Kind::SignIn, "5.6.7.8".into(), t0).is_ok());
        for _ in 0..1000 {
            assert!(limiter.take(Kind::Invitations, key(), t0).is_ok());
        }
        assert!(limiter
            .take(Kind::SignIn, key(), t0 + Duration::from_secs(30))
            .is_ok());
        assert!(limiter
            .take(Kind::SignIn, key(), t0 + Duration::from_secs(31))
            .is_err());
    }

    #[test]
    fn limited_endpoints() {
        let p = |s: &str| format!("{}{s}", roster_api::API_PREFIX);
        assert_eq!(
            kind_of(&Method::POST, &p("/auth/demo-sign-in")),
            Some(Kind::SignIn)
        );
        assert_eq!(
            kind_of(&Method::POST, &p("/invitations/accept")),
            Some(Kind::Token)
        );
        assert_eq!(
            kind_of(&Method::POST, &p("/organizations/x/invitations")),
            Some(Kind::Invitations)
        );
        assert_eq!(
            kind_of(&Method::POST, &p("/organizations/x/invitations/y/resend")),
            Some(Kind::Invitations)
        );
        assert_eq!(
            kind_of(&Method::POST, &p("/organizations/x/invitations/y/revoke")),
            None
        );
        assert_eq!(
            kind_of(&Method::GET, &p("/organizations/x/invitations")),
            None
        );
    }
}
