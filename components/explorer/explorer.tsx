'use client';
// The explorer: choose an area (draw, Shift-drag, type, or pick a region), a match mode and a
// date window; read the weekly average, its chart and the largest similar-trip groups.
// The whole state lives in the URL query string.
import { useEffect, useMemo, useState } from 'react';
import type { Bbox, Match } from '@/lib/client/api';
import { roundBbox } from '@/lib/client/bbox';
import type { Basemap } from '@/lib/map/basemap';
import { stateToQuery, type ExplorerState } from '@/lib/client/explorer-state';
import { fillWeeks } from '@/lib/client/weeks';
import { useRegions, useSimilarTrips, useWeeklyAverage } from '@/components/hooks/use-api';
import { TripMap, type RegionLabel } from '@/components/map/trip-map';
import { WeeklyChart } from '@/components/weekly-chart';
import { ExportCsvButton } from '@/components/export-csv-button';
import { BoxInputs } from './box-inputs';
import { RegionPicker } from './region-picker';
import { DateWindow, MatchControl } from './query-controls';
import { ResultSummary } from './result-summary';
import { SimilarTripsList } from './similar-trips-list';

export function Explorer({ initialState, basemap }: { initialState: ExplorerState; basemap: Basemap }) {
  const [state, setState] = useState<ExplorerState>(initialState);
  const [drawing, setDrawing] = useState(false);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [view, setView] = useState<{ bbox: Bbox | null; key: number }>({ bbox: initialState.bbox, key: 0 });
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
  const [fittedRegion, setFittedRegion] = useState<string | null>(null);
  if (regionBbox && state.region && fittedRegion !== state.region && !state.bbox) {
    setFittedRegion(state.region);
    setView((v) => ({ bbox: regionBbox, key: v.key + 1 }));
  }

  const datesValid = !(state.from && state.to && state.from > state.to);
  const area = { bbox: state.bbox, region: state.bbox ? null : state.region, match: state.match, from: state.from, to: state.to };
  const weekly = useWeeklyAverage(area, datesValid);
  const similar = useSimilarTrips(datesValid ? area : { ...area, bbox: null, region: null });
  const groups = useMemo(() => similar.data?.groups ?? [], [similar.data]);
  const series = useMemo(() => (weekly.data ? fillWeeks(weekly.data.from, weekly.data.to, weekly.data.series) : []), [weekly.data]);

  const labels: RegionLabel[] = useMemo(
    () => regionList.filter((r) => r.bbox).map((r) => ({ name: r.name, bbox: r.bbox!, center: [(r.bbox![0] + r.bbox![2]) / 2, (r.bbox![1] + r.bbox![3]) / 2] })),
    [regionList],
  );

  const update = (patch: Partial<ExplorerState>) => setState((s) => ({ ...s, ...patch }));
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
  const areaLabel = state.bbox ? `Box ${state.bbox.join(', ')}` : state.region ? `Region ${state.region}` : null;
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
          labels={labels}
        />
        <div className="map-toolbar">
          <button type="button" className={drawing ? 'btn active' : 'btn'} aria-pressed={drawing} onClick={() => setDrawing((d) => !d)}>
            {drawing ? 'Drag on the map… (Esc to cancel)' : 'Draw box'}
          </button>
          <button type="button" className="btn btn-secondary" onClick={clear} disabled={!hasArea && !drawing}>
            Clear
          </button>
          <span className="map-hint">or Shift-drag at any time</span>
        </div>
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
          <MatchControl value={state.match} onChange={(m: Match) => update({ match: m })} />
          <DateWindow from={state.from} to={state.to} onChange={(from, to) => update({ from, to })} />
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
              <ResultSummary result={weekly.data} />
              {weekly.isFetching && <p className="loading small" role="status">Updating…</p>}
              {weekly.data.totalTrips === 0 && <p className="empty">No trips in this area and window.</p>}
              <WeeklyChart series={series} label="Trips per week in the selected area" />
              <ExportCsvButton fileName={csvName} header={['week_start', 'trips']} rows={series.map((p) => [p.weekStart, p.trips])} label="Export weekly CSV" />
            </>
          )}
        </section>

        <section className="panel-section" aria-labelledby="similar-heading">
          <h2 id="similar-heading">Similar trips</h2>
          <p className="hint">Largest groups with the same origin area, destination area and time of day.</p>
          {!hasArea ? (
            <p className="empty">Select an area first.</p>
          ) : similar.isError ? (
            <p className="error">{similar.error.message}</p>
          ) : similar.isPending ? (
            <p className="loading" role="status">Loading…</p>
          ) : groups.length === 0 ? (
            <p className="empty">No similar trips here.</p>
          ) : (
            <SimilarTripsList groups={groups} highlighted={highlighted} onHighlight={setHighlighted} />
          )}
        </section>
      </aside>
    </div>
  );
}
