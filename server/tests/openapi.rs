//! The committed OpenAPI document (api/openapi.json) must match what the
//! server generates. Run with UPDATE_OPENAPI=1 to rewrite it after an
//! intended API change.

use std::path::PathBuf;

#[test]
fn committed_openapi_matches_generated() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/openapi.json");
    let generated = roster_server::openapi_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write api/openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "api/openapi.json is out of date with the server's routes and types. \
         Regenerate it with: UPDATE_OPENAPI=1 cargo test -p roster-server --test openapi"
    );
}
