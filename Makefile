# Roster: the two commands that matter are `make run` and `make test`.
# Both install what is missing first (scripts/setup.sh), so they work on a fresh machine.
.PHONY: run test test-postgres setup build e2e size bench stress fuzz fmt

run:    ## build everything in release and start the demo server on 127.0.0.1:8080 (PORT=...)
	scripts/run.sh

test:   ## fmt, clippy, native tests, wasm tests and e2e tests in headless Chromium
	scripts/test.sh

test-postgres:  ## the server's tests against a private PostgreSQL started for the run
	scripts/test-postgres.sh

setup:  ## install missing tools only
	scripts/setup.sh --browser

build:  ## release build of the app into dist/, with its weight
	scripts/build-app.sh

e2e:    ## only the Playwright tests, against the current dist/ and debug server
	ROSTER_SERVER_BIN=$${CARGO_TARGET_DIR:-target}/debug/roster-server ROSTER_DIST=dist npx playwright test

bench:  ## server latency at scale (2,000 orgs, 100,000 members), switcher keystroke at 4x throttling, app weight
	scripts/setup.sh --browser
	test -f dist/index.html || scripts/build-app.sh
	cargo build --profile server -p roster-server
	node scripts/bench.mjs

stress: ## release server under 200 connections for 30 s (list, list + invites), then kill -9 in a batch; not part of CI
	scripts/stress.sh

fuzz:   ## schemathesis (PyPI, installed when missing) against a demo server: every phase, every check (FUZZ_MAX_EXAMPLES, FUZZ_MAX_TIME)
	scripts/fuzz.sh

size:   ## weight of dist/ (raw, gzip, brotli)
	node scripts/size.mjs dist

fmt:
	cargo fmt --all
