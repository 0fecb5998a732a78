//! The accept loop: HTTP/1.1 connections served by hyper with the limits
//! `axum::serve` does not have.
//!
//! - **Header timeout**: a request's headers must arrive in full within
//!   `header_timeout` of their first byte (slow-loris clients are closed).
//! - **Idle timeout**: a connection that has not started a request within
//!   `idle_timeout` of opening or of its previous response is closed (idle
//!   keep-alive sockets); so is one on which no byte moves either way for that
//!   long while a request is handled (a client that stopped reading).
//! - **Connection cap**: at most `max_connections` open at once. When a new
//!   connection arrives at the cap, the connection idle the longest (no request
//!   in flight: a kept-alive socket or one still sending its headers) is closed
//!   to make room, as nginx drains its keep-alive connections; a client that is
//!   sending requests is never cut off. Only when every connection is handling
//!   a request does the new one wait until one finishes.
//!
//! The request timeout is a middleware of the router (`transport.rs`). Each
//! request carries the peer address as [`ConnectInfo`] like
//! `into_make_service_with_connect_info::<SocketAddr>` did (the per-IP rate
//! limits read it). On shutdown, idle connections close at once and the
//! others after their current response.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, Semaphore};
use tokio::time::Instant;
use tower::ServiceExt;

/// Connection limits (flags `--header-timeout-secs`, `--idle-timeout-secs`, `--max-connections`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnLimits {
    /// From a request's first byte to the end of its headers; `None`: no limit.
    pub header_timeout: Option<Duration>,
    /// Waiting for a request, or no byte moving while one is handled; `None`: no limit.
    pub idle_timeout: Option<Duration>,
    /// Connections open at once (at least 1).
    pub max_connections: usize,
}

impl Default for ConnLimits {
    fn default() -> Self {
        Self {
            header_timeout: Some(Duration::from_secs(10)),
            idle_timeout: Some(Duration::from_secs(60)),
            max_connections: 10_000,
        }
    }
}

/// Open connections that are not handling a request, oldest first: the ones
/// closed when a new connection arrives at the cap.
#[derive(Default)]
struct Idle {
    since: Mutex<BTreeMap<(Instant, u64), Arc<Notify>>>,
}

