"""Schemathesis hooks of `make fuzz` (scripts/fuzz.sh).

Authentication: a bearer token of the demo partner, from
`POST /api/v1/auth/demo-sign-in`. The fuzzer calls `POST /auth/sign-out` too,
which ends the session of the token it presents; the next request then gets
401, and schemathesis asks this provider for a fresh token and retries
(`retry_on` 401), so one sign-out does not turn the rest of the run into 401s.
"""

import json
import os
import urllib.request

import schemathesis


@schemathesis.auth(retry_on=[401])
class DemoPartner:
    def get(self, case, context):
        request = urllib.request.Request(
            os.environ["ROSTER_FUZZ_BASE"] + "/api/v1/auth/demo-sign-in",
            data=json.dumps({"email": "partner@roster.demo"}).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
