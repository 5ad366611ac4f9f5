'use client';
// The largest groups of similar trips (same origin cell, destination cell and time of day).
import type { SimilarGroup } from '@/lib/client/api';
import { formatCount } from '@/lib/client/format';

export function SimilarTripsList({ groups, highlighted, onHighlight, onSelect }: { groups: SimilarGroup[]; highlighted: number | null; onHighlight: (i: number | null) => void; onSelect: (i: number) => void }) {
  return (
    <ol className="similar-list" data-testid="similar-trips-list">
      {groups.map((g, i) => (
        <li key={`${g.origin.geohash}-${g.destination.geohash}-${g.bucket.start}-${i}`}>
          <button
            type="button"
            className={highlighted === i ? 'similar-item active' : 'similar-item'}
            onMouseEnter={() => onHighlight(i)}
            onMouseLeave={() => onHighlight(null)}
            onFocus={() => onHighlight(i)}
            onBlur={() => onHighlight(null)}
            onClick={() => onSelect(i)}
            aria-label={`${formatCount(g.trips)} trips at ${g.bucket.label} from cell ${g.origin.geohash} to ${g.destination.geohash}`}
          >
            <span className="bucket">{g.bucket.label}</span>
            <span className="cells">
              {g.origin.geohash} → {g.destination.geohash}
              {g.region ? <span className="muted"> · {g.region}</span> : null}
            </span>
            <span className="count">{formatCount(g.trips)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
