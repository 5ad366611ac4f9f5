'use client';
// The MapLibre map with the offline basemap. MapLibre's web worker is served from /public
// (copied at install) because Next cannot bundle it.
import { useEffect, useRef } from 'react';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import { OFFLINE_STYLE } from '@/lib/map/offline-style';

export interface RegionExtent {
  name: string;
  bbox: [number, number, number, number];
}

export function TripMap({ regions }: { regions: RegionExtent[] }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    setWorkerUrl('/maplibre-gl-worker.mjs');
    const map = new MapLibreMap({ container: container.current, style: OFFLINE_STYLE, center: [10, 48], zoom: 3.5 });
    map.on('load', () => {
      map.addSource('regions', {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: regions.map((r) => ({
            type: 'Feature',
            properties: { name: r.name },
            geometry: {
              type: 'Polygon',
              coordinates: [[[r.bbox[0], r.bbox[1]], [r.bbox[2], r.bbox[1]], [r.bbox[2], r.bbox[3]], [r.bbox[0], r.bbox[3]], [r.bbox[0], r.bbox[1]]]],
            },
          })),
        },
      });
      map.addLayer({ id: 'regions-fill', type: 'fill', source: 'regions', paint: { 'fill-color': '#2563eb', 'fill-opacity': 0.25 } });
      map.addLayer({ id: 'regions-line', type: 'line', source: 'regions', paint: { 'line-color': '#2563eb', 'line-width': 2 } });
    });
    return () => map.remove();
  }, [regions]);
  return <div ref={container} data-testid="trip-map" style={{ position: 'absolute', inset: 0 }} />;
}
