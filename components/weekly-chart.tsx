'use client';
// Bar chart of trips per week (recharts), with an accessible table of the same numbers. Partial
// weeks (the data starts or ends inside them) are drawn lighter and marked in the table.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeeklyPoint } from '@/lib/client/api';
import { formatCount, spansYears, weekTick } from '@/lib/client/format';

const FULL = '#2563eb';
const PARTIAL = '#a5bdf0';

export function WeeklyChart({ series, height = 200, label, partial = EMPTY }: { series: WeeklyPoint[]; height?: number; label: string; partial?: ReadonlySet<string> }) {
  const withYear = spansYears(series.map((p) => p.weekStart));
  const shown = series.filter((p) => partial.has(p.weekStart)).length;
  return (
    <figure className="weekly-chart" data-testid="weekly-chart" data-bars={series.length} data-partial={shown} aria-label={label}>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
            <XAxis dataKey="weekStart" tickFormatter={(w: string) => weekTick(w, withYear)} tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis
              allowDecimals={false}
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => formatCount(v)}
              width={48}
              label={{ value: 'Trips per week', angle: -90, position: 'insideLeft', offset: 6, style: { fontSize: 11, fill: '#5b6475', textAnchor: 'middle' } }}
            />
            <Tooltip
              labelFormatter={(w) => `Week of ${String(w)}${partial.has(String(w)) ? ' (partial)' : ''}`}
              formatter={(v) => [formatCount(Number(v)), 'Trips']}
            />
            <Bar dataKey="trips" radius={[3, 3, 0, 0]} isAnimationActive={false} minPointSize={1}>
              {series.map((p) => (
                <Cell key={p.weekStart} fill={partial.has(p.weekStart) ? PARTIAL : FULL} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      {shown > 0 && (
        <figcaption className="small muted">
          <span className="swatch" style={{ background: PARTIAL }} aria-hidden="true" /> partial week: the data starts or ends inside it
        </figcaption>
      )}
      <details className="chart-table">
        <summary>Show as table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Week starting</th>
              <th scope="col">Trips</th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.weekStart} data-testid="week-row" data-partial={partial.has(p.weekStart) || undefined}>
                <td>
                  {p.weekStart}
                  {partial.has(p.weekStart) && <span className="muted"> (partial)</span>}
                </td>
                <td>{formatCount(p.trips)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

const EMPTY: ReadonlySet<string> = new Set();
