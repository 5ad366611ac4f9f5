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
import { useAreaWeeklyAverage, useDensity, useRegions, useSimilarTrips, useWeeklyAverage, useZoneAverages } from '@/components/hooks/use-api';
import { areaFeature, areaLabel as nameArea, geometryBbox, type AreaGeometry, type NamedArea } from '@/lib/client/areas';
import { choroplethClasses, choroplethColor } from '@/lib/client/choropleth';
import { downloadText } from '@/lib/client/download';
import { zoneFeatures } from '@/lib/map/geojson';
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
import { OdPair } from './od-pair';
import { ZonesPanel, type ZoneSet } from './zones-panel';

/** Density cells of about 16 px or more: finer would be noise (the API allows up to 4000 by default). */
function densityCellBudget(width: number, height: number): number {
  return Math.max(100, Math.min(4000, Math.round((width * height) / (16 * 16))));
}

export function Explorer({ initialState, basemap }: { initialState: ExplorerState; basemap: Basemap }) {
  const [state, setState] = useState<ExplorerState>(initialState);
  const [drawing, setDrawing] = useState(false);
  const [polygonDrawing, setPolygonDrawing] = useState(false);
  const [zones, setZones] = useState<ZoneSet | null>(null);
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
  const boxWeekly = useWeeklyAverage(area, datesValid && !state.polygon);
  // A polygon goes to the POST, on the trip end(s) Match names.
  const sides = { origin: state.match !== 'destination', destination: state.match !== 'origin' };
  const polygonArea = state.polygon ? { polygon: state.polygon.geometry } : undefined;
  const polygonWeekly = useAreaWeeklyAverage(
    { origin: sides.origin ? polygonArea : undefined, destination: sides.destination ? polygonArea : undefined, from: state.from, to: state.to },
    datesValid && Boolean(state.polygon),
  );
  const weekly = state.polygon ? polygonWeekly : boxWeekly;
  const odWeekly = useAreaWeeklyAverage({ origin: state.origin?.area, destination: state.destination?.area, from: state.from, to: state.to }, datesValid);
  const odSeries = useMemo(() => (odWeekly.data ? fillWeeks(odWeekly.data.from, odWeekly.data.to, odWeekly.data.series) : []), [odWeekly.data]);
  const zoneAverages = useZoneAverages(datesValid && zones ? { key: zones.key, list: zones.list } : null, sides, state.from, state.to);
  const zoneClasses = useMemo(() => choroplethClasses(Math.max(0, ...(zoneAverages.data ?? []).map((r) => r.weeklyAverage))), [zoneAverages.data]);
  const zoneData = useMemo(
    () => (zones ? zoneFeatures(zones.list, zones.list.map((_, i) => (zoneAverages.data ? choroplethColor(zoneAverages.data[i].weeklyAverage, zoneClasses) : '#adb5bd'))) : null),
    [zones, zoneAverages.data, zoneClasses],
  );
  // Similar trips know boxes and regions: a polygon uses its bounding box.
  const similarBox = state.polygon ? geometryBbox(state.polygon.geometry) : area.bbox;
  const similarArea = { ...area, bbox: similarBox, precision: state.cells, bucketMinutes: state.bucket };
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
    setState((s) => ({ ...s, bbox: r, region: null, polygon: null }));
    setHighlighted(null);
    if (fit) setView((v) => ({ bbox: r, key: v.key + 1 }));
  };
  const chooseRegion = (name: string | null) => {
    setState((s) => ({ ...s, region: name, bbox: null, polygon: null }));
    setHighlighted(null);
    const r = regionList.find((x) => x.name === name);
    if (r?.bbox) {
      setFittedRegion(name);
      setView((v) => ({ bbox: r.bbox, key: v.key + 1 }));
    }
  };
  const setPolygon = (geometry: AreaGeometry, name: string | undefined, fit: boolean) => {
    setState((s) => ({ ...s, polygon: name ? { geometry, name } : { geometry }, bbox: null, region: null }));
    setHighlighted(null);
    if (fit) setView((v) => ({ bbox: geometryBbox(geometry), key: v.key + 1 }));
  };
  const clear = () => {
    setState((s) => ({ ...s, bbox: null, region: null, polygon: null }));
    setDrawing(false);
    setPolygonDrawing(false);
    setHighlighted(null);
  };

  const current: NamedArea | null = state.polygon
    ? { area: { polygon: state.polygon.geometry }, ...(state.polygon.name ? { name: state.polygon.name } : {}) }
    : state.bbox
      ? { area: { bbox: state.bbox } }
      : state.region
        ? { area: { region: state.region } }
        : null;
  const hasArea = Boolean(current);
  const areaLabel = state.bbox ? `Box of ${boxSizeText(state.bbox)}` : current ? nameArea(current) : null;
  const csvName = `weekly-${state.polygon ? 'polygon' : state.bbox ? 'box' : (state.region ?? 'area').toLowerCase()}-${weekly.data?.from ?? ''}.csv`;
  const exportable = current ? areaFeature(current) : null;
  const exportGeoJson = () => {
    if (exportable) downloadText(`area-${state.polygon?.name ?? (state.polygon ? 'polygon' : 'box')}.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [exportable] }, null, 1), 'application/geo+json');
  };

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
          polygon={state.polygon?.geometry ?? null}
          polygonDrawing={polygonDrawing}
          onPolygonDrawingChange={setPolygonDrawing}
          onPolygonDrawn={(g) => setPolygon(g, undefined, false)}
          zones={zoneData}
          onZoneClick={(i) => zones && setPolygon(zones.list[i].geometry, zones.list[i].name, false)}
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
          <button type="button" className={drawing ? 'btn active' : 'btn'} aria-pressed={drawing} onClick={() => { setPolygonDrawing(false); setDrawing((d) => !d); }}>
            {drawing ? 'Drag on the map… (Esc to cancel)' : 'Draw box'}
          </button>
          <button type="button" className={polygonDrawing ? 'btn active' : 'btn'} aria-pressed={polygonDrawing} onClick={() => { setDrawing(false); setPolygonDrawing((d) => !d); }}>
            {polygonDrawing ? 'Click the corners… (first one to close, Esc to cancel)' : 'Draw polygon'}
          </button>
          <button type="button" className="btn btn-secondary" onClick={clear} disabled={!hasArea && !drawing && !polygonDrawing}>
            Clear
          </button>
          <button type="button" className="btn btn-secondary" onClick={exportGeoJson} disabled={!exportable} title="Download the box or polygon as GeoJSON">
            Export GeoJSON
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
          {state.polygon && (
            <p className="small" data-testid="polygon-area">
              {state.polygon.name ? `Zone ${state.polygon.name} selected.` : `${areaLabel} selected.`}{' '}
              {state.polygon.geometry.type === 'Polygon' && 'To edit it, click it on the map and drag a corner or the middle of an edge.'}
            </p>
          )}
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
            <p className="empty">Draw a box, type coordinates or pick a region (or draw a polygon, or pick a zone) to see its weekly average.</p>
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

        <section className="panel-section" aria-labelledby="od-heading" aria-busy={odWeekly.isFetching}>
          <h2 id="od-heading">From one area to another</h2>
          <p className="hint">Trips starting in From and ending in To; fill either or both with the area selected above.</p>
          <OdPair origin={state.origin} destination={state.destination} current={current} onChange={(side, a) => update(side === 'origin' ? { origin: a } : { destination: a })} />
          {!state.origin && !state.destination ? null : odWeekly.isError ? (
            <p className="error" role="alert">{odWeekly.error.message}</p>
          ) : !odWeekly.data ? (
            <p className="loading" role="status">Loading…</p>
          ) : (
            <div data-testid="od-result">
              <ResultSummary result={odWeekly.data} />
              <WeeklyChart series={odSeries} label="Trips per week from From to To" partial={partial} />
              <ExportCsvButton fileName={`weekly-from-to-${odWeekly.data.from}.csv`} header={['week_start', 'trips']} rows={odSeries.map((p) => [p.weekStart, p.trips])} label="Export weekly CSV" />
            </div>
          )}
        </section>

        <section className="panel-section" aria-labelledby="zones-heading">
          <h2 id="zones-heading">Zones</h2>
          <ZonesPanel
            zones={zones}
            onZones={setZones}
            results={zoneAverages.data}
            loading={zoneAverages.isFetching}
            error={zoneAverages.error}
            classes={zoneClasses}
            selected={state.polygon?.name ?? null}
            onSelect={(i) => zones && setPolygon(zones.list[i].geometry, zones.list[i].name, true)}
          />
        </section>

        <section className="panel-section" aria-labelledby="similar-heading">
          <h2 id="similar-heading">Similar trips</h2>
          <p className="hint">Largest groups (two trips or more) with the same origin cell, destination cell and time of day{state.polygon ? ", starting in the polygon's bounding box" : ''}.</p>
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
