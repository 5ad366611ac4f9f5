'use client';
// The explorer: choose an area (draw, Shift-drag, type, or pick a region), a match mode and a
// date window; read the weekly average, its chart and the largest similar-trip groups; see
// where trips start or end (density layer). The whole state, map view included, lives in the
// URL query string.
import { useEffect, useMemo, useState } from 'react';
import type { Bbox, Match, SimilarGroup } from '@/lib/client/api';
import { boxSizeText, roundBbox } from '@/lib/client/bbox';
import { roundCamera, stateToQuery, type ExplorerState } from '@/lib/client/explorer-state';
import type { Basemap } from '@/lib/map/basemap';
import { fillWeeks, unionExtent, weekCoverage } from '@/lib/client/weeks';
import { useDensity, useRegions, useSimilarTrips, useWeeklyAverage } from '@/components/hooks/use-api';
import { TripMap, type MapView, type RegionLabel } from '@/components/map/trip-map';
import { DensityLegend } from '@/components/map/density-legend';
import { WeeklyChart } from '@/components/weekly-chart';
import { ExportCsvButton } from '@/components/export-csv-button';
import { CopyLinkButton } from '@/components/copy-link-button';
import { FullWeeksSwitch } from '@/components/full-weeks-switch';
import { SimilarLegend } from './similar-legend';
import { SimilarOptions } from './similar-options';
import { BoxInputs } from './box-inputs';
import { RegionPicker } from './region-picker';
import { DateWindow, MatchControl } from './query-controls';
import { ResultSummary } from './result-summary';
import { SimilarTripsList } from './similar-trips-list';

/** Density cells of about 16 px or more: finer would be noise (the API allows up to 4000 by default). */
function densityCellBudget(width: number, height: number): number {
  return Math.max(100, Math.min(4000, Math.round((width * height) / (16 * 16))));
}

