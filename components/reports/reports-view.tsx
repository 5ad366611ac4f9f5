'use client';
// Stakeholder reports: one weekly chart per region with totals and weekly averages over a
// chosen window (kept in the URL), the two insight answers, and a CSV export of every region's
// weekly series.
import { useQueries } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { areaParams, getJson, type WeeklyAverage } from '@/lib/client/api';
import { fillWeeks, unionExtent } from '@/lib/client/weeks';
import { CopyLinkButton } from '@/components/copy-link-button';
import { FullWeeksSwitch } from '@/components/full-weeks-switch';
import { useRegions } from '@/components/hooks/use-api';
import { DateWindow } from '@/components/explorer/query-controls';
import { ExportCsvButton } from '@/components/export-csv-button';
import { InsightsPanel } from './insights-panel';
import { RegionReport } from './region-report';

export function ReportsView({ initialFrom = '', initialTo = '' }: { initialFrom?: string; initialTo?: string }) {
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const regions = useRegions();

  // Window -> URL (replace: editing the window is not navigation).
  useEffect(() => {
    const p = new URLSearchParams();
    if (from) p.set('from', from);
    if (to) p.set('to', to);
    const url = `${window.location.pathname}${p.size ? `?${p}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
  }, [from, to]);
  const setWindow = (f: string, t: string) => {
    setFrom(f);
    setTo(t);
  };
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
        <div>
          <DateWindow idPrefix="report" from={from} to={to} onChange={setWindow} />
          <FullWeeksSwitch idPrefix="report" extent={unionExtent(list)} from={from} to={to} onChange={setWindow} />
        </div>
        <CopyLinkButton />
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
