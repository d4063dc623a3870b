#!/usr/bin/env python3
"""Checks docs/openapi.yaml: a valid OpenAPI 3.1 document (openapi-spec-validator
from PyPI), with every route of the contract (console-and-site.md), the
session and CSRF schemes, and strict shapes (every object schema closed with
`additionalProperties: false`), so that schemathesis catches a drifting answer.

  .build-py/bin/python Tests/console/validate_openapi.py [--doc docs/openapi.yaml]

With OSS_BIN (an `oss` binary) the export row schemas are checked against the
columns of `oss export`'s CSV header. With OSS_CONSOLE_URL the document that
server answers at GET /api/openapi.yaml (without a session) must be this
file, byte for byte. Ends with `openapi: N passed, M failed`.
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_env  # noqa: E402

try:
    import jsonschema
    import yaml
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError as error:
    print(f"error: {error.name} is missing: run the drivers with .build-py/bin/python "
          "(scripts/python-env.sh makes it)", file=sys.stderr)
    print("openapi: 0 passed, 1 failed")
    sys.exit(1)

# route, method -> the roles of the contract (anyone: no session needed)
CONTRACT = {
    ("/login", "post"): ["anyone"],
    ("/logout", "post"): ["supervisor", "assessor", "admin"],
    ("/api/session", "get"): ["supervisor", "assessor", "admin"],
    ("/api/stations", "get"): ["supervisor", "assessor", "admin"],
    # Beyond the contract's table: the stream the stations page listens to.
    ("/api/stations/events", "get"): ["supervisor", "assessor", "admin"],
    ("/api/workers", "get"): ["supervisor", "assessor", "admin"],
    ("/api/levels", "get"): ["supervisor", "assessor", "admin"],
    ("/api/levels", "post"): ["supervisor", "admin"],
    ("/api/export/{what}.{format}", "get"): ["assessor", "admin"],
    ("/api/audit", "get"): ["assessor", "admin"],
    ("/api/openapi.yaml", "get"): ["anyone"],
}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
EXPORT_ROWS = {"cycles": "CycleRow", "steps": "StepRow", "errors": "ErrorRow", "summary": "SummaryRow"}


def open_objects(node, where="#"):
    """Paths of object schemas (with `properties`) not closed by additionalProperties: false."""
    found = []
    if isinstance(node, dict):
        if "properties" in node and isinstance(node["properties"], dict) and node.get("additionalProperties") is not False:
            found.append(where)
        for key, value in node.items():
            found += open_objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += open_objects(value, f"{where}/{index}")
    return found


def validator_for(doc, name):
    """A JSON Schema 2020-12 validator of components/schemas/NAME, resolving the document's $refs."""
    resource = Resource(contents=doc, specification=DRAFT202012)
    registry = Registry().with_resource("urn:oss-openapi", resource)
    schema = {"$ref": f"urn:oss-openapi#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


def export_columns(oss):
    """what -> columns: the CSV header `oss export` writes, on a fresh journal of its own."""
    columns = {}
    with tempfile.TemporaryDirectory() as folder:
        journal = os.path.join(folder, "oss.db")
        subprocess.run([oss, "user", "add", "--journal", journal, "--name", "schema.check", "--role", "admin",
                        "--password-stdin"], input="schema-check-password\n", capture_output=True, text=True,
                       check=True)
        for what in EXPORT_ROWS:
            header = subprocess.run([oss, "export", "--journal", journal, "--what", what, "--format", "csv"],
                                    capture_output=True, text=True, check=True).stdout.splitlines()[0]
            columns[what] = header.split(",")
    return columns


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", default=os.path.join(os.path.dirname(__file__), "..", "..", "docs", "openapi.yaml"))
    parser.add_argument("--verbose", action="store_true", help="print every check, not only the failed ones")
    arguments = parser.parse_args()
    tally = console_env.Tally("openapi", verbose=arguments.verbose)

    with open(arguments.doc, "rb") as file:
        raw = file.read()
    doc = yaml.safe_load(raw)

    def valid():
        errors = [f"{'/'.join(map(str, e.absolute_path)) or 'document'}: {e.message.splitlines()[0][:300]}"
                  for e in OpenAPIV31SpecValidator(doc).iter_errors()]
        if errors:
            raise AssertionError("; ".join(errors[:5]))
    tally.run("openapi-spec-validator: a valid OpenAPI 3.1 document", valid)
    tally.check("openapi is 3.1.x", str(doc.get("openapi", "")).startswith("3.1."), str(doc.get("openapi")))

    paths = doc.get("paths", {})
    documented = {(path, method) for path, item in paths.items() for method in item if method in METHODS}
    tally.check("every route of the contract is described", set(CONTRACT) <= documented,
                f"missing: {sorted(set(CONTRACT) - documented)}")
    tally.check("no route beyond these is described", documented <= set(CONTRACT),
                f"extra: {sorted(documented - set(CONTRACT))}")

    schemes = doc.get("components", {}).get("securitySchemes", {})
    tally.check("security scheme: the cookie oss_session",
                schemes.get("session") == {**schemes.get("session", {}), "type": "apiKey", "in": "cookie", "name": "oss_session"})
    tally.check("security scheme: the header X-CSRF-Token",
                schemes.get("csrf") == {**schemes.get("csrf", {}), "type": "apiKey", "in": "header", "name": "X-CSRF-Token"})

    for (path, method), roles in sorted(CONTRACT.items()):
        operation = paths.get(path, {}).get(method)
        if operation is None:
            continue
        label = f"{method.upper()} {path}"
        security = operation.get("security", doc.get("security", []))
        codes = set(operation.get("responses", {}))
        tally.check(f"{label}: roles {roles}", operation.get("x-oss-roles") == roles, str(operation.get("x-oss-roles")))
        if roles == ["anyone"]:
            tally.check(f"{label}: needs no session", security == [], str(security))
            continue
        needs_csrf = method != "get"
        wanted = [{"session": [], "csrf": []}] if needs_csrf else [{"session": []}]
        tally.check(f"{label}: security {wanted}", security == wanted, str(security))
        if path.startswith("/api/"):
            tally.check(f"{label}: documents 401 without a session", "401" in codes, str(sorted(codes)))
        if needs_csrf or set(roles) != {"supervisor", "assessor", "admin"}:
            tally.check(f"{label}: documents 403 (CSRF or role)", "403" in codes, str(sorted(codes)))
    login = paths.get("/login", {}).get("post", {}).get("responses", {})
    tally.check("POST /login: 303, 401 and 429", {"303", "401", "429"} <= set(login), str(sorted(login)))
    levels = paths.get("/api/levels", {}).get("post", {}).get("responses", {})
    tally.check("POST /api/levels: 200, 400, 401, 403", {"200", "400", "401", "403"} <= set(levels), str(sorted(levels)))
    export = paths.get("/api/export/{what}.{format}", {}).get("get", {}).get("responses", {}).get("200", {})
    tally.check("export: csv, json and xlsx media types",
                set(export.get("content", {})) == {"text/csv", "application/json",
                                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
                str(sorted(export.get("content", {}))))

    unclosed = open_objects(doc)
    tally.check("every object schema is closed (additionalProperties: false)", not unclosed, ", ".join(unclosed))

    def shape(name, instance, should_pass):
        errors = list(validator_for(doc, name).iter_errors(instance))
        if should_pass and errors:
            raise AssertionError(errors[0].message)
        if not should_pass and not errors:
            raise AssertionError(f"{instance!r} passed")

    good_time = "2026-11-24T08:00:03.500Z"
    station = {"station": "fietslamp-1", "name": "Werkplek", "worker": "W042", "product": "koplamp", "step": "s1",
               "state": "blocked", "open_error": {"kind": "wrong_bin", "input": "bin-2"}, "updated_at": good_time}
    samples = [
        ("a time with milliseconds", "Time", good_time, True),
        ("a time without milliseconds is refused", "Time", "2026-11-24T08:00:03Z", False),
        ("a time with an offset is refused", "Time", "2026-11-24T08:00:03.500+01:00", False),
        ("a blocked station", "Station", station, True),
        ("an idle station", "Station", {**station, "worker": None, "product": None, "step": None, "state": "idle",
                                         "open_error": None}, True),
        ("a station with an extra field is refused", "Station", {**station, "extra": 1}, False),
        ("a station with an unknown state is refused", "Station", {**station, "state": "busy"}, False),
        ("a step that is no id of a station's files is refused", "Station", {**station, "step": "Lens 1"}, False),
        ("an open error without input", "Station", {**station, "open_error": {"kind": "timeout", "input": None}}, True),
        ("an open error lacking the field input is refused", "Station",
         {**station, "open_error": {"kind": "timeout"}}, False),
        ("a worker with advice", "Worker", {"worker": "W042", "products": [
            {"product": "koplamp", "level": 2, "cycles": 7, "last_cycle_at": good_time, "advice": 3,
             "advice_reason": "5 cycles without errors"}]}, True),
        ("a worker without advice", "Worker", {"worker": "W042", "products": [
            {"product": "koplamp", "level": 1, "cycles": 0, "last_cycle_at": None, "advice": None,
             "advice_reason": None}]}, True),
        ("a worker without advice_reason is refused", "Worker", {"worker": "W042", "products": [
            {"product": "koplamp", "level": 1, "cycles": 0, "last_cycle_at": None, "advice": None}]}, False),
        ("level 4 is refused", "LevelSet", {"worker": "W042", "product": "koplamp", "level": 4}, False),
        ("an error body", "Error", {"error": "no session"}, True),
        ("an error body with more is refused", "Error", {"error": "x", "status": 401}, False),
    ]
    for label, name, instance, should_pass in samples:
        tally.run(f"schema {name}: {label}", lambda n=name, i=instance, p=should_pass: shape(n, i, p))

    # The export rows: each what's row matches its schema and no other (oneOf).
    properties = {what: doc["components"]["schemas"][name]["properties"] for what, name in EXPORT_ROWS.items()}
    oss = os.environ.get("OSS_BIN")
    if oss:
        def columns_match():
            columns = export_columns(oss)
            if set(columns) != set(EXPORT_ROWS):
                raise AssertionError(f"`oss export` gave columns for {sorted(columns)}")
            for what, names in columns.items():
                described = [p for p in properties[what] if p != "name"]
                if described != names:
                    raise AssertionError(f"{what}: oss export has {names}, the document {described}")
        tally.run("export row schemas: the columns of `oss export`, in order", columns_match)

    def rows_exclusive():
        for what, name in EXPORT_ROWS.items():
            row = {column: None for column in properties[what]}
            matching = [other for other in EXPORT_ROWS.values()
                        if not any(e.validator in ("additionalProperties", "required")
                                   for e in validator_for(doc, other).iter_errors(row))]
            if matching != [name]:
                raise AssertionError(f"a {what} row's fields fit {matching}")
    tally.run("export rows: each row shape fits exactly one schema", rows_exclusive)

    # The console serves a copy it embeds (a SwiftPM resource); it must be this file.
    asset = os.path.join(os.path.dirname(os.path.abspath(arguments.doc)), "..", "Sources", "Console", "Assets",
                         "openapi.yaml")
    if os.path.exists(asset):
        def asset_equal():
            with open(asset, "rb") as file:
                embedded = file.read()
            if embedded != raw:
                raise AssertionError(f"{os.path.normpath(asset)} ({len(embedded)} bytes) differs from "
                                     f"{arguments.doc} ({len(raw)} bytes): copy it, or make one a symbolic link to the other")
        tally.run("the copy the console embeds (Sources/Console/Assets/openapi.yaml) is this file", asset_equal)

    url = os.environ.get("OSS_CONSOLE_URL")
    if url:
        def served_equal():
            answer = console_env.request(url.rstrip("/") + "/api/openapi.yaml")
            if answer.status != 200:
                raise AssertionError(f"GET /api/openapi.yaml answered {answer.status}")
            kind = (answer.header("Content-Type") or "").split(";")[0].strip()
            if kind not in ("application/yaml",):
                raise AssertionError(f"Content-Type {kind!r}, not application/yaml")
            if answer.body != raw:
                raise AssertionError(f"the served document ({len(answer.body)} bytes) differs from {arguments.doc} "
                                     f"({len(raw)} bytes)")
        tally.run("GET /api/openapi.yaml without a session: this file, as application/yaml", served_equal)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
