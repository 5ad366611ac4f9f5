'use client';
// The explorer's MapLibre map: offline basemap (or a configured remote style with fallback),
// the selected box as a layer, box drawing ("Draw box" mode or Shift-drag at any time),
// similar-trip groups as origin -> destination lines with hover highlight, HTML region labels.
import { useEffect, useRef } from 'react';
import { Map as MapLibreMap, Marker, NavigationControl, ScaleControl, setWorkerUrl, type GeoJSONSource, type MapMouseEvent, type MapTouchEvent } from 'maplibre-gl';
import type { Bbox, SimilarGroup } from '@/lib/client/api';
import type { Basemap } from '@/lib/map/basemap';
import { basemapStyle } from '@/lib/map/basemap-style';
import { OFFLINE_STYLE } from '@/lib/map/offline-style';
import { bboxFeatures, bboxPolygon, cornersToBbox, EMPTY_FC, lonSpan, similarEndpoints, similarLines, unwrapBbox } from '@/lib/map/geojson';

export interface RegionLabel {
  name: string;
  center: [number, number];
  bbox: Bbox;
}

export interface TripMapProps {
  basemap: Basemap;
  bbox: Bbox | null;
  /** The map fits to `view` whenever `viewKey` changes. */
  view: Bbox | null;
  viewKey: number;
  drawing: boolean;
  onDrawingChange: (drawing: boolean) => void;
  onBoxDrawn: (b: Bbox) => void;
  groups: SimilarGroup[];
  highlighted: number | null;
  onHighlight: (i: number | null) => void;
  labels: RegionLabel[];
}

const BOX_COLOR = '#2563eb';
const LINE_COLOR = '#d9480f';

function addOverlay(map: MapLibreMap) {
  if (map.getSource('selection')) return;
  map.addSource('regions', { type: 'geojson', data: EMPTY_FC });
  map.addLayer({ id: 'regions-line', type: 'line', source: 'regions', paint: { 'line-color': '#868e96', 'line-width': 1, 'line-dasharray': [3, 2] } });
  map.addSource('selection', { type: 'geojson', data: EMPTY_FC });
  map.addSource('draft', { type: 'geojson', data: EMPTY_FC });
  map.addSource('similar', { type: 'geojson', data: EMPTY_FC });
  map.addSource('similar-ends', { type: 'geojson', data: EMPTY_FC });
  map.addLayer({ id: 'selection-fill', type: 'fill', source: 'selection', paint: { 'fill-color': BOX_COLOR, 'fill-opacity': 0.12 } });
  map.addLayer({ id: 'selection-line', type: 'line', source: 'selection', paint: { 'line-color': BOX_COLOR, 'line-width': 2 } });
  map.addLayer({ id: 'draft-fill', type: 'fill', source: 'draft', paint: { 'fill-color': BOX_COLOR, 'fill-opacity': 0.08 } });
  map.addLayer({ id: 'draft-line', type: 'line', source: 'draft', paint: { 'line-color': BOX_COLOR, 'line-width': 1.5, 'line-dasharray': [2, 2] } });
  map.addLayer({
    id: 'similar-lines',
    type: 'line',
    source: 'similar',
    layout: { 'line-cap': 'round' },
    paint: {
      'line-color': LINE_COLOR,
      'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 1, 0.55],
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 6, ['interpolate', ['linear'], ['get', 'trips'], 1, 2, 20, 5]],
    },
  });
  map.addLayer({
    id: 'similar-ends',
    type: 'circle',
    source: 'similar-ends',
    paint: {
      'circle-radius': 4,
      'circle-color': ['match', ['get', 'end'], 'origin', '#0b7285', LINE_COLOR],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1,
    },
  });
}

function regionOutlines(labels: RegionLabel[]): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: labels.map((l) => ({ type: 'Feature', properties: { name: l.name }, geometry: bboxPolygon(l.bbox) })) };
}

function setData(map: MapLibreMap, source: string, data: GeoJSON.FeatureCollection) {
  (map.getSource(source) as GeoJSONSource | undefined)?.setData(data);
}

