"""What the console test drivers share: their settings from the environment,
a plain-HTTP login (no redirects followed, so 303s stay visible), and a
tally of checks that ends in the closing line `NAME: N passed, M failed`.

Settings (environment variables):
  OSS_CONSOLE_URL                 the running `oss serve`, e.g. http://127.0.0.1:8080
  OSS_CONSOLE_ADMIN               an admin account's name ...
  OSS_CONSOLE_ADMIN_PASSWORD      ... and its password
  OSS_CONSOLE_SUPERVISOR[_PASSWORD], OSS_CONSOLE_ASSESSOR[_PASSWORD]
                                  optional: more accounts (schemathesis runs once per account)
  OSS_CONSOLE_OUT                 where screenshots and reports go (default .build-console/)

A setting that a driver needs and does not find is a failure with a message
saying which, never a skip.
"""

import http.client
import json
import os
import sys
import urllib.parse

ROLES = ("admin", "supervisor", "assessor")


class SetupError(Exception):
    """A missing tool or setting: the run fails and says what to do."""


def require_env(name, hint=""):
    value = os.environ.get(name, "")
    if not value:
        raise SetupError(f"environment variable {name} is not set{': ' + hint if hint else ''}")
    return value


def base_url():
    url = require_env("OSS_CONSOLE_URL", "the base URL of a running `oss serve`, e.g. http://127.0.0.1:8080")
    return url.rstrip("/")


def account(role, required):
    """(name, password) of the account for `role`, or None when optional and not given."""
    key = f"OSS_CONSOLE_{role.upper()}"
    if not required and not os.environ.get(key):
        return None
    return require_env(key, f"the name of a console account with role {role}"), require_env(
        f"{key}_PASSWORD", f"the password of {key}")


def output_dir():
    path = os.environ.get("OSS_CONSOLE_OUT") or ".build-console"
    os.makedirs(path, exist_ok=True)
    return path


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value); names as sent
        self.body = body

    def header(self, name):
        values = self.all_headers(name)
        return values[0] if values else None

    def all_headers(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def request(url, method="GET", body=None, headers=None, timeout=15):
    """One HTTP request, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.request(method, target, body=body, headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.getheaders(), answer.read())
    finally:
        connection.close()


class Session:
    """A logged-in console session: its cookie and CSRF token."""

    def __init__(self, url, name, role, cookie, csrf):
        self.url = url
        self.name = name
        self.role = role
        self.cookie = cookie
        self.csrf = csrf

    @property
    def cookie_header(self):
        return f"oss_session={self.cookie}"

    def get(self, path):
        return request(self.url + path, headers={"Cookie": self.cookie_header})

    def logout(self):
        return request(self.url + "/logout", method="POST", body=b"",
                       headers={"Cookie": self.cookie_header, "X-CSRF-Token": self.csrf,
                                "Content-Type": "application/x-www-form-urlencoded"})


def session_cookie(response):
    """The value of the `oss_session` cookie a response sets, or None."""
    for value in response.all_headers("Set-Cookie"):
        first = value.split(";", 1)[0].strip()
        if first.startswith("oss_session="):
            return first[len("oss_session="):]
    return None


def login(url, name, password):
    """Logs in through POST /login as a form does; raises SetupError with the answer when it fails."""
    body = urllib.parse.urlencode({"name": name, "password": password}).encode()
    answer = request(url + "/login", method="POST", body=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    cookie = session_cookie(answer)
    if answer.status != 303 or not cookie:
        raise SetupError(f"POST /login as {name} answered {answer.status} "
                         f"(cookie {'set' if cookie else 'not set'}); expected 303 with an oss_session cookie")
    me = request(url + "/api/session", headers={"Cookie": f"oss_session={cookie}"})
    if me.status != 200:
        raise SetupError(f"GET /api/session after logging in as {name} answered {me.status}")
    fields = me.json()
    return Session(url, fields.get("name"), fields.get("role"), cookie, fields.get("csrf"))


class Tally:
    """Named checks, each passed or failed with a reason; ends with the closing line."""

    def __init__(self, name, verbose=True):
        self.name = name
        self.verbose = verbose
        self.passed = []
        self.failed = []

    def check(self, label, ok, detail=""):
        if ok:
            self.passed.append(label)
            if self.verbose:
                print(f"PASS {label}", flush=True)
        else:
            self.failed.append((label, detail))
            print(f"FAIL {label}{': ' + detail if detail else ''}", flush=True)
        return ok

    def run(self, label, body):
        """Runs `body()`; an exception is the check's failure, with its message."""
        try:
            result = body()
        except SetupError as error:
            return self.check(label, False, str(error))
        except Exception as error:  # a driver reports every step, whatever broke in one
            return self.check(label, False, f"{type(error).__name__}: {error}")
        return self.check(label, result is not False, "" if result is not False else "returned False")

    def guard(self, label, body):
        """Runs `body()`, which makes its own checks; an exception in it is one more failure."""
        try:
            body()
            return True
        except SetupError as error:
            return self.check(label, False, str(error))
        except Exception as error:  # a driver reports every step, whatever broke in one
            return self.check(label, False, f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}")

    def finish(self):
        if self.failed:
            print(f"\n{len(self.failed)} failed:")
            for label, detail in self.failed:
                print(f"  - {label}{': ' + detail if detail else ''}")
        print(f"{self.name}: {len(self.passed)} passed, {len(self.failed)} failed", flush=True)
        return 1 if self.failed or not self.passed else 0


def fail_setup(name, error):
    """The closing line for a run that could not start."""
    print(f"error: {error}", file=sys.stderr)
    print(f"{name}: 0 passed, 1 failed", flush=True)
    return 1
