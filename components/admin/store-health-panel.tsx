'use client';
// Store health for admins: trips and size per partition (region x week heat table), aggregate
// tables against their keys, maintenance and what is due, unfinished jobs, top queries.
import { useStoreHealth } from '@/components/hooks/use-api';
import { formatBytes } from '@/lib/client/upload';
import { formatCount, localIsoMinutes } from '@/lib/client/format';

const n = (v: number) => formatCount(v);

export function StoreHealthPanel() {
  const health = useStoreHealth(true);
  if (health.isPending) return <section className="card"><h2>Store health</h2><p className="loading" role="status">Loading…</p></section>;
  if (health.isError) return <section className="card"><h2>Store health</h2><p className="error" role="alert">{health.error.message}</p></section>;
  const h = health.data;
  const regions = [...new Set(h.partitions.map((p) => p.region))];
  const weeks = [...new Set(h.partitions.map((p) => p.week))].sort();
  const cell = new Map(h.partitions.map((p) => [`${p.region}|${p.week}`, p]));
  const max = Math.max(1, ...h.partitions.map((p) => p.trips));
  return (
    <section className="card" aria-labelledby="health-heading" data-testid="store-health">
      <h2 id="health-heading">Store health</h2>
      <p className="small">
        Last maintenance: {h.lastMaintenance ? localIsoMinutes(new Date(h.lastMaintenance.finishedAt)) : 'never'}.
        {' '}Due: {n(h.due.pendingOrganising)} partitions to organise, {n(h.due.uncompactedRows)} aggregate rows to compact,
        {' '}{h.due.retentionWeeks ? `${n(h.due.weeksPastRetention.length)} weeks past retention (${h.due.retentionWeeks} weeks kept)` : 'no retention set'}.
        {' '}Unfinished jobs: {h.unfinishedJobs.length ? h.unfinishedJobs.map((j) => `${n(j.jobs)} ${j.status}`).join(', ') : 'none'}.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Trips per partition">
        <table className="history">
          <caption className="small">Trips per region and ISO week (darker: more); hover for the size on disk</caption>
          <thead><tr><th scope="col">Region</th>{weeks.map((w) => <th key={w} scope="col" className="nowrap">{w.slice(5)}</th>)}</tr></thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r}>
                <th scope="row">{r}</th>
                {weeks.map((w) => {
                  const p = cell.get(`${r}|${w}`);
                  return (
                    <td key={w} title={p ? `${r}, week of ${w}: ${n(p.trips)} trips, ${formatBytes(p.bytes)}` : undefined}
                      style={p ? { background: `rgba(37, 99, 235, ${0.1 + 0.6 * (p.trips / max)})` } : undefined}>
                      {p ? n(p.trips) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table className="history">
        <thead><tr><th scope="col">Aggregate</th><th scope="col">Rows</th><th scope="col">Keys</th><th scope="col">Size</th></tr></thead>
        <tbody>{h.aggregates.map((a) => <tr key={a.table}><td>{a.table}</td><td>{n(a.rows)}</td><td>{n(a.keys)}</td><td>{formatBytes(a.bytes)}</td></tr>)}</tbody>
      </table>
      {h.topQueries ? (
        <table className="history">
          <thead><tr><th scope="col">Top query</th><th scope="col">Calls</th><th scope="col">Total ms</th><th scope="col">Mean ms</th></tr></thead>
          <tbody>{h.topQueries.map((q, i) => <tr key={i}><td className="file">{q.query.slice(0, 160)}</td><td>{n(q.calls)}</td><td>{n(q.totalMs)}</td><td>{n(q.meanMs)}</td></tr>)}</tbody>
        </table>
      ) : <p className="muted small">{h.statementsHint}</p>}
    </section>
  );
}
