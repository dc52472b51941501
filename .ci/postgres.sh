#!/usr/bin/env bash
# Starts a local PostgreSQL on 127.0.0.1 for composo-server's PostgreSQL profile tests and prints its JDBC URL
# as the last line. Installs Debian's postgresql package when missing. Idempotent; exits non-zero on failure
# (the caller then runs the build without PostgreSQL and those tests are skipped).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >/dev/null
  timeout 600 apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port"
psql_as_postgres() { su postgres -s /bin/sh -c "psql -p $port -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }
if [ "$(psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname='composo'")" != "1" ]; then
  psql_as_postgres "CREATE ROLE composo LOGIN PASSWORD 'composo'"
fi
if [ "$(psql_as_postgres "SELECT 1 FROM pg_database WHERE datname='composo_test'")" != "1" ]; then
  psql_as_postgres "CREATE DATABASE composo_test OWNER composo"
fi
echo "jdbc:postgresql://127.0.0.1:${port}/composo_test?user=composo&password=composo"
