// Weekly counts of raw trips, grouped by the partition a row lives in instead of by each row's
// week. Every leaf partition of store.trips holds one ISO week (in both layouts, see
// store.ensure_trip_partition), so the week is computed once per partition: a date_trunc and a
// cast on every row made the read of a 1.5M-row box 2.7x slower (691 against 258 ms, 10M rows).
// The first and last weeks of each group are both returned, and a group that spans two weeks
// (a partition layout this code does not know) stops the answer rather than misplace trips.
/** GROUP BY key: one group per leaf partition (with Citus, per shard). */
export const PER_PARTITION = 'tableoid';

/** Select-list items naming a group's week (aggregates: they read started_at of the group's rows). */
export const PARTITION_WEEK = `date_trunc('week', min(started_at))::date::text AS week, date_trunc('week', max(started_at))::date::text AS last_week`;

export interface PartitionWeek {
  week: string;
  last_week: string;
}

/** The week of a group of rows selected with PARTITION_WEEK. */
export function weekOfGroup(row: PartitionWeek): string {
  if (row.week !== row.last_week) throw new Error(`a store.trips partition holds trips of weeks ${row.week} and ${row.last_week}: one week per partition expected`);
  return row.week;
}

/** Trips per week from per-partition counts. */
export function weekCounts(rows: (PartitionWeek & { trips: number | string })[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const week = weekOfGroup(r);
    counts.set(week, (counts.get(week) ?? 0) + Number(r.trips));
  }
  return counts;
}
