#!/usr/bin/env bash
# Prepares a local PostgreSQL for the storage contract tests. Idempotent: safe to run on every CI build.
# Everything goes to stderr except the last stdout line, an export statement, so callers can do:
#   eval "$(.ci/postgres-setup.sh)"
set -euo pipefail

ROLE="${KEYTURN_PG_ROLE:-keyturn}"
PASSWORD="${KEYTURN_PG_PASSWORD:-keyturn}"
DATABASE="${KEYTURN_PG_DATABASE:-keyturn_test}"
CLUSTER=main

log() { echo "postgres-setup: $*" >&2; }
as_postgres() { runuser -u postgres -- "$@"; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "pg_ctlcluster missing; installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
fi

# Newest installed major version (Debian installs one per version under /usr/lib/postgresql).
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"

cluster_field() { # $1 = awk field number of pg_lsclusters output for our cluster
  pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}

if [ -z "$(cluster_field 2)" ]; then
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" >&2
fi

# Loopback only: the test role is a superuser with a well-known password. A conf.d drop-in (Debian's
# postgresql.conf includes conf.d) leaves the packaged file untouched.
DROP_IN="/etc/postgresql/$VERSION/$CLUSTER/conf.d/keyturn-tests.conf"
WANTED="listen_addresses = '127.0.0.1'"
if [ "$(cat "$DROP_IN" 2>/dev/null || true)" != "$WANTED" ]; then
  mkdir -p "$(dirname "$DROP_IN")"
  echo "$WANTED" > "$DROP_IN"
  if [ "$(cluster_field 4)" = "online" ]; then
    log "restarting cluster to apply listen_addresses"
    pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
  fi
fi

if [ "$(cluster_field 4)" != "online" ]; then
  log "starting cluster $VERSION/$CLUSTER"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

PORT="$(cluster_field 3)"
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2

psql_admin() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -tAq "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  log "creating role $ROLE"
  psql_admin -c "CREATE ROLE \"$ROLE\" LOGIN SUPERUSER PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  log "creating database $DATABASE"
  as_postgres createdb -p "$PORT" -O "$ROLE" "$DATABASE"
fi

echo "export KEYTURN_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASSWORD;Database=$DATABASE'"