export function TripMap(props: TripMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const latest = useRef(props);
  const hoverId = useRef<number | null>(null);

  useEffect(() => {
    latest.current = props;
  });

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    setWorkerUrl('/maplibre-gl-worker.mjs');
    const el = container.current;
    const initial = latest.current;
    const map = new MapLibreMap({
      container: el,
      style: basemapStyle(initial.basemap),
      center: [10, 48],
      zoom: 3.5,
      attributionControl: { compact: true },
      boxZoom: {
        // Shift-drag selects a box instead of zooming to it.
        boxZoomEnd: (m, p0, p1) => {
          latest.current.onBoxDrawn(cornersToBbox(m.unproject(p0), m.unproject(p1)));
        },
      },
    });
    mapRef.current = map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    if (initial.view) map.fitBounds(unwrapBbox(initial.view), { padding: 40, duration: 0 });

    let fellBack = initial.basemap.kind === 'offline';
    map.on('error', (e) => {
      if (!fellBack && !map.isStyleLoaded()) {
        fellBack = true;
        console.warn('Map style failed, using the offline basemap:', e.error?.message);
        map.setStyle(OFFLINE_STYLE);
      }
    });
    const sync = () => {
      addOverlay(map);
      const p = latest.current;
      setData(map, 'selection', bboxFeatures(p.bbox));
      setData(map, 'regions', regionOutlines(p.labels));
      setData(map, 'similar', similarLines(p.groups));
      setData(map, 'similar-ends', similarEndpoints(p.groups));
    };
    map.on('style.load', sync);
    map.on('load', () => {
      sync();
      el.dataset.ready = 'true';
    });

    // Hovering a line highlights its list entry (and vice versa, see the effect below).
    map.on('mousemove', 'similar-lines', (e) => {
      const idx = e.features?.[0]?.properties?.idx;
      if (typeof idx === 'number') latest.current.onHighlight(idx);
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', 'similar-lines', () => {
      latest.current.onHighlight(null);
      map.getCanvas().style.cursor = '';
    });

    // "Draw box" mode: press, drag, release (mouse or one finger).
    let start: MapMouseEvent['lngLat'] | null = null;
    let last: MapMouseEvent['lngLat'] | null = null;
    const onDown = (e: MapMouseEvent | MapTouchEvent) => {
      if (!latest.current.drawing) return;
      const ev = e.originalEvent;
      // (no `instanceof TouchEvent`: that global is missing in some desktop browsers)
      if ('touches' in ev ? ev.touches.length !== 1 : ev.button !== 0) return;
      e.preventDefault();
      start = last = e.lngLat;
    };
    const onMove = (e: MapMouseEvent | MapTouchEvent) => {
      if (!start) return;
      last = e.lngLat;
      setData(map, 'draft', bboxFeatures(cornersToBbox(start, e.lngLat)));
    };
    const onUp = (e: MapMouseEvent | MapTouchEvent) => {
      if (!start) return;
      const a = start;
      const end = e.type === 'touchend' ? (last ?? a) : e.lngLat;
      start = last = null;
      setData(map, 'draft', EMPTY_FC);
      const b = cornersToBbox(a, end);
      latest.current.onDrawingChange(false);
      if (lonSpan(b) > 0 && b[3] - b[1] > 0) latest.current.onBoxDrawn(b);
    };
    map.on('mousedown', onDown);
    map.on('mousemove', onMove);
    map.on('mouseup', onUp);
    map.on('touchstart', onDown);
    map.on('touchmove', onMove);
    map.on('touchend', onUp);

    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Region labels may arrive after the map exists.
  const labelKey = props.labels.map((l) => `${l.name}:${l.center.join(',')}`).join('|');
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !latest.current.labels.length) return;
    if (map.getSource('regions')) setData(map, 'regions', regionOutlines(latest.current.labels));
    const markers = latest.current.labels.map((l) => {
      const node = document.createElement('div');
      node.className = 'map-label';
      node.textContent = l.name;
      return new Marker({ element: node }).setLngLat(l.center).addTo(map);
    });
    return () => markers.forEach((m) => m.remove());
  }, [labelKey]);

  useEffect(() => {
    const map = mapRef.current;
    if (map?.getSource('selection')) setData(map, 'selection', bboxFeatures(props.bbox));
  }, [props.bbox]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map?.getSource('similar')) return;
    hoverId.current = null;
    setData(map, 'similar', similarLines(props.groups));
    setData(map, 'similar-ends', similarEndpoints(props.groups));
  }, [props.groups]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map?.getSource('similar')) return;
    if (hoverId.current !== null) map.setFeatureState({ source: 'similar', id: hoverId.current }, { hover: false });
    hoverId.current = props.highlighted;
    if (props.highlighted !== null) map.setFeatureState({ source: 'similar', id: props.highlighted }, { hover: true });
  }, [props.highlighted, props.groups]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (props.drawing) {
      map.dragPan.disable();
      map.touchZoomRotate.disable();
      map.getCanvas().style.cursor = 'crosshair';
    } else {
      map.dragPan.enable();
      map.touchZoomRotate.enable();
      map.getCanvas().style.cursor = '';
    }
  }, [props.drawing]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && props.viewKey > 0 && latest.current.view) map.fitBounds(unwrapBbox(latest.current.view), { padding: 40, duration: 0, maxZoom: 15 });
  }, [props.viewKey]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && latest.current.drawing) latest.current.onDrawingChange(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
