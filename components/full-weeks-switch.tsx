'use client';
// "Full weeks only": moves the window past a partial first week and before a partial last one,
// so they do not pull the average down.
import { weekCoverage, type DataExtent } from '@/lib/client/weeks';

export function FullWeeksSwitch({ extent, from, to, onChange, idPrefix }: { extent: DataExtent | null; from: string; to: string; onChange: (from: string, to: string) => void; idPrefix: string }) {
  if (!extent) return null;
  const c = weekCoverage(extent);
  if (c.partial.size === 0) return null;
  const on = from === c.fullFrom && to === c.fullTo;
  return (
    <label className="switch" htmlFor={`${idPrefix}-full-weeks`}>
      <input id={`${idPrefix}-full-weeks`} type="checkbox" checked={on} onChange={(e) => (e.target.checked ? onChange(c.fullFrom, c.fullTo) : onChange('', ''))} />
      Full weeks only <span className="muted small">(the data starts or ends mid-week)</span>
    </label>
  );
}
