// The explorer map's overlays, bottom to top: trip density, region outlines, loaded zones, the selected area,
// the box being drawn, similar-trip lines and their ends. Module-level constants: the overlay
// hook re-adds them after every basemap style change.
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Overlay } from './use-map-overlay';

export const BOX_COLOR = '#2563eb';
export const LINE_COLOR = '#d9480f';
export const ORIGIN_COLOR = '#0b7285';

export const DENSITY: Overlay = {
  sources: ['density'],
  layers: [{ id: 'density-fill', type: 'fill', source: 'density', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.7, 'fill-outline-color': 'rgba(0,0,0,0)' } }],
};

export const REGIONS: Overlay = {
  sources: ['regions'],
  layers: [{ id: 'regions-line', type: 'line', source: 'regions', paint: { 'line-color': '#868e96', 'line-width': 1, 'line-dasharray': [3, 2] } }],
};

/** Loaded zones: a choropleth by each feature's `color`, outlined. */
export const ZONES: Overlay = {
  sources: ['zones'],
  layers: [
    { id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.5 } },
    { id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#495057', 'line-width': 1 } },
  ],
};

export const SELECTION: Overlay = {
  sources: ['selection'],
  layers: [
    { id: 'selection-fill', type: 'fill', source: 'selection', paint: { 'fill-color': BOX_COLOR, 'fill-opacity': 0.12 } },
    { id: 'selection-line', type: 'line', source: 'selection', paint: { 'line-color': BOX_COLOR, 'line-width': 2 } },
  ],
};

export const DRAFT: Overlay = {
  sources: ['draft'],
  layers: [
    { id: 'draft-fill', type: 'fill', source: 'draft', paint: { 'fill-color': BOX_COLOR, 'fill-opacity': 0.08 } },
    { id: 'draft-line', type: 'line', source: 'draft', paint: { 'line-color': BOX_COLOR, 'line-width': 1.5, 'line-dasharray': [2, 2] } },
  ],
};

const hovered = ['boolean', ['feature-state', 'hover'], false] as ExpressionSpecification;

export const SIMILAR: Overlay = {
  sources: ['similar', 'similar-ends'],
  layers: [
    {
      id: 'similar-lines',
      type: 'line',
      source: 'similar',
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': LINE_COLOR,
        'line-opacity': ['case', hovered, 1, 0.6],
        // width by trip count (the 'width' property, see lib/client/similar-style.ts), wider on hover
        'line-width': ['case', hovered, ['+', ['get', 'width'], 3], ['get', 'width']],
      },
    },
    {
      id: 'similar-ends',
      type: 'circle',
      source: 'similar-ends',
      paint: {
        'circle-radius': 4,
        'circle-color': ['match', ['get', 'end'], 'origin', ORIGIN_COLOR, LINE_COLOR],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    },
  ],
};
