#!/usr/bin/env bash
# Installs the official Infisical Node SDK (@infisical/sdk 5.0.2) from the npm registry for the test that points it at
# Keyturn (tests/Keyturn.Server.Tests/InfisicalSdk). The SDK and everything it pulls in are pinned, with their integrity
# hashes, by .ci/infisical-sdk/package-lock.json (`npm ci`). Installs outside the repo, and reuses an install made from
# the same lockfile.
# Everything goes to stderr except the last stdout line, an export statement, so callers can do:
#   eval "$(bash .ci/infisical-sdk-setup.sh | tail -n 1)"
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=5.0.2
SOURCE=.ci/infisical-sdk
DIR="${KEYTURN_INFISICAL_SDK_DIR:-${TMPDIR:-/tmp}/keyturn-infisical-sdk}"
STAMP="$DIR/.keyturn-lock.sha256"

log() { echo "infisical-sdk-setup: $*" >&2; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "node or npm missing; installing nodejs and npm from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends nodejs npm >&2
fi

# The SDK calls the global fetch, which Node has from 18 on.
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] || { log "Node $node_major is too old: @infisical/sdk needs Node 18 or later"; exit 1; }

installed_version() { node -p "require('$DIR/node_modules/@infisical/sdk/package.json').version" 2>/dev/null || true; }
wanted_stamp="$(cat "$SOURCE/package.json" "$SOURCE/package-lock.json" | sha256sum | cut -d' ' -f1)"

if [ "$(cat "$STAMP" 2>/dev/null || true)" = "$wanted_stamp" ] && [ "$(installed_version)" = "$VERSION" ]; then
  log "@infisical/sdk $VERSION already installed in $DIR from this lockfile"
else
  log "installing @infisical/sdk $VERSION into $DIR (npm ci from $SOURCE/package-lock.json)"
  mkdir -p "$DIR"
  rm -f "$STAMP"
  cp "$SOURCE/package.json" "$SOURCE/package-lock.json" "$DIR/"
  (cd "$DIR" && npm ci --no-audit --no-fund >&2)
  [ "$(installed_version)" = "$VERSION" ] || { log "after npm ci, @infisical/sdk is '$(installed_version)', not $VERSION"; exit 1; }
  echo "$wanted_stamp" > "$STAMP"
fi

echo "export KEYTURN_TEST_INFISICAL_SDK='$DIR'"
