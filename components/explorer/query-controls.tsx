'use client';
// Which trip end must be in the area, and the date window (ISO dates, typed).
import { useState } from 'react';
import type { Match } from '@/lib/client/api';
import { isIsoDate } from '@/lib/client/format';

const MATCHES: { value: Match; label: string }[] = [
  { value: 'origin', label: 'Origin' },
  { value: 'destination', label: 'Destination' },
  { value: 'both', label: 'Both' },
];

/** `disabledHint`: the control does not apply (e.g. region answers count every trip of the region). */
export function MatchControl({ value, onChange, disabledHint }: { value: Match; onChange: (m: Match) => void; disabledHint?: string | null }) {
  const disabled = Boolean(disabledHint);
  return (
    <fieldset className={disabled ? 'segmented disabled' : 'segmented'} disabled={disabled} aria-describedby={disabled ? 'match-hint' : undefined}>
      <legend>Trips whose … is in the area</legend>
      {MATCHES.map((m) => (
        <label key={m.value} className={value === m.value && !disabled ? 'active' : ''}>
          <input type="radio" name="match" value={m.value} checked={value === m.value} onChange={() => onChange(m.value)} />
          {m.label}
        </label>
      ))}
      {disabled && (
        <p id="match-hint" className="hint" data-testid="match-hint">
          {disabledHint}
        </p>
      )}
    </fieldset>
  );
}

/** A date typed as YYYY-MM-DD; only empty or valid dates reach `onCommit`. */
function IsoDateInput({ id, value, onCommit, invalid }: { id: string; value: string; onCommit: (v: string) => void; invalid: boolean }) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  const malformed = draft !== '' && !isIsoDate(draft);
  return (
    <input
      id={id}
      type="text"
      inputMode="numeric"
      placeholder="YYYY-MM-DD"
      pattern="\d{4}-\d{2}-\d{2}"
      maxLength={10}
      value={draft}
      onChange={(e) => {
        const v = e.target.value.trim();
        setDraft(v);
        if (v === '' || isIsoDate(v)) onCommit(v);
      }}
      aria-invalid={invalid || malformed || undefined}
    />
  );
}

export function DateWindow({ from, to, onChange, idPrefix = 'window' }: { from: string; to: string; onChange: (from: string, to: string) => void; idPrefix?: string }) {
  const invalid = Boolean(from && to && from > to);
  return (
    <div className="date-window">
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>From</label>
        <IsoDateInput id={`${idPrefix}-from`} value={from} onCommit={(v) => onChange(v, to)} invalid={invalid} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>To</label>
        <IsoDateInput id={`${idPrefix}-to`} value={to} onCommit={(v) => onChange(from, v)} invalid={invalid} />
      </div>
      {invalid ? (
        <p className="field-error" role="alert">
          From must be on or before To
        </p>
      ) : (
        <p className="hint">YYYY-MM-DD. Empty: the whole data range. Dates snap to ISO weeks (Mondays).</p>
      )}
    </div>
  );
}
