'use client';
// One region's card: total trips, weekly average and the weekly chart for the chosen window.
import type { UseQueryResult } from '@tanstack/react-query';
import type { Region, WeeklyAverage } from '@/lib/client/api';
import { formatAverage, formatCount } from '@/lib/client/format';
import { fillWeeks, weekCoverage } from '@/lib/client/weeks';
import { WeeklyChart } from '@/components/weekly-chart';

export function RegionReport({ region, query }: { region: Region; query: UseQueryResult<WeeklyAverage, Error> | undefined }) {
  const d = query?.data;
  const partial = region.firstTrip && region.lastTrip ? weekCoverage({ first: region.firstTrip, last: region.lastTrip }).partial : undefined;
  return (
    <article className="card region-report" data-testid="region-report" aria-labelledby={`region-${region.id}`}>
      <h3 id={`region-${region.id}`}>{region.name}</h3>
      {query?.isError ? (
        <p className="error" role="alert">{query.error.message}</p>
      ) : !d ? (
        <p className="loading" role="status">Loading…</p>
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>Trips</dt>
              <dd data-testid="region-total">{formatCount(d.totalTrips)}</dd>
            </div>
            <div>
              <dt>Per week</dt>
              <dd data-testid="region-average">{formatAverage(d.weeklyAverage)}</dd>
            </div>
            <div>
              <dt>Weeks</dt>
              <dd>{formatCount(d.weeks)}</dd>
            </div>
          </dl>
          <p className="muted small">
            {d.from} to {d.to}
          </p>
          <WeeklyChart series={fillWeeks(d.from, d.to, d.series)} height={160} label={`Trips per week in ${region.name}`} partial={partial} />
        </>
      )}
    </article>
  );
}
