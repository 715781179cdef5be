#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the dashboard's browser test (DashboardBrowserTest)
# when either is missing. Needs root and apt-get; otherwise it says what to install and exits 2
# (pass -Dbrowser.skip=true to build without the browser test).
set -euo pipefail
browser=/usr/bin/chromium
driver=/usr/bin/chromedriver
if [ -x "$browser" ] && [ -x "$driver" ]; then
  echo "browser: $("$browser" --version 2>/dev/null || echo chromium) and $driver present"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "browser: chromium and chromium-driver are missing and cannot be installed here (needs root and apt-get):" >&2
  echo "  apt-get install chromium chromium-driver, or pass -Dbrowser.skip=true" >&2
  exit 2
fi
start=$(date +%s)
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  chromium chromium-driver fonts-dejavu-core >/dev/null
echo "browser: installed chromium and chromium-driver in $(( $(date +%s) - start ))s"
