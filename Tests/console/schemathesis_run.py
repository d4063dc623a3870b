#!/usr/bin/env python3
"""schemathesis against a running `oss serve` and the OpenAPI document it
serves: no 5xx, no status code, content type or body the document does not
describe.

  OSS_CONSOLE_URL=http://127.0.0.1:8080 \\
  OSS_CONSOLE_ADMIN=anna.admin OSS_CONSOLE_ADMIN_PASSWORD=... \\
  [OSS_CONSOLE_SUPERVISOR=... OSS_CONSOLE_SUPERVISOR_PASSWORD=...] \\
  [OSS_CONSOLE_ASSESSOR=... OSS_CONSOLE_ASSESSOR_PASSWORD=...] \\
  .build-py/bin/python Tests/console/schemathesis_run.py

For each account given (admin always, the others when set) it logs in through
POST /login, then runs `st run $URL/api/openapi.yaml` with that session's
cookie and CSRF header, so every role's answers (403s included) are checked.
POST /logout is left out of the run (it would end the session the run
depends on); the driver logs out at the end itself and checks that the
session is gone. GET /api/stations/events is left out too: a stream that
does not end until the client leaves. The run changes the journal: POST /api/levels with
generated ids and levels, and failed logins of generated names.

Settings: OSS_SCHEMATHESIS_MAX_EXAMPLES (per operation, default 30),
OSS_SCHEMATHESIS_SEED (default: a fresh one, printed), OSS_CONSOLE_OUT (the
JUnit reports go to schemathesis/ under it). Ends with
`schemathesis: N passed, M failed` (one check per account and run) and a
non-zero exit when anything failed.
"""

import os
import random
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_env  # noqa: E402

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def schemathesis_command():
    """`st` beside the running python (the venv's), else a clear failure."""
    candidate = os.path.join(os.path.dirname(sys.executable), "st")
    if os.access(candidate, os.X_OK):
        return candidate
    found = shutil.which("st")
    if found:
        return found
    raise console_env.SetupError("schemathesis (`st`) is missing: run this with .build-py/bin/python "
                                 "(scripts/python-env.sh makes it)")


def run_schemathesis(st, url, session, seed, max_examples, out):
    report = os.path.join(out, f"junit-{session.role}.xml")
    command = [
        st, "run", f"{url}/api/openapi.yaml",
        "--url", url,
        "--checks", CHECKS,
        "--header", f"Cookie: {session.cookie_header}",
        "--header", f"X-CSRF-Token: {session.csrf}",
        "--exclude-path", "/logout",
        "--exclude-path", "/api/stations/events",
        "--generation-with-security-parameters", "false",
        "--generation-database", "none",
        "--max-examples", str(max_examples),
        "--seed", str(seed),
        "--request-timeout", "15",
        "--workers", "1",
        "--no-color",
        "--output-sanitize", "true",
        "--report", "junit",
        "--report-junit-path", report,
    ]
    print(f"\n== schemathesis as {session.name} ({session.role}), seed {seed}, "
          f"{max_examples} examples per operation", flush=True)
    shown = [part if not part.startswith(("Cookie:", "X-CSRF-Token:")) else part.split(":")[0] + ": ..."
             for part in command]
    print("$ " + " ".join(shown), flush=True)
    # st keeps a cache of the failures it found (.schemathesis/) in its working folder, and
    # replays them next time: the output folder, not the repository.
    completed = subprocess.run(command, cwd=out)
    return completed.returncode, report


def main():
    tally = console_env.Tally("schemathesis")
    try:
        url = console_env.base_url()
        st = schemathesis_command()
        accounts = [(role, console_env.account(role, required=(role == "admin"))) for role in console_env.ROLES]
        accounts = [(role, found) for role, found in accounts if found]
    except console_env.SetupError as error:
        return console_env.fail_setup("schemathesis", error)
    out = os.path.abspath(os.path.join(console_env.output_dir(), "schemathesis"))
    os.makedirs(out, exist_ok=True)
    seed = int(os.environ.get("OSS_SCHEMATHESIS_SEED") or random.randrange(1 << 31))
    max_examples = int(os.environ.get("OSS_SCHEMATHESIS_MAX_EXAMPLES") or 30)
    print(f"schemathesis against {url}; seed {seed} (OSS_SCHEMATHESIS_SEED={seed} repeats it)", flush=True)

    for role, (name, password) in accounts:
        try:
            session = console_env.login(url, name, password)
        except console_env.SetupError as error:
            tally.check(f"log in as {name} ({role})", False, str(error))
            continue
        tally.check(f"log in as {name}: GET /api/session says role {role}", session.role == role,
                    f"role {session.role!r}")
        status, report = run_schemathesis(st, url, session, seed, max_examples, out)
        tally.check(f"schemathesis as {name} ({role}): {CHECKS}", status == 0,
                    f"exit status {status}; failures above, JUnit report {report}")
        answer = session.logout()
        tally.check(f"POST /logout as {name}: 303", answer.status == 303, f"answered {answer.status}")
        after = session.get("/api/session")
        tally.check(f"after logging out, GET /api/session with the old cookie: 401", after.status == 401,
                    f"answered {after.status}")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
