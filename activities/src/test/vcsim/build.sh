#!/usr/bin/env bash
# Builds vcsim for the vCenter adapter's tests into activities/target/vcsim/vcsim, from Debian's
# golang-go and golang-github-vmware-govmomi-dev (govmomi 0.24.2) in GOPATH mode. Installs the two
# packages with apt-get when go or the govmomi sources are missing (needs root on Debian).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../../target/vcsim}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
govmomi=/usr/share/gocode/src/github.com/vmware/govmomi/simulator
export PATH="$PATH:/usr/lib/go/bin"
if ! command -v go >/dev/null || [ ! -d "$govmomi" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "vcsim: go and govmomi are missing and cannot be installed here (needs root and apt-get):" >&2
    echo "  apt-get install golang-go golang-github-vmware-govmomi-dev, or pass -Dvcsim.skip=true" >&2
    exit 2
  fi
  start=$(date +%s)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    golang-go golang-github-vmware-govmomi-dev >/dev/null
  echo "vcsim: installed golang-go and golang-github-vmware-govmomi-dev in $(( $(date +%s) - start ))s"
fi
if [ "$out/vcsim" -nt "$here/main.go" ]; then
  echo "vcsim: $out/vcsim is up to date"
  exit 0
fi
start=$(date +%s)
mkdir -p "$out/gocache"
cd "$here"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$out/gocache" GOFLAGS= CGO_ENABLED=0 \
  go build -o "$out/vcsim" main.go
echo "vcsim: built $out/vcsim in $(( $(date +%s) - start ))s"
