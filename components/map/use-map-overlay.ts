'use client';
// One overlay (GeoJSON sources and their layers) on the map. The hook adds them and re-adds them
// on every 'style.load', so switching the basemap style never loses an overlay; data updates go
// to the sources with setData.
import { useEffect, useRef } from 'react';
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { EMPTY_FC } from '@/lib/map/geojson';

type FC = GeoJSON.FeatureCollection;

export interface Overlay {
  /** source ids; each is a GeoJSON source */
  sources: readonly string[];
  /** layers in drawing order (bottom first), each using one of the sources */
  layers: readonly LayerSpecification[];
}

function install(map: MapLibreMap, overlay: Overlay, data: Partial<Record<string, FC>>) {
  for (const id of overlay.sources) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: data[id] ?? EMPTY_FC });
  for (const layer of overlay.layers) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

function uninstall(map: MapLibreMap, overlay: Overlay) {
  if (!map.style) return; // the map was removed
  for (const layer of overlay.layers) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
  for (const id of overlay.sources) if (map.getSource(id)) map.removeSource(id);
}

export function setSourceData(map: MapLibreMap, id: string, data: FC) {
  (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
}

/**
 * `map` is a loaded map (or null before). `overlay` must be a stable (module-level) object.
 * `onInstall` runs after each (re-)install, e.g. to restore feature state.
 */
export function useMapOverlay(map: MapLibreMap | null, overlay: Overlay, data: Partial<Record<string, FC>>, onInstall?: () => void) {
  const latest = useRef({ data, onInstall });
  useEffect(() => {
    latest.current = { data, onInstall };
  });

  useEffect(() => {
    if (!map) return;
    const add = () => {
      install(map, overlay, latest.current.data);
      latest.current.onInstall?.();
    };
    add();
    map.on('style.load', add);
    return () => {
      map.off('style.load', add);
      uninstall(map, overlay);
    };
  }, [map, overlay]);

  useEffect(() => {
    if (!map) return;
    for (const [id, fc] of Object.entries(data)) if (fc) setSourceData(map, id, fc);
  }, [map, data]);
}
