#!/bin/sh
# The `replica` profile's standby: on an empty volume, clone the primary with pg_basebackup
# (-R writes standby.signal and primary_conninfo, -C -S keeps a replication slot so the primary
# holds WAL the standby still needs), then run PostgreSQL as a hot standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -q; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" -R -X stream -C -S trip_atlas_replica
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
