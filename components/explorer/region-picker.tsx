'use client';
// Picks a whole region instead of a box.
import type { Region } from '@/lib/client/api';
import { formatCount } from '@/lib/client/format';

export function RegionPicker({ regions, value, onChange, loading }: { regions: Region[]; value: string | null; onChange: (name: string | null) => void; loading: boolean }) {
  return (
    <div className="field">
      <label htmlFor="region-picker">Region</label>
      <select id="region-picker" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={loading && !regions.length}>
        <option value="">{loading ? 'Loading regions…' : regions.length ? 'Choose a region…' : 'No regions yet'}</option>
        {regions.map((r) => (
          <option key={r.id} value={r.name}>
            {r.name} ({formatCount(r.trips)} trips)
          </option>
        ))}
      </select>
    </div>
  );
}
