//! Rate limits on the endpoints worth abusing, with the `governor` crate
//! (GCRA, the "generic cell rate algorithm", equivalent to a token bucket):
//!
//! - every sign-in endpoint (demo, email start/verify/link, OpenID Connect
//!   start and callback), per client address (middleware [`enforce`]);
//! - asking for a sign-in code, per email address ([`Limiter::sign_in_email`],
//!   5 per 15 minutes by default: the same answer whether or not the address
//!   has an account);
//! - the invitation-token endpoints (lookup, accept, decline), per client
//!   address, so nobody can try tokens quickly (middleware [`enforce`]);
//! - sending and resending invitations, per account AND per organization
//!   (both apply), checked by the handlers through [`Limiter::invitations`]
//!   once the request is known to come from someone allowed to invite there:
//!   a new sign-in does not reset it, and a stranger cannot spend an
//!   organization's allowance.
//!
//! Each limit of N per minute allows a burst of N, then one more request every
//! 60 / N seconds. Over it: 429, `Retry-After` in whole seconds, problem code
//! `rate_limited`. A limit of 0 turns that one off. The state lives in memory,
//! so the limits are per server process.
//!
//! Memory is bounded: each limit tracks at most [`MAX_KEYS`] keys. Keys whose
//! state is back to "fresh" (fully replenished: a minute plus one interval
//! after their last request at most) are dropped every [`PRUNE_EVERY`], and
//! every second while the table is full. Should more than [`MAX_KEYS`] keys be active
//! within one minute anyway, the requests of that limit share one
//! overflow allowance until pruning makes room: a flood of new addresses
//! cannot grow memory, nor reset anyone's limit.

use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use roster_api::errors::codes;
use uuid::Uuid;

use crate::problem::ApiError;

/// Requests per minute allowed on each limited kind of endpoint (0: no limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Every sign-in endpoint (`POST /auth/demo-sign-in`, `/auth/email/start`,
    /// `/auth/email/verify`, `/auth/email/link`, `GET /auth/oidc/start`,
    /// `/auth/oidc/callback`), per client address.
    pub sign_in: u32,
    /// `POST /auth/email/start` per email address, per [`SIGN_IN_EMAIL_PERIOD`]
    /// (not per minute), with a burst of as many.
    pub sign_in_email: u32,
    /// `POST /organizations/{id}/invitations` (not dry runs) and
    /// `.../invitations/{id}/resend`, per account.
    pub invitations: u32,
    /// The same requests, per organization (all its admins together).
    pub invitations_org: u32,
    /// `POST /invitations/lookup`, `/accept`, `/decline`, per client address.
    pub token: u32,
}

impl Default for Limits {
    /// Generous enough for people (and the e2e suite, whose tests share the
    /// demo accounts and one address), low enough to stop scripts.
    fn default() -> Self {
        Self {
            sign_in: 120,
            sign_in_email: 5,
            invitations: 120,
            invitations_org: 240,
            token: 120,
        }
    }
}

/// The period of [`Limits::sign_in_email`]: N codes per 15 minutes.
pub const SIGN_IN_EMAIL_PERIOD: Duration = Duration::from_secs(15 * 60);

/// The most keys one limit tracks (about 4 MB at most per limit).
pub const MAX_KEYS: usize = 100_000;
/// How often keys back to a fresh state are dropped.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// How often they are dropped while a limit tracks [`MAX_KEYS`] keys.
const PRUNE_FULL_EVERY: Duration = Duration::from_secs(1);

/// What a limit is keyed by: one key, or the shared overflow allowance.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Slot<K> {
    Key(K),
    Overflow,
}

/// A governor rate limiter with one state per slot, in a `DashMap`.
type SlotLimiter<K, C> =
    RateLimiter<Slot<K>, DashMapStateStore<Slot<K>>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// One limit: a keyed governor rate limiter whose table of keys is bounded.
