#!/usr/bin/env bash
# Prepares a local MariaDB for the mysql-credentials tests. Idempotent: safe to run on every CI build.
# Everything goes to stderr except the last stdout line, an export statement, so callers can do:
#   eval "$(bash .ci/mariadb-setup.sh | tail -n 1)"
set -euo pipefail

USER_NAME="${KEYTURN_MYSQL_USER:-keyturn}"
PASSWORD="${KEYTURN_MYSQL_PASSWORD:-keyturn}"
PORT=3306

log() { echo "mariadb-setup: $*" >&2; }

if ! command -v mariadbd >/dev/null 2>&1; then
  log "mariadbd missing; installing mariadb-server from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends mariadb-server mariadb-client >&2
fi

# Loopback only, whatever the packaged defaults say: the test account below has every privilege and a
# well-known password. A drop-in (read after the packaged 50-server.cnf) leaves the packaged files untouched.
DROP_IN=/etc/mysql/mariadb.conf.d/99-keyturn-tests.cnf
WANTED="$(printf '[mariadbd]\nbind-address = 127.0.0.1\nport = %s\nskip-name-resolve\n' "$PORT")"
restart=false
if [ "$(cat "$DROP_IN" 2>/dev/null || true)" != "$WANTED" ]; then
  printf '%s\n' "$WANTED" > "$DROP_IN"
  restart=true
fi

# The server runs as the unprivileged mysql user on Debian's data directory (/var/lib/mysql, owned by mysql).
if mariadb-admin ping --silent >/dev/null 2>&1; then
  if [ "$restart" = true ]; then
    log "restarting MariaDB to apply $DROP_IN"
    service mariadb restart >&2
  fi
else
  log "starting MariaDB"
  service mariadb start >&2
fi

for _ in $(seq 1 30); do
  mariadb-admin ping --silent >/dev/null 2>&1 && break
  sleep 1
done
mariadb-admin ping >&2

# root logs in over the Unix socket (unix_socket authentication), so no password is needed here.
# Host 127.0.0.1 and localhost: the tests connect over TCP to 127.0.0.1 only.
as_root() { mariadb --protocol=socket -u root -N -B -e "$1"; }
for host in 127.0.0.1 localhost; do
  as_root "CREATE USER IF NOT EXISTS '$USER_NAME'@'$host' IDENTIFIED BY '$PASSWORD';
           ALTER USER '$USER_NAME'@'$host' IDENTIFIED BY '$PASSWORD';
           GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'$host' WITH GRANT OPTION;"
done

echo "export KEYTURN_TEST_MYSQL='Server=127.0.0.1;Port=$PORT;User ID=$USER_NAME;Password=$PASSWORD'"
