//! Slow and idle connections against the real binary on a loopback port:
//! hundreds of slow-loris sockets do not keep a normal request waiting, a
//! socket that never finishes its headers is closed after the header
//! timeout, and idle sockets beyond the open-file limit do not stop the
//! server from answering (the connection cap closes the oldest idle one).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server with `flags`; `open_files`: the process's open-file limit.
fn start(flags: &[&str], open_files: Option<u32>) -> Server {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("slow.db");
    let bin = env!("CARGO_BIN_EXE_roster-server");
    let mut command = match open_files {
        Some(n) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                .arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let mut child = command
        .args([
            "--bind",
            "127.0.0.1:0",
            "--demo",
            "--rate-limit-sign-in",
            "0",
        ])
        .arg("--db")
        .arg(&db)
        .arg("--static-dir")
        .arg(dir.path().join("no-dist"))
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("start line");
    let addr = line
        .trim()
        .strip_prefix("Roster listening on http://")
        .unwrap_or_else(|| panic!("start line: {line:?}"))
        .to_owned();
    Server {
        child,
        addr,
        _dir: dir,
    }
}

/// A complete request on a new connection; answers the status line and how long it took.
fn timed_get(addr: &str, path: &str) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response.lines().next().unwrap_or_default().to_owned();
    (status, started.elapsed())
}

/// Sockets that started a request and send one more header line now and then.
fn slow_loris(addr: &str, count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|_| {
            let mut s = TcpStream::connect(addr).expect("connect");
            write!(s, "GET /api/v1/permissions HTTP/1.1\r\nHost: {addr}\r\n").expect("write");
            s
        })
        .collect()
}

/// Whether the server closed the socket (end of stream or reset).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(10)))
        .expect("timeout");
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // an error answer before closing
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn slow_loris_sockets_do_not_keep_a_normal_request_waiting() {
    let server = start(&["--header-timeout-secs", "60"], None);
    let mut sockets = slow_loris(&server.addr, 500);
    for round in 0..5 {
        for s in &mut sockets {
            let _ = write!(s, "X-Slow-{round}: 1\r\n");
        }
        let (status, took) = timed_get(&server.addr, "/api/v1/permissions");
        assert!(status.starts_with("HTTP/1.1 401"), "{status}");
        assert!(
            took < Duration::from_secs(5),
            "a normal request waited {took:?} behind 500 slow sockets"
        );
    }
    // The slow ones are still open: within their header timeout.
    assert!(!closed_by_server(&mut sockets[0]));
}

#[test]
fn a_socket_that_never_finishes_its_headers_is_closed_after_the_header_timeout() {
    let server = start(
        &["--header-timeout-secs", "2", "--idle-timeout-secs", "600"],
        None,
    );
    let started = Instant::now();
    let mut slow = slow_loris(&server.addr, 1).remove(0);
    let closed_after = loop {
        // Bounded: 30 s at most.
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the slow socket is still open after 30 s"
        );
        let _ = write!(slow, "X-Slow: 1\r\n");
        std::thread::sleep(Duration::from_millis(200));
        if closed_by_server(&mut slow) {
            break started.elapsed();
        }
    };
    assert!(
        closed_after >= Duration::from_millis(1900),
        "closed after {closed_after:?}, before the 2 s header timeout"
    );
    // The server still answers.
    let (status, _) = timed_get(&server.addr, "/api/v1/permissions");
    assert!(status.starts_with("HTTP/1.1 401"), "{status}");
}

#[test]
fn idle_sockets_beyond_the_open_file_limit_do_not_stop_the_server() {
    // 200 open files: the cap becomes 136 connections. 300 idle sockets
    // (connected, never a byte) would take every file descriptor.
    let server = start(&["--idle-timeout-secs", "600"], Some(200));
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&server.addr).expect("connect"))
        .collect();
    for _ in 0..3 {
        let (status, took) = timed_get(&server.addr, "/api/v1/permissions");
        assert!(status.starts_with("HTTP/1.1 401"), "{status}");
        assert!(
            took < Duration::from_secs(10),
            "a normal request waited {took:?} behind 300 idle sockets"
        );
    }
    drop(idle);
}

#[test]
fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let server = start(
        &["--idle-timeout-secs", "2", "--header-timeout-secs", "60"],
        None,
    );
    let started = Instant::now();
    let mut idle = TcpStream::connect(&server.addr).expect("connect");
    let closed_after = loop {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the idle socket is still open after 30 s"
        );
        std::thread::sleep(Duration::from_millis(200));
        if closed_by_server(&mut idle) {
            break started.elapsed();
        }
    };
    assert!(
        closed_after >= Duration::from_millis(1900),
        "{closed_after:?}"
    );
}
