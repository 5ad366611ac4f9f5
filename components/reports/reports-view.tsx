'use client';
// Stakeholder reports: one weekly chart per region with totals and weekly averages over a
// chosen window, the two insight answers, and a CSV export of every region's weekly series.
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { areaParams, getJson, type WeeklyAverage } from '@/lib/client/api';
import { fillWeeks } from '@/lib/client/weeks';
import { useRegions } from '@/components/hooks/use-api';
import { DateWindow } from '@/components/explorer/query-controls';
import { ExportCsvButton } from '@/components/export-csv-button';
import { InsightsPanel } from './insights-panel';
import { RegionReport } from './region-report';

export function ReportsView() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const regions = useRegions();
  const list = regions.data ?? [];
  const valid = !(from && to && from > to);
  const reports = useQueries({
    queries: list.map((r) => {
      const qs = areaParams({ region: r.name }, { match: 'origin', from, to });
      return {
        queryKey: ['weekly-average', qs],
        queryFn: ({ signal }: { signal: AbortSignal }) => getJson<WeeklyAverage>(`/api/weekly-average?${qs}`, { signal }),
        enabled: valid,
      };
    }),
  });

  const rows: (string | number)[][] = [];
  list.forEach((r, i) => {
    const d = reports[i]?.data;
    if (d) for (const p of fillWeeks(d.from, d.to, d.series)) rows.push([r.name, p.weekStart, p.trips]);
  });

  return (
    <div className="page reports">
      <div className="page-head">
        <h1>Reports</h1>
        <p className="muted">Trips per week in each region, with totals and weekly averages for the chosen window.</p>
      </div>
      <div className="report-toolbar">
        <DateWindow idPrefix="report" from={from} to={to} onChange={(f, t) => { setFrom(f); setTo(t); }} />
        <ExportCsvButton fileName={`trip-atlas-weekly-by-region${from ? `-${from}` : ''}.csv`} header={['region', 'week_start', 'trips']} rows={rows} label="Export all regions (CSV)" />
      </div>

      <InsightsPanel />

      <h2 className="section-title">Regions</h2>
      {regions.isPending ? (
        <p className="loading" role="status">Loading regions…</p>
      ) : regions.isError ? (
        <p className="error" role="alert">Could not load regions: {regions.error.message}</p>
      ) : list.length === 0 ? (
        <p className="empty">No data yet. An admin can upload a CSV on the Admin page.</p>
      ) : (
        <div className="report-grid">
          {list.map((r, i) => (
            <RegionReport key={r.id} region={r} query={reports[i]} />
          ))}
        </div>
      )}
    </div>
  );
}
