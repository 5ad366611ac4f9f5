'use client';
// The weekly-average answer in words: one decimal for the average, separators for counts, ISO dates.
import type { WeeklyAverage } from '@/lib/client/api';
import { formatAverage, formatCount } from '@/lib/client/format';

type Answer = Pick<WeeklyAverage, 'from' | 'to' | 'weeks' | 'totalTrips' | 'weeklyAverage'>;

export function summaryText(r: Answer): string {
  return `${formatAverage(r.weeklyAverage)} trips per week on average (${formatCount(r.totalTrips)} trips over ${formatCount(r.weeks)} weeks, from ${r.from} to ${r.to})`;
}

export function ResultSummary({ result, partialWeeks = 0 }: { result: Answer; partialWeeks?: number }) {
  const average = formatAverage(result.weeklyAverage);
  return (
    <p className="result-summary" data-testid="result-summary" aria-live="polite">
      <strong>{average}</strong>
      {summaryText(result).slice(average.length)}
      {partialWeeks > 0 && <span className="muted small"> · includes {partialWeeks === 1 ? 'a partial week' : `${partialWeeks} partial weeks`}</span>}
    </p>
  );
}
