'use client';
// The explorer's MapLibre map: the basemap (offline, or a configured remote style with fallback)
// and overlays (density, region outlines, the selected box, the box being drawn, similar-trip
// lines). Each overlay hook re-adds its layers after a style change; the box-drawing gesture is
// owned by BoxDrawHandler; Shift-drag (MapLibre's box zoom, redirected) also selects a box.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Map as MapLibreMap, NavigationControl, Popup, ScaleControl, setWorkerUrl, AttributionControl } from 'maplibre-gl';
import type { Bbox, DensityCell, SimilarGroup } from '@/lib/client/api';
import { densityFeatures } from '@/lib/client/density-scale';
import { countRange, lineWidth } from '@/lib/client/similar-style';
import type { Basemap } from '@/lib/map/basemap';
import { basemapStyle } from '@/lib/map/basemap-style';
import { OFFLINE_STYLE } from '@/lib/map/offline-style';
import { bboxFeatures, bboxPolygon, cornersToBbox, EMPTY_FC, similarEndpoints, similarLines, unwrapBbox } from '@/lib/map/geojson';
import type { AreaGeometry } from '@/lib/client/areas';
import { BoxDrawHandler } from './box-draw-handler';
import { PolygonDraw } from './polygon-draw';
import { DENSITY, DRAFT, REGIONS, SELECTION, SIMILAR, ZONES } from './overlays';
import { setSourceData, useMapOverlay } from './use-map-overlay';
import { useRegionLabels, type RegionLabel } from './use-region-labels';
import { similarPopupContent } from './similar-popup';

export type { RegionLabel };

export interface MapCamera {
  center: [number, number];
  zoom: number;
}

export interface MapView extends MapCamera {
  bbox: Bbox;
  /** the map's size in CSS pixels */
  width: number;
  height: number;
}

export interface TripMapProps {
  basemap: Basemap;
  bbox: Bbox | null;
  /** The map fits to `view` whenever `viewKey` changes. */
  view: Bbox | null;
  viewKey: number;
  /** Where the map opens (from the URL); when absent it fits `view`. */
  camera?: MapCamera | null;
  onViewChange?: (v: MapView) => void;
  drawing: boolean;
  onDrawingChange: (drawing: boolean) => void;
  onBoxDrawn: (b: Bbox) => void;
  /** the selected polygon (drawn or a zone), drawn like the box */
  polygon: AreaGeometry | null;
  polygonDrawing: boolean;
  onPolygonDrawingChange: (drawing: boolean) => void;
  onPolygonDrawn: (g: AreaGeometry) => void;
  /** loaded zones as features with `idx`, `name` and `color` properties, or null */
  zones: GeoJSON.FeatureCollection | null;
  onZoneClick: (idx: number) => void;
  groups: SimilarGroup[];
  highlighted: number | null;
  onHighlight: (i: number | null) => void;
  /** the group whose details show in a popup (a click on its line or its list entry) */
  selected: number | null;
  onSelect: (i: number | null) => void;
  labels: RegionLabel[];
  /** density cells to draw, or null for none */
  density: DensityCell[] | null;
}

function regionOutlines(labels: RegionLabel[]): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: labels.map((l) => ({ type: 'Feature', properties: { name: l.name }, geometry: bboxPolygon(l.bbox) })) };
}

function weightedLines(groups: SimilarGroup[]): GeoJSON.FeatureCollection {
  const fc = similarLines(groups);
  const range = countRange(groups.map((g) => g.trips));
  return { ...fc, features: fc.features.map((f) => ({ ...f, properties: { ...f.properties, width: lineWidth(f.properties!.trips, range!.min, range!.max) } })) };
}

/** The visible area as a box in [-180, 180] (west > east across the antimeridian). */
function viewOf(map: MapLibreMap): MapView {
  const b = map.getBounds();
  const clampLat = (v: number) => Math.max(-90, Math.min(90, v));
  const bbox = cornersToBbox({ lng: b.getWest(), lat: clampLat(b.getSouth()) }, { lng: b.getEast(), lat: clampLat(b.getNorth()) });
  const c = map.getCenter().wrap();
  const el = map.getContainer();
  return { bbox, center: [c.lng, c.lat], zoom: map.getZoom(), width: el.clientWidth, height: el.clientHeight };
}