struct Keyed<K: Hash + Eq + Clone, C: Clock = DefaultClock> {
    limiter: SlotLimiter<K, C>,
    clock: C,
    start: C::Instant,
    max_keys: usize,
    /// When pruning last ran, in nanoseconds since `start`.
    pruned_at: AtomicU64,
}

impl<K: Hash + Eq + Clone, C: Clock + Clone> Keyed<K, C> {
    fn new(per_minute: NonZeroU32, max_keys: usize, clock: C) -> Self {
        Self::with_quota(Quota::per_minute(per_minute), max_keys, clock)
    }

    fn with_quota(quota: Quota, max_keys: usize, clock: C) -> Self {
        let start = clock.now();
        Self {
            limiter: RateLimiter::dashmap_with_clock(quota, clock.clone()),
            clock,
            start,
            max_keys,
            pruned_at: AtomicU64::new(0),
        }
    }

    /// Counts one request of `key`; `Err(wait)` past the limit.
    fn check(&self, key: K) -> Result<(), Duration> {
        let now = self.clock.now();
        let full = self.housekeeping(now);
        let slot = if full { Slot::Overflow } else { Slot::Key(key) };
        self.limiter
            .check_key(&slot)
            .map_err(|not_until| not_until.wait_time_from(now))
    }

    /// Prunes when due; answers whether the table is still full.
    fn housekeeping(&self, now: C::Instant) -> bool {
        let full = self.limiter.len() >= self.max_keys;
        let every = if full { PRUNE_FULL_EVERY } else { PRUNE_EVERY };
        let elapsed = now.duration_since(self.start).as_u64();
        let last = self.pruned_at.load(Ordering::Relaxed);
        let due = u128::from(elapsed.saturating_sub(last)) >= every.as_nanos();
        if due
            && self
                .pruned_at
                .compare_exchange(last, elapsed, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.prune();
            return self.limiter.len() >= self.max_keys;
        }
        full
    }

    /// Drops the keys whose state is back to fresh, and the memory they held.
    fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.limiter.len()
    }
}

/// A client address as a key: IPv4 as is, IPv6 by its /64 network (what one
/// subscriber usually gets), IPv4-mapped IPv6 as IPv4.
fn address_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

fn keyed<K: Hash + Eq + Clone>(per_minute: u32) -> Option<Keyed<K>> {
    NonZeroU32::new(per_minute).map(|n| Keyed::new(n, MAX_KEYS, DefaultClock::default()))
}

/// `n` per `period`, with a burst of `n` (None for 0: no limit).
fn quota_per(n: u32, period: Duration) -> Option<Quota> {
    let n = NonZeroU32::new(n)?;
    Some(Quota::with_period(period / n.get())?.allow_burst(n))
}

/// A keyed limit of [`quota_per`].
fn keyed_per<K: Hash + Eq + Clone>(n: u32, period: Duration) -> Option<Keyed<K>> {
    quota_per(n, period).map(|q| Keyed::with_quota(q, MAX_KEYS, DefaultClock::default()))
}

struct Limiters {
    sign_in: Option<Keyed<IpAddr>>,
    sign_in_email: Option<Keyed<String>>,
    token: Option<Keyed<IpAddr>>,
    account: Option<Keyed<Uuid>>,
    organization: Option<Keyed<Uuid>>,
}

