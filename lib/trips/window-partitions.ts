// Raw reads of a window by naming its partitions. Read through the parent store.trips, every row
// also passes the filters that pick its partitions (region_id = ANY(...), started_at in the
// window), although each partition holds one week (and, but in the 'week' layout, one region)
// wholly inside the window, and its week is found again by aggregating started_at per tableoid.
// Naming each partition as its own branch of a UNION ALL, labelled with its week, spares both:
// one 25 km match=both box in Prague at 10M rows, half a year: 178-182 ms through the parent,
// 104-115 ms by name (four runs each, alternated).
import type pg from 'pg';
import { tripPartitionName, type StoreLayout } from '../db/store-layout';
import { dayToIsoDate, isoDateToDay } from '../geo/wall-time';
import { weeksBetween, type WeekWindow } from './window';

export interface WindowPartition {
  /** the partition's table in schema store (a name store.trip_partition_name made) */
  table: string;
  /** its ISO week (Monday) */
  week: string;
  /** whether it holds every region of its week ('week' layout): the read filters the regions */
  shared: boolean;
  /** trips of the regions read in it (store.region_weeks), to share the work out */
  trips: number;
}

/** Beyond this many partitions a read goes through the parent (the statements' text stays small). */
export const MAX_NAMED_PARTITIONS = 1_000;

/** The existing partitions holding trips of these regions in the window, by week. */
export async function windowPartitions(db: pg.Pool, regions: number[], w: WeekWindow): Promise<WindowPartition[]> {
  // A partition exists while its region_weeks row counts trips: both change in one transaction.
  const { rows: [r] } = await db.query<{ layout: StoreLayout; regions: number[] | null; weeks: string[] | null; trips: string[] | null }>(
    `SELECT store.trip_layout() AS layout, array_agg(region_id ORDER BY week, region_id) AS regions,
            array_agg(week::text ORDER BY week, region_id) AS weeks, array_agg(trips::int8 ORDER BY week, region_id) AS trips
     FROM store.region_weeks WHERE region_id = ANY($1::int2[]) AND week >= $2 AND week < $3 AND trips > 0`,
    [regions, w.from, w.to]);
  const partitions: WindowPartition[] = [];
  (r.weeks ?? []).forEach((week, i) => {
    const table = tripPartitionName(r.layout, r.regions![i], week);
    const trips = Number(r.trips![i]);
    // the 'week' layout: one partition holds the week of every region
    if (partitions.at(-1)?.table === table) partitions.at(-1)!.trips += trips;
    else partitions.push({ table, week, shared: r.layout === 'week', trips });
  });
  return partitions;
}

/**
 * The partitions cut into up to `n` groups of whole, consecutive weeks with about as many trips
 * each (none empty), in order: the reads run at once, one per core.
 */
export function splitByWeeks(partitions: WindowPartition[], n: number): WindowPartition[][] {
  const weeks: WindowPartition[][] = [];
  for (const p of partitions) {
    if (weeks.at(-1)?.[0].week === p.week) weeks.at(-1)!.push(p);
    else weeks.push([p]);
  }
  const total = partitions.reduce((sum, p) => sum + p.trips, 0);
  const groups: WindowPartition[][] = [];
  let done = 0;
  for (const week of weeks) {
    // a new group where this week's middle passes the next 1/n of the trips
    const trips = week.reduce((sum, p) => sum + p.trips, 0);
    if (!groups.length || (groups.length < n && done + trips / 2 >= (total * groups.length) / n)) groups.push([]);
    groups.at(-1)!.push(...week);
    done += trips;
  }
  return groups;
}

/**
 * One statement counting the rows of each partition meeting `where` (SQL over store.trips'
 * columns; `regionFilter` is added in partitions shared by every region): rows (i, trips), i the
 * partition's index in `partitions`. Names are made by tripPartitionName from numbers and dates.
 */
export function partitionCountsSql(partitions: WindowPartition[], where: string[], regionFilter: () => string): string {
  let regions: string | undefined; // made once, where needed: a parameter no branch uses has no type
  return partitions.map((p, i) => {
    const filters = p.shared ? [(regions ??= regionFilter()), ...where] : where;
    return `SELECT ${i} AS i, count(*)::int8 AS trips FROM store."${p.table}"${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}`;
  }).join('\nUNION ALL ');
}

/** Whether a read failed on a partition dropped since it was listed (retention, a deletion). */
export const isDroppedTable = (err: unknown): boolean => (err as { code?: string }).code === '42P01';

/** The window of whole weeks a group of partitions (consecutive weeks, in order) spans. */
export function groupWindow(group: WindowPartition[]): WeekWindow {
  const from = group[0].week;
  const to = dayToIsoDate(isoDateToDay(group.at(-1)!.week) + 7);
  return { from, to, weeks: weeksBetween(from, to) };
}
