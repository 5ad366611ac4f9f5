'use client';
// Trips from one area to another: a From and a To slot, each filled with the area selected
// above (a box, polygon, region or zone) or left empty (any origin / any destination).
import { areaLabel, type NamedArea } from '@/lib/client/areas';

interface Props {
  origin: NamedArea | null;
  destination: NamedArea | null;
  current: NamedArea | null;
  onChange: (side: 'origin' | 'destination', a: NamedArea | null) => void;
}

function Slot({ label, value, current, onChange, empty }: { label: string; value: NamedArea | null; current: NamedArea | null; onChange: (a: NamedArea | null) => void; empty: string }) {
  return (
    <div className="od-slot" data-testid={`od-${label.toLowerCase()}`}>
      <span className="od-label">{label}</span>
      <span className={value ? 'od-area' : 'od-area muted'}>{value ? areaLabel(value) : empty}</span>
      <span className="od-actions">
        <button type="button" className="btn btn-secondary btn-small" disabled={!current} onClick={() => onChange(current)} aria-label={`Use the selected area as ${label}`}>
          Use selected
        </button>
        {value && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => onChange(null)} aria-label={`Clear ${label}`}>
            ×
          </button>
        )}
      </span>
    </div>
  );
}

export function OdPair({ origin, destination, current, onChange }: Props) {
  return (
    <div className="od-pair">
      <Slot label="From" value={origin} current={current} onChange={(a) => onChange('origin', a)} empty="any origin" />
      <Slot label="To" value={destination} current={current} onChange={(a) => onChange('destination', a)} empty="any destination" />
    </div>
  );
}
