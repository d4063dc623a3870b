#!/usr/bin/env python3
"""Checks docs/architecture.md's module table against Package.swift, both ways:
every non-test target is listed, and each row's "may import" names exactly the
target's dependencies (products by their name). Prints each difference and
exits 1 when there is one."""
import json
import os
import re
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
package = json.loads(subprocess.run(["swift", "package", "--package-path", root, "dump-package"],
                                    check=True, capture_output=True, text=True).stdout)
test_only = {"TestSupport", "CUMockdev", "UMockdevSupport", "BoardProtocolC"}
built = {}
for target in package["targets"]:
    if target["type"] == "test" or target["name"] in test_only:
        continue
    names = set()
    for dependency in target.get("dependencies", []):
        kind, value = next(iter(dependency.items()))
        names.add(value[0])
    built[target["name"]] = names

with open(os.path.join(root, "docs", "architecture.md"), encoding="utf-8") as file:
    text = file.read()
section = re.search(r"<!-- modules: begin -->(.*?)<!-- modules: end -->", text, re.S)
if not section:
    print("docs/architecture.md: no module table between <!-- modules: begin --> and <!-- modules: end -->")
    sys.exit(1)
documented = {}
for line in section.group(1).splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) != 3 or cells[0] in ("module", "---", ""):
        continue
    documented[cells[0]] = {name.strip() for name in cells[2].split(",") if name.strip()}

problems = []
for name in sorted(built.keys() - documented.keys()):
    problems.append(f"{name}: in Package.swift, missing from docs/architecture.md")
for name in sorted(documented.keys() - built.keys()):
    problems.append(f"{name}: in docs/architecture.md, not a target of Package.swift")
for name in sorted(built.keys() & documented.keys()):
    extra, missing = built[name] - documented[name], documented[name] - built[name]
    if extra:
        problems.append(f"{name}: imports {', '.join(sorted(extra))} (Package.swift) that docs/architecture.md does not allow")
    if missing:
        problems.append(f"{name}: docs/architecture.md lists {', '.join(sorted(missing))}, which Package.swift does not give it")
# What the sources import must be in the table too (Swift also lets a module
# import what its dependencies depend on; that would hide a layer break).
paths = {target["name"]: target.get("path") or os.path.join("Sources", target["name"]) for target in package["targets"]}
system = {"Foundation", "FoundationEssentials", "Glibc", "Dispatch", "Synchronization", "_Concurrency"}
# Modules that come with a product: Yams' libyaml (StationModel's YAMLGuard reads its parser events).
product_modules = {"Yams": {"CYaml"}}
for name, allowed in sorted(documented.items()):
    folder = os.path.join(root, paths.get(name) or "")
    if name not in built or not os.path.isdir(folder):
        continue
    for directory, _, files in os.walk(folder):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            with open(os.path.join(directory, file), encoding="utf-8") as source:
                for number, line in enumerate(source, 1):
                    match = re.match(r"\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|func|protocol|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", line)
                    inside = set().union(*[product_modules.get(product, set()) for product in allowed])
                    if match and match.group(1) not in allowed | inside | system | {name}:
                        relative = os.path.relpath(os.path.join(directory, file), root)
                        problems.append(f"{relative}:{number}: {name} imports {match.group(1)}, not in its row of docs/architecture.md")
for problem in problems:
    print(problem)
print(f"architecture check: {len(built)} modules, {len(problems)} difference(s)")
sys.exit(1 if problems else 0)
