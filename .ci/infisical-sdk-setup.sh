#!/usr/bin/env bash
# Installs the official Infisical Node SDK (@infisical/sdk, pinned) from the npm registry for the test that points it at
# Keyturn (tests/Keyturn.Server.Tests/InfisicalSdk). Installs outside the repo and reuses an install of the same version.
# Everything goes to stderr except the last stdout line, an export statement, so callers can do:
#   eval "$(bash .ci/infisical-sdk-setup.sh | tail -n 1)"
set -euo pipefail

VERSION=5.0.2
DIR="${KEYTURN_INFISICAL_SDK_DIR:-${TMPDIR:-/tmp}/keyturn-infisical-sdk}"

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

if [ "$(installed_version)" = "$VERSION" ]; then
  log "@infisical/sdk $VERSION already installed in $DIR"
else
  log "installing @infisical/sdk@$VERSION into $DIR"
  mkdir -p "$DIR"
  # A package.json of its own keeps npm from walking up into a parent project.
  [ -f "$DIR/package.json" ] || echo '{"private": true}' > "$DIR/package.json"
  (cd "$DIR" && npm install --no-audit --no-fund --save-exact "@infisical/sdk@$VERSION" >&2)
  [ "$(installed_version)" = "$VERSION" ] || { log "after npm install, @infisical/sdk is '$(installed_version)', not $VERSION"; exit 1; }
fi

echo "export KEYTURN_TEST_INFISICAL_SDK='$DIR'"
