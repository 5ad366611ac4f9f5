'use client';
// Region names as HTML markers (the offline basemap has no glyphs for symbol layers).
import { useEffect } from 'react';
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';

export interface RegionLabel {
  name: string;
  center: [number, number];
  bbox: [number, number, number, number];
}

export function useRegionLabels(map: MapLibreMap | null, labels: RegionLabel[]) {
  useEffect(() => {
    if (!map || !labels.length) return;
    const markers = labels.map((l) => {
      const node = document.createElement('div');
      node.className = 'map-label';
      node.textContent = l.name;
      return new Marker({ element: node }).setLngLat(l.center).addTo(map);
    });
    return () => markers.forEach((m) => m.remove());
  }, [map, labels]);
}
