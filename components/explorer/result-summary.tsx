'use client';
// The weekly-average answer in words, exactly as the API gives it.
import type { WeeklyAverage } from '@/lib/client/api';

export function summaryText(r: WeeklyAverage): string {
  return `${r.weeklyAverage} trips per week on average (${r.totalTrips} trips over ${r.weeks} weeks, from ${r.from} to ${r.to})`;
}

export function ResultSummary({ result }: { result: WeeklyAverage }) {
  return (
    <p className="result-summary" data-testid="result-summary" aria-live="polite">
      <strong>{result.weeklyAverage}</strong>
      {summaryText(result).slice(String(result.weeklyAverage).length)}
    </p>
  );
}
