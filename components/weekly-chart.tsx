'use client';
// Bar chart of trips per week (recharts), with an accessible table of the same numbers.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeeklyPoint } from '@/lib/client/api';
import { formatWeek } from '@/lib/client/weeks';

export function WeeklyChart({ series, height = 200, label }: { series: WeeklyPoint[]; height?: number; label: string }) {
  return (
    <figure className="weekly-chart" data-testid="weekly-chart" data-bars={series.length} aria-label={label}>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
            <XAxis dataKey="weekStart" tickFormatter={formatWeek} tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(w) => `Week of ${formatWeek(String(w))}`} formatter={(v) => [v, 'Trips']} />
            <Bar dataKey="trips" fill="#2563eb" radius={[3, 3, 0, 0]} isAnimationActive={false} minPointSize={1} />
          </BarChart>
        </ResponsiveContainer>
      </div>
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
              <tr key={p.weekStart} data-testid="week-row">
                <td>{p.weekStart}</td>
                <td>{p.trips}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