export function TripMap(props: TripMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const handler = useRef<BoxDrawHandler | null>(null);
  const polygonDraw = useRef<PolygonDraw | null>(null);
  // The polygon terra-draw holds (drawn or edited there): it draws it itself.
  const [held, setHeld] = useState<AreaGeometry | null>(null);
  const latest = useRef(props);
  const hoverId = useRef<number | null>(null);

  useEffect(() => {
    latest.current = props;
  });

  // Create the map once; overlays attach when it has loaded.
  useEffect(() => {
    if (!container.current) return;
    setWorkerUrl('/maplibre-gl-worker.mjs');
    const el = container.current;
    const initial = latest.current;
    const m = new MapLibreMap({
      container: el,
      style: basemapStyle(initial.basemap),
      center: initial.camera?.center ?? [10, 48],
      zoom: initial.camera?.zoom ?? 3.5,
      attributionControl: false,
      boxZoom: {
        // Shift-drag selects a box instead of zooming to it.
        boxZoomEnd: (mm, p0, p1) => {
          latest.current.onBoxDrawn(cornersToBbox(mm.unproject(p0), mm.unproject(p1)));
        },
      },
    });
    m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    m.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    if (initial.view && !initial.camera) m.fitBounds(unwrapBbox(initial.view), { padding: 40, duration: 0 });

    let fellBack = initial.basemap.kind === 'offline';
    m.on('error', (e) => {
      if (!fellBack && !m.isStyleLoaded()) {
        fellBack = true;
        console.warn('Map style failed, using the offline basemap:', e.error?.message);
        m.setStyle(OFFLINE_STYLE);
      }
    });
    m.on('moveend', () => latest.current.onViewChange?.(viewOf(m)));
    // The map instance on its element, for debugging and the browser tests (style switches).
    Object.defineProperty(el, 'maplibreMap', { value: m, configurable: true });
    m.on('load', () => {
      polygonDraw.current = new PolygonDraw(m, {
        onPolygon: (g) => {
          setHeld(g);
          latest.current.onPolygonDrawn(g);
        },
        onStop: () => latest.current.onPolygonDrawingChange(false),
      });
      if (latest.current.polygonDrawing) polygonDraw.current.start();
      setMap(m);
      latest.current.onViewChange?.(viewOf(m));
      el.dataset.ready = 'true';
    });

    handler.current = new BoxDrawHandler(m, {
      onDraft: (b) => setSourceData(m, 'draft', bboxFeatures(b)),
      onBox: (b) => latest.current.onBoxDrawn(b),
      onDisable: () => latest.current.onDrawingChange(false),
    });

    // Hovering a line highlights its list entry (and vice versa, see below); a click shows its details.
    m.on('mousemove', 'similar-lines', (e) => {
      const idx = e.features?.[0]?.properties?.idx;
      if (typeof idx === 'number') latest.current.onHighlight(idx);
      m.getCanvas().style.cursor = 'pointer';
    });
    m.on('mouseleave', 'similar-lines', () => {
      latest.current.onHighlight(null);
      m.getCanvas().style.cursor = handler.current?.isEnabled() ? 'crosshair' : '';
    });
    m.on('mouseenter', 'zones-fill', () => {
      if (!handler.current?.isEnabled() && !polygonDraw.current?.isDrawing()) m.getCanvas().style.cursor = 'pointer';
    });
    m.on('mouseleave', 'zones-fill', () => {
      if (!handler.current?.isEnabled() && !polygonDraw.current?.isDrawing()) m.getCanvas().style.cursor = '';
    });
    m.on('click', 'zones-fill', (e) => {
      const idx = e.features?.[0]?.properties?.idx;
      if (typeof idx === 'number' && !handler.current?.isEnabled() && !polygonDraw.current?.isDrawing()) latest.current.onZoneClick(idx);
    });
    m.on('click', 'similar-lines', (e) => {
      const idx = e.features?.[0]?.properties?.idx;
      if (typeof idx === 'number' && !handler.current?.isEnabled()) latest.current.onSelect(idx);
    });

    return () => {
      handler.current?.destroy();
      handler.current = null;
      polygonDraw.current?.destroy();
      polygonDraw.current = null;
      setMap(null);
      m.remove();
    };
  }, []);

  // Overlays, bottom first (their order of installation is their drawing order).
  const densityData = useMemo(() => ({ density: props.density ? densityFeatures(props.density) : EMPTY_FC }), [props.density]);
  useMapOverlay(map, DENSITY, densityData);
  const regionData = useMemo(() => ({ regions: regionOutlines(props.labels) }), [props.labels]);
  useMapOverlay(map, REGIONS, regionData);
  const zoneData = useMemo(() => ({ zones: props.zones ?? EMPTY_FC }), [props.zones]);
  useMapOverlay(map, ZONES, zoneData);
  const shownPolygon = props.polygon && props.polygon !== held ? props.polygon : null;
  const selectionData = useMemo(
    () => ({ selection: shownPolygon ? { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: {}, geometry: shownPolygon }] } : bboxFeatures(props.bbox) }),
    [props.bbox, shownPolygon],
  );
  useMapOverlay(map, SELECTION, selectionData);
  useMapOverlay(map, DRAFT, NO_DATA);
  const similarData = useMemo(
    () => ({ similar: props.groups.length ? weightedLines(props.groups) : EMPTY_FC, 'similar-ends': similarEndpoints(props.groups) }),
    [props.groups],
  );
  useMapOverlay(map, SIMILAR, similarData, () => {
    // A new style has no feature state: restore the highlight.
    if (map && hoverId.current !== null) map.setFeatureState({ source: 'similar', id: hoverId.current }, { hover: true });
  });
  useRegionLabels(map, props.labels);

  useEffect(() => {
    if (!map?.getSource('similar')) return;
    if (hoverId.current !== null) map.setFeatureState({ source: 'similar', id: hoverId.current }, { hover: false });
    hoverId.current = props.highlighted;
    if (props.highlighted !== null) map.setFeatureState({ source: 'similar', id: props.highlighted }, { hover: true });
  }, [map, props.highlighted, props.groups]);

  // The selected group's details, anchored (tip down) at the middle of its line on screen.
  const selectedGroup = props.selected !== null ? props.groups[props.selected] : undefined;
  useEffect(() => {
    if (!map || !selectedGroup) return;
    const [a, b] = [map.project(selectedGroup.origin.center), map.project(selectedGroup.destination.center)];
    const popup = new Popup({ closeButton: true, maxWidth: '280px', anchor: 'bottom', offset: 0 })
      .setLngLat(map.unproject([(a.x + b.x) / 2, (a.y + b.y) / 2]))
      .setDOMContent(similarPopupContent(selectedGroup))
      .addTo(map);
    popup.on('close', () => {
      if (latest.current.selected !== null && latest.current.groups[latest.current.selected] === selectedGroup) latest.current.onSelect(null);
    });
    return () => {
      popup.remove();
    };
  }, [map, selectedGroup]);

  useEffect(() => {
    if (props.drawing) handler.current?.enable();
    else handler.current?.disable();
  }, [props.drawing]);

  useEffect(() => {
    if (props.polygonDrawing) polygonDraw.current?.start();
    else polygonDraw.current?.stop();
  }, [map, props.polygonDrawing]);

  // The area became something else than the polygon terra-draw holds: show that one there
  // instead (editable), or nothing (a box, a region, a multipolygon zone).
  useEffect(() => {
    const d = polygonDraw.current;
    if (!d || props.polygonDrawing || props.polygon === held) return;
    if (props.polygon?.type === 'Polygon' && d.show(props.polygon)) setHeld(props.polygon);
    else {
      d.clear();
      setHeld(null);
    }
  }, [map, held, props.polygon, props.polygonDrawing]);

  useEffect(() => {
    const m = latest.current.view && props.viewKey > 0 ? map : null;
    if (m) m.fitBounds(unwrapBbox(latest.current.view!), { padding: 40, duration: 0, maxZoom: 15 });
  }, [map, props.viewKey]);

  return (
    <div
      ref={container}
      className="trip-map"
      data-testid="trip-map"
      data-drawing={props.drawing ? 'true' : 'false'}
      role="region"
      aria-label="Map. Use the Draw box button or Shift-drag to select an area."
    />
  );
}

const NO_DATA = {};
