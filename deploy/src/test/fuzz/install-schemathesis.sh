#!/usr/bin/env bash
# Installs the pinned schemathesis (requirements.txt) into a virtualenv under target/ for ApiFuzzIT,
# once per build directory. Needs python3 with venv (installed from Debian when missing, as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:?usage: install-schemathesis.sh <venv dir>}"
if [ -x "$venv/bin/st" ] && cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pip >/dev/null
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cp "$here/requirements.txt" "$venv/requirements.txt"
"$venv/bin/st" --version