impl Idle {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<(Instant, u64), Arc<Notify>>> {
        self.since.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Asks the connection idle the longest to close; false when none is idle.
    fn evict_oldest(&self) -> bool {
        match self.lock().pop_first() {
            Some((_, close)) => {
                close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// What one connection is doing, shared by its socket, its service and its watchdog.
struct Conn {
    id: u64,
    idle: Arc<Idle>,
    /// Notified to close the connection (eviction at the cap).
    close: Arc<Notify>,
    /// Notified when the deadline may have moved earlier.
    changed: Notify,
    state: Mutex<State>,
}

struct State {
    /// Requests handed to the router whose response is not finished.
    in_flight: u32,
    /// When the connection last became idle (registered in [`Idle`]).
    idle_since: Option<Instant>,
    /// First byte of the next request's headers, while they are not complete.
    headers_started: Option<Instant>,
    /// The last byte read or written.
    last_io: Instant,
}

/// Why the watchdog closes a connection.
#[derive(Debug, PartialEq, Eq)]
enum Expired {
    Headers,
    Idle,
}

impl Conn {
    fn new(id: u64, idle: Arc<Idle>) -> Arc<Self> {
        let now = Instant::now();
        let close = Arc::new(Notify::new());
        idle.lock().insert((now, id), close.clone());
        Arc::new(Self {
            id,
            idle,
            close,
            changed: Notify::new(),
            state: Mutex::new(State {
                in_flight: 0,
                idle_since: Some(now),
                headers_started: None,
                last_io: now,
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn on_read(&self) {
        let now = Instant::now();
        let mut s = self.state();
        s.last_io = now;
        if s.in_flight == 0 && s.headers_started.is_none() {
            s.headers_started = Some(now);
            drop(s);
            self.changed.notify_one();
        }
    }

    fn on_write(&self) {
        self.state().last_io = Instant::now();
    }

    /// The router got a request (its headers are complete).
    fn begin(&self) {
        let mut s = self.state();
        s.in_flight += 1;
        s.headers_started = None;
        if let Some(since) = s.idle_since.take() {
            self.idle.lock().remove(&(since, self.id));
        }
        drop(s);
        self.changed.notify_one();
    }

    /// A response was sent in full (or abandoned).
    fn end(&self) {
        let now = Instant::now();
        let mut s = self.state();
        s.in_flight = s.in_flight.saturating_sub(1);
        s.last_io = now;
        if s.in_flight == 0 && s.idle_since.is_none() {
            s.idle_since = Some(now);
            self.idle.lock().insert((now, self.id), self.close.clone());
        }
        drop(s);
        self.changed.notify_one();
    }

    fn in_flight(&self) -> bool {
        self.state().in_flight > 0
    }

    /// When the connection expires if nothing happens, and why.
    fn deadline(&self, limits: &ConnLimits) -> Option<(Instant, Expired)> {
        let s = self.state();
        if s.in_flight > 0 {
            limits.idle_timeout.map(|t| (s.last_io + t, Expired::Idle))
        } else if let Some(started) = s.headers_started {
            limits
                .header_timeout
                .map(|t| (started + t, Expired::Headers))
        } else {
            let since = s.idle_since.unwrap_or(s.last_io);
            limits.idle_timeout.map(|t| (since + t, Expired::Idle))
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        let since = self.state().idle_since;
        if let Some(since) = since {
            self.idle.lock().remove(&(since, self.id));
        }
    }
}

/// The socket, noting when bytes move.
struct Watched {
    stream: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(poll, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.conn.on_read();
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.on_write();
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.on_write();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Marks the request finished when dropped: with the response body, once
/// hyper has written it, or with the handler's future if it never answered.
struct InFlight(Arc<Conn>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// A response body that keeps its request "in flight" until sent.
struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// The router, for one connection.
#[derive(Clone)]
struct ConnService {
    router: Router,
    peer: SocketAddr,
    conn: Arc<Conn>,
}

type ResponseFuture = Pin<Box<dyn Future<Output = Result<Response<Tracked>, Infallible>> + Send>>;

impl hyper::service::Service<Request<Incoming>> for ConnService {
    type Response = Response<Tracked>;
    type Error = Infallible;
    type Future = ResponseFuture;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(self.peer));
        self.conn.begin();
        let in_flight = InFlight(self.conn.clone());
        let response = self.router.clone().oneshot(request);
        Box::pin(async move {
            let response = match response.await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok(response.map(|body| Tracked {
                body,
                _in_flight: in_flight,
            }))
        })
    }
}

/// Serves one connection until it ends, expires, is evicted or the server stops.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    conn: Arc<Conn>,
    limits: ConnLimits,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(Watched {
        stream,
        conn: conn.clone(),
    });
    let service = ConnService {
        router,
        peer,
        conn: conn.clone(),
    };
    let served = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(served);
    let mut draining = false;
    loop {
        let deadline = conn.deadline(&limits);
        let sleep = async {
            match &deadline {
                Some((at, _)) => tokio::time::sleep_until(*at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = served.as_mut() => return,
            () = sleep => {
                // Expired only if the deadline did not move meanwhile.
                if let Some((at, _)) = conn.deadline(&limits) {
                    if at <= Instant::now() {
                        return;
                    }
                }
            }
            () = conn.changed.notified() => {}
            () = conn.close.notified() => {
                if !conn.in_flight() {
                    return;
                }
                if !draining {
                    draining = true;
                    served.as_mut().graceful_shutdown();
                }
            }
            changed = shutdown.changed(), if !draining => {
                let _ = changed;
                if !conn.in_flight() {
                    return;
                }
                draining = true;
                served.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Keeps the connection cap under the process's open-file limit (raising the
/// soft limit when the hard one allows); answers the cap to use.
#[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every unix
pub fn fit_open_file_limit(max_connections: usize) -> usize {
    // Files the server needs besides connections: the database, its journal, the listener...
    const RESERVED: u64 = 64;
    #[cfg(unix)]
    {
        let wanted = max_connections as u64 + RESERVED;
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit only read and write the struct given.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return max_connections;
            }
            let soft = limit.rlim_cur as u64;
            if soft >= wanted {
                return max_connections;
            }
            let raised = libc::rlimit {
                rlim_cur: wanted.min(limit.rlim_max as u64) as libc::rlim_t,
                rlim_max: limit.rlim_max,
            };
            let soft = if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                raised.rlim_cur as u64
            } else {
                soft
            };
            let fits = soft.saturating_sub(RESERVED).max(1) as usize;
            if fits < max_connections {
                eprintln!(
                    "roster-server: --max-connections lowered to {fits}: the open-file limit is {soft}"
                );
            }
            fits.min(max_connections)
        }
    }
    #[cfg(not(unix))]
    {
        max_connections
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open
/// requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()>,
) {
    let max = limits.max_connections.max(1);
    let permits = Arc::new(Semaphore::new(max));
    let idle = Arc::new(Idle::default());
    let ids = AtomicU64::new(0);
    let (stop, stopped) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: make room and go on.
                    if !is_connection_error(&e) {
                        idle.evict_oldest();
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    continue;
                }
            },
        };
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                idle.evict_oldest();
                tokio::select! {
                    () = &mut shutdown => break,
                    permit = permits.clone().acquire_owned() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                }
            }
        };
        let conn = Conn::new(ids.fetch_add(1, Ordering::Relaxed), idle.clone());
        let router = router.clone();
        let stopped = stopped.clone();
        tokio::spawn(async move {
            connection(stream, peer, router, conn, limits, stopped).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a permit until it ends.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
}

fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn deadlines_follow_what_the_connection_does() {
        let limits = ConnLimits {
            header_timeout: Some(Duration::from_secs(10)),
            idle_timeout: Some(Duration::from_secs(60)),
            max_connections: 10,
        };
        let idle = Arc::new(Idle::default());
        let conn = Conn::new(1, idle.clone());
        let (_, why) = conn.deadline(&limits).expect("deadline");
        assert_eq!(why, Expired::Idle, "waiting for a first request");
        conn.on_read();
        let (_, why) = conn.deadline(&limits).expect("deadline");
        assert_eq!(why, Expired::Headers, "headers started");
        conn.begin();
        assert!(idle.lock().is_empty(), "busy connections are not evictable");
        conn.end();
        assert_eq!(idle.lock().len(), 1, "idle again after the response");
        assert!(idle.evict_oldest());
        assert!(!idle.evict_oldest());
    }

    #[tokio::test]
    async fn the_oldest_idle_connection_is_evicted_first() {
        let idle = Arc::new(Idle::default());
        let old = Conn::new(1, idle.clone());
        let new = Conn::new(2, idle.clone());
        assert!(idle.evict_oldest());
        tokio::time::timeout(Duration::from_secs(5), old.close.notified())
            .await
            .expect("the oldest was told to close");
        assert_eq!(idle.lock().len(), 1);
        drop(new);
        assert!(
            idle.lock().is_empty(),
            "a closed connection leaves the list"
        );
    }
}
