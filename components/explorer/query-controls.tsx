'use client';
// Which trip end must be in the area, and the date window.
import type { Match } from '@/lib/client/api';

const MATCHES: { value: Match; label: string }[] = [
  { value: 'origin', label: 'Origin' },
  { value: 'destination', label: 'Destination' },
  { value: 'both', label: 'Both' },
];

export function MatchControl({ value, onChange }: { value: Match; onChange: (m: Match) => void }) {
  return (
    <fieldset className="segmented">
      <legend>Trips whose … is in the area</legend>
      {MATCHES.map((m) => (
        <label key={m.value} className={value === m.value ? 'active' : ''}>
          <input type="radio" name="match" value={m.value} checked={value === m.value} onChange={() => onChange(m.value)} />
          {m.label}
        </label>
      ))}
    </fieldset>
  );
}

export function DateWindow({ from, to, onChange, idPrefix = 'window' }: { from: string; to: string; onChange: (from: string, to: string) => void; idPrefix?: string }) {
  const invalid = Boolean(from && to && from > to);
  return (
    <div className="date-window">
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>From</label>
        <input id={`${idPrefix}-from`} type="date" value={from} onChange={(e) => onChange(e.target.value, to)} aria-invalid={invalid || undefined} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>To</label>
        <input id={`${idPrefix}-to`} type="date" value={to} onChange={(e) => onChange(from, e.target.value)} aria-invalid={invalid || undefined} />
      </div>
      {invalid ? (
        <p className="field-error" role="alert">
          From must be on or before To
        </p>
      ) : (
        <p className="hint">Empty: the whole data range. Dates snap to ISO weeks (Mondays).</p>
      )}
    </div>
  );
}