/// Every limit of one server process, shared by all requests (cheap to clone).
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<Limiters>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            inner: Arc::new(Limiters {
                sign_in: keyed(limits.sign_in),
                sign_in_email: keyed_per(limits.sign_in_email, SIGN_IN_EMAIL_PERIOD),
                token: keyed(limits.token),
                account: keyed(limits.invitations),
                organization: keyed(limits.invitations_org),
            }),
        }
    }

    /// Counts one invitation send or resend by `account_id` in `org_id`:
    /// 429 when the account or the organization is over its limit. Call it
    /// after the permission checks, before any write.
    pub fn invitations(&self, account_id: &str, org_id: Uuid) -> Result<(), ApiError> {
        if let Some(limit) = &self.inner.account {
            // Account ids are UUIDs; anything else shares the overflow key.
            let key = Uuid::parse_str(account_id).unwrap_or(Uuid::max());
            limit.check(key).map_err(too_many)?;
        }
        if let Some(limit) = &self.inner.organization {
            limit.check(org_id).map_err(too_many)?;
        }
        Ok(())
    }

    /// Counts one request for a sign-in code to `email` (normalized): 429
    /// past the limit, whether or not the address has an account.
    pub fn sign_in_email(&self, email: &str) -> Result<(), ApiError> {
        match &self.inner.sign_in_email {
            Some(limit) => limit.check(email.to_owned()).map_err(too_many),
            None => Ok(()),
        }
    }

    fn by_address(&self, kind: Kind, ip: IpAddr) -> Result<(), Duration> {
        let limit = match kind {
            Kind::SignIn => &self.inner.sign_in,
            Kind::Token => &self.inner.token,
        };
        match limit {
            Some(limit) => limit.check(address_key(ip)),
            None => Ok(()),
        }
    }
}

/// The limits applied by the middleware, per client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    SignIn,
    Token,
}

/// Which per-address limit a request falls under, if any.
fn kind_of(method: &Method, path: &str) -> Option<Kind> {
    let path = path.strip_prefix(roster_api::API_PREFIX)?;
    if method == Method::GET {
        // The OpenID Connect sign-in is a browser navigation.
        return matches!(path, "/auth/oidc/start" | "/auth/oidc/callback").then_some(Kind::SignIn);
    }
    if method != Method::POST {
        return None;
    }
    match path {
        "/auth/demo-sign-in" | "/auth/email/start" | "/auth/email/verify" | "/auth/email/link" => {
            Some(Kind::SignIn)
        }
        "/invitations/lookup" | "/invitations/accept" | "/invitations/decline" => Some(Kind::Token),
        _ => None,
    }
}

/// Middleware: the per-address limits (sign-in, invitation tokens).
pub async fn enforce(State(limiter): State<Limiter>, request: Request, next: Next) -> Response {
    let Some(kind) = kind_of(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        // In-process callers (tests) have no address: they share one key.
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    match limiter.by_address(kind, ip) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many(wait).into_response(),
    }
}

