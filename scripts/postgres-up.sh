#!/usr/bin/env bash
# Starts the local PostgreSQL cluster if it is down and creates the role and database the tests use.
# Idempotent; needs root (or the postgres user) on a Debian-style install (pg_ctlcluster).
# Usage: scripts/postgres-up.sh
# Env: GATEHOUSE_PG_USER (gatehouse), GATEHOUSE_PG_PASSWORD (gatehouse), GATEHOUSE_PG_DATABASE (gatehouse),
#      GATEHOUSE_PG_VERSION (the only one under /etc/postgresql), GATEHOUSE_PG_CLUSTER (main)
set -euo pipefail

user="${GATEHOUSE_PG_USER:-gatehouse}"
password="${GATEHOUSE_PG_PASSWORD:-gatehouse}"
database="${GATEHOUSE_PG_DATABASE:-gatehouse}"
cluster="${GATEHOUSE_PG_CLUSTER:-main}"

die() { echo "postgres-up: $*" >&2; exit 1; }

command -v pg_ctlcluster >/dev/null || die "pg_ctlcluster not found: install PostgreSQL (apt-get install -y postgresql) or point GATEHOUSE_PG_* at a server you have"
version="${GATEHOUSE_PG_VERSION:-$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)}"
[ -n "$version" ] || die "no cluster under /etc/postgresql"
[[ "$user" =~ ^[a-z_][a-z0-9_]*$ ]] || die "GATEHOUSE_PG_USER must be a plain identifier"
[[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || die "GATEHOUSE_PG_DATABASE must be a plain identifier"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi
}

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
fi
for _ in $(seq 1 30); do
  as_postgres pg_isready -q && break
  sleep 1
done
as_postgres pg_isready -q || die "PostgreSQL $version/$cluster did not become ready"

# Through the local socket (peer auth); tests log in over TCP with the password.
escaped_pw=${password//\'/\'\'}
as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$escaped_pw';
  ELSE
    ALTER ROLE $user LOGIN PASSWORD '$escaped_pw';
  END IF;
END
\$\$;
SQL
if ! as_postgres psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  as_postgres createdb -O "$user" "$database"
fi
echo "postgres-up: PostgreSQL $version/$cluster ready; database $database, role $user (127.0.0.1:${GATEHOUSE_PG_PORT:-5432})"
