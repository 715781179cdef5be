#!/usr/bin/env bash
# Installs Debian's prometheus package (for its promtool) when promtool is missing, so that
# AlertingRulesTest can check deploy/prometheus/reprotect-alerts.yml and run its rule unit tests.
# Needs root and apt-get; otherwise it says what to install and exits 2 (pass -Dpromtool.skip=true
# to build without the rules test).
set -euo pipefail
if command -v promtool >/dev/null; then
  echo "promtool: $(promtool --version 2>&1 | head -n1) present"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "promtool: missing and cannot be installed here (needs root and apt-get):" >&2
  echo "  apt-get install prometheus, or pass -Dpromtool.skip=true" >&2
  exit 2
fi
start=$(date +%s)
apt-get update -qq
# Only the tool is wanted: the package's service is never started (no init system in a build).
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
echo "promtool: installed Debian's prometheus in $(( $(date +%s) - start ))s"
