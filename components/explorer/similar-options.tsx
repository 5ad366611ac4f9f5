'use client';
// How alike "similar" trips are: the cell size of both ends and the time-of-day bucket. Coarser
// choices find groups in sparse data (a 100-trip sample has none at ~1 km and one hour).
import { BUCKET_MINUTES, CELL_PRECISIONS } from '@/lib/client/explorer-state';

// Geohash cells at mid latitudes (precision 4, 5, 6).
const CELL_LABELS: Record<number, string> = { 4: '~40 × 20 km', 5: '~5 km', 6: '~1.2 × 0.6 km' };
const hours = (m: number) => `${m / 60} h`;

export function SimilarOptions({ cells, bucket, onChange }: { cells: number | null; bucket: number | null; onChange: (cells: number | null, bucket: number | null) => void }) {
  return (
    <div className="similar-options">
      <div className="field">
        <label htmlFor="similar-cells">Cells</label>
        <select id="similar-cells" value={cells ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null, bucket)}>
          <option value="">finest (store)</option>
          {CELL_PRECISIONS.map((p) => (
            <option key={p} value={p}>
              {CELL_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="similar-bucket">Time of day</label>
        <select id="similar-bucket" value={bucket ?? ''} onChange={(e) => onChange(cells, e.target.value ? Number(e.target.value) : null)}>
          <option value="">store bucket</option>
          {BUCKET_MINUTES.map((m) => (
            <option key={m} value={m}>
              {hours(m)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
