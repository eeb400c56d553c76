#!/usr/bin/env bash
# Run by the postgres image on the first start of an empty data directory
# (/docker-entrypoint-initdb.d): creates Baton's owner and server roles with
# deploy/postgres/roles.sql. The passwords come from the compose environment.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v database="$POSTGRES_DB" \
  -v owner=baton_owner -v owner_password="$BATON_OWNER_PASSWORD" \
  -v server=baton_server -v server_password="$BATON_SERVER_PASSWORD" \
  -f /baton/roles.sql