/// 429 with `Retry-After` in whole seconds (at least 1).
fn too_many(wait: Duration) -> ApiError {
    let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        codes::RATE_LIMITED,
        "Too many requests",
        Some(format!("Too many requests; try again in {seconds} s.")),
    )
    .with_retry_after(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn per_minute(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).expect("non-zero")
    }

    #[test]
    fn bursts_then_one_every_60_over_n_seconds() {
        let clock = FakeRelativeClock::default();
        let limit = Keyed::<&str, _>::new(per_minute(2), 10, clock.clone());
        assert!(limit.check("a").is_ok());
        assert!(limit.check("a").is_ok());
        let wait = limit.check("a").expect_err("third");
        assert_eq!(
            wait,
            Duration::from_secs(30),
            "one every 30 s at 2 a minute"
        );
        // Another key has its own allowance.
        assert!(limit.check("b").is_ok());
        clock.advance(Duration::from_secs(30));
        assert!(limit.check("a").is_ok());
        assert!(limit.check("a").is_err());
    }

    #[test]
    fn idle_keys_are_pruned_and_the_table_never_passes_its_cap() {
        let clock = FakeRelativeClock::default();
        let limit = Keyed::<u32, _>::new(per_minute(2), 100, clock.clone());
        for key in 0..100 {
            assert!(limit.check(key).is_ok());
        }
        assert_eq!(limit.len(), 100);
        // Full: thousands of new keys go to the one overflow allowance (2 a
        // minute, shared), so the table does not grow and they are limited.
        let refused = (1000..6000).filter(|k| limit.check(*k).is_err()).count();
        assert_eq!(refused, 4998);
        assert!(limit.len() <= 101, "{} keys tracked", limit.len());
        // A minute later every key is back to fresh: pruning empties the table.
        clock.advance(PRUNE_EVERY);
        assert!(limit.check(7).is_ok());
        assert!(limit.len() <= 2, "{} keys tracked", limit.len());
    }

    #[test]
    fn pruning_never_forgets_a_key_still_limited() {
        let clock = FakeRelativeClock::default();
        let limit = Keyed::<u32, _>::new(per_minute(2), 10, clock.clone());
        assert!(limit.check(1).is_ok());
        assert!(limit.check(1).is_ok());
        assert!(limit.check(2).is_ok());
        clock.advance(Duration::from_secs(10));
        limit.prune();
        assert_eq!(limit.len(), 2);
        assert!(
            limit.check(1).is_err(),
            "still over its limit after pruning"
        );
        // Key 2 (one request) is fresh again after a minute and is dropped;
        // key 1 (its whole burst) is kept until it is fresh too.
        clock.advance(Duration::from_secs(51));
        limit.prune();
        assert_eq!(limit.len(), 1);
        assert!(limit.check(1).is_ok());
    }

    #[test]
    fn addresses_as_keys() {
        let v6 = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(address_key(v6("10.1.2.3")), v6("10.1.2.3"));
        assert_eq!(address_key(v6("::ffff:10.1.2.3")), v6("10.1.2.3"));
        assert_eq!(
            address_key(v6("2001:db8:1:2:aaaa:bbbb:cccc:dddd")),
            v6("2001:db8:1:2::")
        );
    }

    #[test]
    fn limited_endpoints() {
        let p = |s: &str| format!("{}{s}", roster_api::API_PREFIX);
        for path in [
            "/auth/demo-sign-in",
            "/auth/email/start",
            "/auth/email/verify",
            "/auth/email/link",
        ] {
            assert_eq!(kind_of(&Method::POST, &p(path)), Some(Kind::SignIn));
        }
        for path in ["/auth/oidc/start", "/auth/oidc/callback"] {
            assert_eq!(kind_of(&Method::GET, &p(path)), Some(Kind::SignIn));
        }
        for path in ["lookup", "accept", "decline"] {
            assert_eq!(
                kind_of(&Method::POST, &p(&format!("/invitations/{path}"))),
                Some(Kind::Token)
            );
        }
        assert_eq!(kind_of(&Method::GET, &p("/auth/demo-sign-in")), None);
        assert_eq!(
            kind_of(&Method::POST, &p("/organizations/x/invitations")),
            None
        );
    }

    #[test]
    fn sign_in_codes_are_limited_per_email_over_15_minutes() {
        let clock = FakeRelativeClock::default();
        let quota = quota_per(5, SIGN_IN_EMAIL_PERIOD).expect("a quota");
        let limit = Keyed::<String, _>::with_quota(quota, 10, clock.clone());
        for _ in 0..5 {
            assert!(limit.check("a@example.com".to_owned()).is_ok());
        }
        let wait = limit.check("a@example.com".to_owned()).expect_err("sixth");
        assert_eq!(wait, Duration::from_secs(180), "one more every 3 minutes");
        assert!(limit.check("b@example.com".to_owned()).is_ok());
    }

    #[test]
    fn zero_turns_a_limit_off() {
        let limiter = Limiter::new(Limits {
            sign_in: 0,
            sign_in_email: 0,
            invitations: 0,
            invitations_org: 0,
            token: 1,
        });
        let ip = IpAddr::from([10, 0, 0, 1]);
        let org = Uuid::new_v4();
        for _ in 0..1000 {
            assert!(limiter.by_address(Kind::SignIn, ip).is_ok());
            assert!(limiter.invitations("not-a-uuid", org).is_ok());
        }
        assert!(limiter.by_address(Kind::Token, ip).is_ok());
        assert!(limiter.by_address(Kind::Token, ip).is_err());
    }
}