export function Explorer({ initialState, basemap }: { initialState: ExplorerState; basemap: Basemap }) {
  const [state, setState] = useState<ExplorerState>(initialState);
  const [drawing, setDrawing] = useState(false);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  // The group whose details are open; by identity, so a new answer closes them.
  const [selectedGroup, setSelectedGroup] = useState<SimilarGroup | null>(null);
  const [view, setView] = useState<{ bbox: Bbox | null; key: number }>({ bbox: initialState.bbox, key: 0 });
  const [mapView, setMapView] = useState<{ bbox: Bbox; maxCells: number } | null>(null);
  const regions = useRegions();

  // State -> URL (replace, so the back button leaves the explorer instead of undoing edits).
  useEffect(() => {
    const qs = stateToQuery(state);
    const url = `${window.location.pathname}${qs ? `?${qs}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
  }, [state]);

  const regionList = useMemo(() => regions.data ?? [], [regions.data]);
  const selectedRegion = regionList.find((r) => r.name === state.region) ?? null;

  // A region from the URL: fit the map to it once the regions are known.
  const regionBbox = selectedRegion?.bbox ?? null;
  // (A camera in the URL wins: the link shows exactly the view it was copied from.)
  const [fittedRegion, setFittedRegion] = useState<string | null>(initialState.camera ? initialState.region : null);
  if (regionBbox && state.region && fittedRegion !== state.region && !state.bbox) {
    setFittedRegion(state.region);
    setView((v) => ({ bbox: regionBbox, key: v.key + 1 }));
  }

  const datesValid = !(state.from && state.to && state.from > state.to);
  const area = { bbox: state.bbox, region: state.bbox ? null : state.region, match: state.match, from: state.from, to: state.to };
  const weekly = useWeeklyAverage(area, datesValid);
  const similarArea = { ...area, precision: state.cells, bucketMinutes: state.bucket };
  const similar = useSimilarTrips(datesValid ? similarArea : { ...similarArea, bbox: null, region: null });
  const groups = useMemo(() => similar.data?.groups ?? [], [similar.data]);
  const selectedIndex = selectedGroup ? groups.indexOf(selectedGroup) : -1;
  const selectGroup = (i: number | null) => setSelectedGroup(i === null ? null : (groups[i] ?? null));
  const series = useMemo(() => (weekly.data ? fillWeeks(weekly.data.from, weekly.data.to, weekly.data.series) : []), [weekly.data]);
  // Region answers cover the region's own data; box answers the whole store's.
  const extent = selectedRegion?.firstTrip && selectedRegion.lastTrip && !state.bbox ? { first: selectedRegion.firstTrip, last: selectedRegion.lastTrip } : unionExtent(regionList);
  const partial = useMemo(() => (extent ? weekCoverage(extent).partial : new Set<string>()), [extent?.first, extent?.last]); // eslint-disable-line react-hooks/exhaustive-deps
  const partialShown = series.filter((p) => partial.has(p.weekStart)).length;

  // Density of the side Match names (origins for "both").
  const densitySide = state.match === 'destination' && !(state.region && !state.bbox) ? 'destination' : 'origin';
  const density = useDensity({ view: mapView?.bbox ?? null, match: densitySide, from: datesValid ? state.from : '', to: datesValid ? state.to : '', maxCells: mapView?.maxCells ?? 1000 }, state.density);
  const densityMax = useMemo(() => (density.data?.cells ?? []).reduce((m, c) => Math.max(m, c.trips), 0), [density.data]);

  const labels: RegionLabel[] = useMemo(
    () => regionList.filter((r) => r.bbox).map((r) => ({ name: r.name, bbox: r.bbox!, center: [(r.bbox![0] + r.bbox![2]) / 2, (r.bbox![1] + r.bbox![3]) / 2] })),
    [regionList],
  );

  const update = (patch: Partial<ExplorerState>) => setState((s) => ({ ...s, ...patch }));
  const onViewChange = (v: MapView) => {
    setMapView({ bbox: v.bbox, maxCells: densityCellBudget(v.width, v.height) });
    setState((s) => ({ ...s, camera: roundCamera(v.center, v.zoom) }));
  };
  const setBox = (b: Bbox, fit: boolean) => {
    const r = roundBbox(b);
    setState((s) => ({ ...s, bbox: r, region: null }));
    setHighlighted(null);
    if (fit) setView((v) => ({ bbox: r, key: v.key + 1 }));
  };
  const chooseRegion = (name: string | null) => {
    setState((s) => ({ ...s, region: name, bbox: null }));
    setHighlighted(null);
    const r = regionList.find((x) => x.name === name);
    if (r?.bbox) {
      setFittedRegion(name);
      setView((v) => ({ bbox: r.bbox, key: v.key + 1 }));
    }
  };
  const clear = () => {
    setState((s) => ({ ...s, bbox: null, region: null }));
    setDrawing(false);
    setHighlighted(null);
  };

  const hasArea = Boolean(state.bbox || state.region);
  const areaLabel = state.bbox ? `Box of ${boxSizeText(state.bbox)}` : state.region ? `Region ${state.region}` : null;
  const csvName = `weekly-${state.bbox ? 'box' : (state.region ?? 'area').toLowerCase()}-${weekly.data?.from ?? ''}.csv`;

  return (
    <div className="explorer">
      <section className="explorer-map" aria-label="Map">
        <TripMap
          basemap={basemap}
          bbox={state.bbox ?? regionBbox}
          view={view.bbox}
          viewKey={view.key}
          drawing={drawing}
          onDrawingChange={setDrawing}
          onBoxDrawn={(b) => setBox(b, false)}
          groups={groups}
          highlighted={highlighted}
          onHighlight={setHighlighted}
          selected={selectedIndex >= 0 ? selectedIndex : null}
          onSelect={selectGroup}
          labels={labels}
          camera={initialState.camera}
          onViewChange={onViewChange}
          density={state.density ? (density.data?.cells ?? null) : null}
        />
        <div className="map-toolbar">
          <button type="button" className={drawing ? 'btn active' : 'btn'} aria-pressed={drawing} onClick={() => setDrawing((d) => !d)}>
            {drawing ? 'Drag on the map… (Esc to cancel)' : 'Draw box'}
          </button>
          <button type="button" className="btn btn-secondary" onClick={clear} disabled={!hasArea && !drawing}>
            Clear
          </button>
          <span className="map-hint">or Shift-drag at any time</span>
          <label className="map-toggle">
            <input type="checkbox" checked={state.density} onChange={(e) => update({ density: e.target.checked })} /> Density
          </label>
        </div>
        {state.density && density.data && <DensityLegend max={densityMax} side={densitySide} fetching={density.isFetching} />}
        {state.density && density.isError && <p className="map-legend error small">Density: {density.error.message}</p>}
      </section>

      <aside className="explorer-panel">
        <section className="panel-section" aria-labelledby="area-heading">
          <h2 id="area-heading">Area</h2>
          <BoxInputs key={state.bbox?.join(',') ?? 'none'} bbox={state.bbox} onApply={(b) => setBox(b, true)} />
          <div className="or">or</div>
          <RegionPicker regions={regionList} value={state.bbox ? null : state.region} onChange={chooseRegion} loading={regions.isPending} />
          {regions.isError && <p className="error">Could not load regions: {regions.error.message}</p>}
        </section>

        <section className="panel-section" aria-labelledby="filters-heading">
          <h2 id="filters-heading">Filters</h2>
          <MatchControl
            value={state.match}
            onChange={(m: Match) => update({ match: m })}
            disabledHint={state.region && !state.bbox ? 'A region counts every trip it holds, whichever end: draw or type a box to choose.' : null}
          />
          <DateWindow from={state.from} to={state.to} onChange={(from, to) => update({ from, to })} />
          <FullWeeksSwitch idPrefix="window" extent={extent} from={state.from} to={state.to} onChange={(from, to) => update({ from, to })} />
          <div className="share">
            <CopyLinkButton />
          </div>
        </section>

        <section className="panel-section" aria-labelledby="result-heading" aria-busy={weekly.isFetching}>
          <h2 id="result-heading">Weekly average</h2>
          {!hasArea ? (
            <p className="empty">Draw a box, type coordinates or pick a region to see its weekly average.</p>
          ) : weekly.isError ? (
            <p className="error" role="alert">
              {weekly.error.message}
            </p>
          ) : !weekly.data ? (
            <p className="loading" role="status">
              Loading…
            </p>
          ) : (
            <>
              <p className="muted small">{areaLabel}</p>
              <ResultSummary result={weekly.data} partialWeeks={partialShown} />
              {weekly.isFetching && <p className="loading small" role="status">Updating…</p>}
              {weekly.data.totalTrips === 0 && <p className="empty">No trips in this area and window.</p>}
              <WeeklyChart series={series} label="Trips per week in the selected area" partial={partial} />
              <ExportCsvButton fileName={csvName} header={['week_start', 'trips']} rows={series.map((p) => [p.weekStart, p.trips])} label="Export weekly CSV" />
            </>
          )}
        </section>

        <section className="panel-section" aria-labelledby="similar-heading">
          <h2 id="similar-heading">Similar trips</h2>
          <p className="hint">Largest groups (two trips or more) with the same origin cell, destination cell and time of day.</p>
          <SimilarOptions cells={state.cells} bucket={state.bucket} onChange={(cells, bucket) => update({ cells, bucket })} />
          {!hasArea ? (
            <p className="empty">Select an area first.</p>
          ) : similar.isError ? (
            <p className="error">{similar.error.message}</p>
          ) : similar.isPending ? (
            <p className="loading" role="status">Loading…</p>
          ) : groups.length === 0 ? (
            <p className="empty" data-testid="similar-none">No groups of two or more similar trips here. Larger cells or a longer time of day may find some.</p>
          ) : (
            <>
              <SimilarLegend counts={groups.map((g) => g.trips)} />
              <SimilarTripsList groups={groups} highlighted={highlighted} onHighlight={setHighlighted} onSelect={selectGroup} />
              <p className="hint">Click a line on the map (or an entry here) for its cells, time of day and count.</p>
            </>
          )}
        </section>
      </aside>
    </div>
  );
}
