//! Security headers: `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: no-referrer` on every answer, and a
//! Content-Security-Policy on the app's HTML.
//!
//! The policy allows scripts only from this origin, WebAssembly compilation
//! (`'wasm-unsafe-eval'`, which does not allow `eval`), and the inline scripts
//! of the built HTML by their SHA-256 hash: Trunk's loader, a
//! `<script type="module">` whose text changes with every build, so the hash
//! is computed at start from the files served (see Trunk.toml).

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers added to answers, built once at start.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// The policy for the HTML files of `static_dir`, embeddable by `frame_ancestors`
    /// (CSP source expressions; none: `'none'`).
    pub fn new(static_dir: Option<&Path>, frame_ancestors: &[String]) -> Self {
        let hashes = static_dir.map(inline_script_hashes).unwrap_or_default();
        let policy = content_security_policy(&hashes, frame_ancestors);
        Self {
            csp: HeaderValue::from_str(&policy)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        }
    }

    /// The Content-Security-Policy sent with HTML.
    pub fn csp(&self) -> &str {
        self.csp.to_str().unwrap_or_default()
    }
}

/// The policy text: the script hashes as `'sha256-…'` sources.
pub fn content_security_policy(script_hashes: &[String], frame_ancestors: &[String]) -> String {
    let mut scripts = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    scripts.extend(script_hashes.iter().map(|h| format!("'sha256-{h}'")));
    let ancestors: Vec<&str> = frame_ancestors
        .iter()
        .map(String::as_str)
        .filter(|s| is_source_expression(s))
        .collect();
    let ancestors = if ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        ancestors.join(" ")
    };
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", scripts.join(" ")),
        "style-src 'self'".to_owned(),
        // Organization pictures are links to https images elsewhere.
        "img-src 'self' data: https:".to_owned(),
        "font-src 'self'".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        format!("frame-ancestors {ancestors}"),
    ]
    .join("; ")
}

/// A value fit for `frame-ancestors`: `'self'`, `'none'`, or an origin such
/// as `https://console.example` or `https://*.example.com` (no spaces,
/// semicolons or commas that would change the policy).
pub fn is_source_expression(value: &str) -> bool {
    let value = value.trim();
    if value == "'self'" || value == "'none'" {
        return true;
    }
    !value.is_empty()
        && !value.contains(['\'', ';', ',', '"'])
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && (value.contains("://") || value.ends_with(':'))
}

/// SHA-256 (base64) of every inline `<script>` of the HTML files under `dir`
/// (the folder itself and two levels below), sorted, without repeats.
pub fn inline_script_hashes(dir: &Path) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && depth < 2 {
                folders.push((path, depth + 1));
            } else if path.extension().is_some_and(|e| e == "html") {
                if let Ok(html) = std::fs::read_to_string(&path) {
                    hashes.extend(inline_scripts(&html).into_iter().map(sha256_base64));
                }
            }
        }
    }
    hashes.sort();
    hashes.dedup();
    hashes
}

/// The text of each `<script>` element without a `src` attribute.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(open_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| i + open_end) else {
            break;
        };
        let attributes = &lower[start + "<script".len()..open_end];
        let has_src = attributes
            .split(|c: char| c.is_whitespace())
            .any(|a| a.starts_with("src=") || a == "src");
        if !has_src {
            scripts.push(&html[open_end + 1..close]);
        }
        from = close;
    }
    scripts
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// Adds the headers to every answer; the policy only to HTML.
pub async fn add(State(headers): State<SecurityHeaders>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let out = response.headers_mut();
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if is_html {
        out.insert(
            HeaderName::from_static("content-security-policy"),
            headers.csp.clone(),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<head><script type="module" src="/a.js"></script>
<SCRIPT type="module">import init from '/x.js';
await init();</SCRIPT><script>one()</script></head>"#;
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/x.js';\nawait init();", "one()"]
        );
    }

    #[test]
    fn the_policy_names_hashes_and_ancestors() {
        let csp = content_security_policy(&["abc=".to_owned()], &[]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        let csp = content_security_policy(
            &[],
            &[
                "https://console.example".to_owned(),
                "https://x; script-src *".to_owned(),
            ],
        );
        assert!(csp.ends_with("frame-ancestors https://console.example"));
    }
}
