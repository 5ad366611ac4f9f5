'use client';
// The selected box as four labelled, editable coordinates. Invalid input shows an inline error
// and never reaches the API; a valid box is applied on Enter or with the Apply button.
import { useState } from 'react';
import type { Bbox } from '@/lib/client/api';
import { BBOX_FIELDS, draftCrossesAntimeridian, draftFromBbox, validateDraft, type BboxDraft, type BboxErrors } from '@/lib/client/bbox';

const LABELS = { west: 'West', south: 'South', east: 'East', north: 'North' } as const;
const HINTS = { west: 'min longitude', south: 'min latitude', east: 'max longitude', north: 'max latitude' } as const;

export function BoxInputs({ bbox, onApply }: { bbox: Bbox | null; onApply: (b: Bbox) => void }) {
  // The parent remounts this component (key) when the box changes elsewhere (drawing, URL).
  const [draft, setDraft] = useState<BboxDraft>(() => draftFromBbox(bbox));
  const [errors, setErrors] = useState<BboxErrors>({});

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const r = validateDraft(draft);
    if ('errors' in r) {
      setErrors(r.errors);
      return;
    }
    setErrors({});
    onApply(r.bbox);
  }

  return (
    <form className="box-inputs" onSubmit={submit} noValidate aria-label="Box coordinates">
      <div className="box-grid">
        {BBOX_FIELDS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`box-${f}`}>{LABELS[f]}</label>
            <input
              id={`box-${f}`}
              name={f}
              inputMode="decimal"
              autoComplete="off"
              placeholder={HINTS[f]}
              value={draft[f]}
              aria-invalid={errors[f] ? true : undefined}
              aria-describedby={errors[f] ? `box-${f}-error` : undefined}
              onChange={(e) => {
                setDraft({ ...draft, [f]: e.target.value });
                if (errors[f] || errors.box) setErrors({ ...errors, [f]: undefined, box: undefined });
              }}
            />
            {errors[f] && (
              <span className="field-error" id={`box-${f}-error`} role="alert">
                {errors[f]}
              </span>
            )}
          </div>
        ))}
      </div>
      {draftCrossesAntimeridian(draft) && (
        <p className="hint" data-testid="box-antimeridian">
          West is east of East: the box crosses the antimeridian
        </p>
      )}
      {errors.box && (
        <p className="field-error" role="alert" data-testid="box-error">
          {errors.box}
        </p>
      )}
      <button type="submit" className="btn">Apply box</button>
    </form>
  );
}
