'use client';
// Zones from a GeoJSON file (file input or drag-and-drop): a legend of the choropleth and a
// sortable table (zone, trips, weekly average) with CSV export; a row's name selects the zone.
import { useState, type DragEvent } from 'react';
import type { AreaWeeklyAverage } from '@/lib/client/api';
import type { ChoroplethClass } from '@/lib/client/choropleth';
import { NO_TRIPS_COLOR } from '@/lib/client/choropleth';
import { formatAverage, formatCount } from '@/lib/client/format';
import { parseZones, ZoneFileError, type Zone } from '@/lib/client/zones';
import { ExportCsvButton } from '@/components/export-csv-button';

export interface ZoneSet {
  key: string;
  file: string;
  list: Zone[];
  skipped: number;
}

type SortKey = 'name' | 'trips' | 'average';

interface Props {
  zones: ZoneSet | null;
  onZones: (z: ZoneSet | null) => void;
  results: AreaWeeklyAverage[] | undefined;
  loading: boolean;
  error: Error | null;
  classes: ChoroplethClass[];
  selected: string | null;
  onSelect: (idx: number) => void;
}

export function ZonesPanel({ zones, onZones, results, loading, error, classes, selected, onSelect }: Props) {
  const [fileError, setFileError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'average', desc: true });

  const load = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { zones: list, skipped } = parseZones(await file.text());
      setFileError(null);
      onZones({ key: `${file.name}:${file.size}:${file.lastModified}:${Date.now()}`, file: file.name, list, skipped });
    } catch (e) {
      setFileError(`${file.name}: ${e instanceof ZoneFileError ? e.message : 'could not be read.'}`);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void load(e.dataTransfer.files[0]);
  };

  const rows = (zones?.list ?? []).map((z, i) => ({ idx: i, name: z.name, trips: results?.[i]?.totalTrips ?? null, average: results?.[i]?.weeklyAverage ?? null }));
  const dir = sort.desc ? -1 : 1;
  rows.sort((a, b) => {
    const [x, y] = [a[sort.key], b[sort.key]];
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (Number(x ?? -1) - Number(y ?? -1));
    return c * dir || a.idx - b.idx;
  });
  const header = (key: SortKey, label: string, numeric: boolean) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }))}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="zones" data-testid="zones-dropzone" onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <div className={over ? 'dropzone compact over' : 'dropzone compact'}>
        <p className="small">Drop a GeoJSON FeatureCollection of zones (polygons) here, or</p>
        <label className="btn btn-secondary">
          Choose a GeoJSON file
          <input type="file" accept=".geojson,.json,application/geo+json,application/json" className="visually-hidden" data-testid="zones-file" onChange={(e) => void load(e.target.files?.[0])} />
        </label>
      </div>
      {fileError && (
        <p className="error" role="alert" data-testid="zones-error">
          {fileError}
        </p>
      )}
      {zones && (
        <>
          <p className="muted small">
            {zones.file}: {formatCount(zones.list.length)} zones{zones.skipped > 0 ? ` (${formatCount(zones.skipped)} features without a polygon left out)` : ''}.{' '}
            <button type="button" className="link-button" onClick={() => onZones(null)}>
              Remove
            </button>
          </p>
          {error ? (
            <p className="error" role="alert">{error.message}</p>
          ) : loading ? (
            <p className="loading" role="status">Counting trips in {formatCount(zones.list.length)} zones…</p>
          ) : null}
          {classes.length > 0 && (
            <figure className="zone-legend" data-testid="zone-legend">
              <figcaption className="small">Trips per week</figcaption>
              <ol>
                <li>
                  <span className="swatch" style={{ background: NO_TRIPS_COLOR }} aria-hidden="true" />0
                </li>
                {classes.map((c) => (
                  <li key={c.color}>
                    <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                    {c.from === 0 ? '> 0' : `≥ ${formatAverage(c.from)}`}
                  </li>
                ))}
              </ol>
            </figure>
          )}
          <div className="table-scroll">
            <table className="zones-table" data-testid="zones-table">
              <thead>
                <tr>
                  {header('name', 'Zone', false)}
                  {header('trips', 'Trips', true)}
                  {header('average', 'Weekly average', true)}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.idx} className={selected === zones.list[r.idx].name ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" onClick={() => onSelect(r.idx)} title="Select this zone as the area">
                        {r.name}
                      </button>
                    </td>
                    <td className="num">{r.trips === null ? '…' : formatCount(r.trips)}</td>
                    <td className="num">{r.average === null ? '…' : formatAverage(r.average)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ExportCsvButton
            fileName={`zones-${zones.file.replace(/\.[^.]*$/, '')}.csv`}
            header={['zone', 'trips', 'weekly_average']}
            rows={results ? rows.map((r) => [r.name, r.trips, r.average]) : []}
            label="Export zones CSV"
          />
        </>
      )}
    </div>
  );
}
