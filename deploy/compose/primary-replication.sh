#!/bin/sh
# Runs once when the primary's data volume is first initialised (docker-entrypoint-initdb.d):
# a replication role and a pg_hba line so the `replica` profile's standby can stream from it.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD:-replicator}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
