#!/usr/bin/env bash
# Makes the Python environment of the console tests: a venv at .build-py/
# (Debian's python3, not whatever python3 comes first on PATH) holding exactly
# the versions of Tests/console/requirements.txt, from PyPI.
#
# Idempotent and fast when nothing changed: a stamp in the venv records the
# hash of the requirements and of the interpreter; when both match and the
# venv's python runs, it exits at once. Otherwise the venv is made anew, so a
# half-finished install never counts as done.
#
# Usage: scripts/python-env.sh         (prints the venv's python on success)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build-py
requirements=Tests/console/requirements.txt
python=/usr/bin/python3
stamp="$venv/.oss-requirements"

if [ ! -x "$python" ]; then
  echo "error: $python is missing; scripts/install-deps.sh installs Debian's python3 and python3-venv" >&2
  exit 1
fi

wanted="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version)' | tr -d '\n')"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && "$venv/bin/python" -c '' 2>/dev/null; then
  echo "$venv/bin/python"
  exit 0
fi

echo "Making the Python test environment $venv/ from $requirements" >&2
rm -rf "$venv"
if ! "$python" -m venv "$venv"; then
  echo "error: '$python -m venv' failed; is Debian's python3-venv installed (scripts/install-deps.sh)?" >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
"$venv/bin/python" -m pip check >&2
# The pins name every package: one that pip had to add means the list is incomplete.
if ! diff <(grep -v '^#' "$requirements" | sort -f) <("$venv/bin/python" -m pip freeze | sort -f) >&2; then
  echo "error: $requirements does not pin every package the venv holds (diff above)" >&2
  exit 1
fi
printf '%s' "$wanted" >"$stamp"
echo "$venv/bin/python"
