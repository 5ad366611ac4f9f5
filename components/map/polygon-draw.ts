// Polygon drawing and editing with terra-draw (its MapLibre adapter draws on our map): start()
// arms the polygon mode (click the vertices, click the first or last one, or press Enter, to
// close); the finished polygon stays selected for editing (drag its corners or the midpoints of
// its edges; not the whole shape, so a drag inside it still pans the map); a polygon shown from
// elsewhere (the URL, a zone) is editable once clicked. Escape leaves drawing. Each finished
// draw or edit reports the geometry.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type HexColor } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { AreaGeometry } from '@/lib/client/areas';
import { BOX_COLOR } from './overlays';

export interface PolygonDrawCallbacks {
  onPolygon: (g: AreaGeometry) => void;
  /** drawing stopped by itself (polygon closed or Escape) */
  onStop: () => void;
}

const color = BOX_COLOR as HexColor;

export class PolygonDraw {
  private readonly draw: TerraDraw;

  constructor(
    private readonly map: MapLibreMap,
    private readonly callbacks: PolygonDrawCallbacks,
  ) {
    this.draw = new TerraDraw({
      // Full float precision: the drawn polygon is the area queried, and the URL keeps it exactly.
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 15, prefixId: 'polygon-draw' }),
      modes: [
        new TerraDrawPolygonMode({ styles: { fillColor: color, fillOpacity: 0.12, outlineColor: color, outlineWidth: 2, closingPointColor: color, coordinatePointColor: color } }),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: false, coordinates: { midpoints: true, draggable: true, deletable: true } } } },
          styles: { selectedPolygonColor: color, selectedPolygonOutlineColor: color, selectedPolygonFillOpacity: 0.12, selectionPointColor: color, midPointColor: color },
        }),
      ],
    });
    this.draw.start();
    this.draw.on('finish', this.onFinish);
    window.addEventListener('keydown', this.onKey);
  }

  isDrawing(): boolean {
    return this.draw.getMode() === 'polygon';
  }

  /** Arms the polygon mode; a polygon drawn before is removed. */
  start(): void {
    if (this.isDrawing()) return;
    this.draw.clear();
    this.map.doubleClickZoom.disable();
    this.draw.setMode('polygon');
  }

  /** Leaves drawing; an unfinished polygon is dropped, a finished one stays editable. */
  stop(): void {
    if (!this.isDrawing()) return;
    this.draw.setMode('static');
    this.map.doubleClickZoom.enable();
  }

  /** Removes the drawn polygon (the area changed to something else). */
  clear(): void {
    this.stop();
    this.draw.clear();
    this.draw.setMode('static');
  }

  /** Shows a polygon drawn elsewhere, ready to edit; false when terra-draw refuses it. */
  show(g: GeoJSON.Polygon): boolean {
    this.clear();
    const [result] = this.draw.addFeatures([{ type: 'Feature', geometry: g, properties: { mode: 'polygon' } }]);
    if (!result?.valid) return false;
    this.draw.setMode('select');
    return true;
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey);
    this.draw.off('finish', this.onFinish);
    this.draw.stop();
  }

  private onFinish = (id: string | number, context: { mode: string; action: string }) => {
    const feature = this.draw.getSnapshotFeature(id);
    if (!feature || feature.geometry.type !== 'Polygon') return;
    const geometry: AreaGeometry = { type: 'Polygon', coordinates: feature.geometry.coordinates };
    if (context.mode === 'polygon') {
      this.map.doubleClickZoom.enable();
      this.draw.setMode('select');
      this.draw.selectFeature(id);
      this.callbacks.onStop();
    }
    this.callbacks.onPolygon(geometry);
  };

  private onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.isDrawing()) {
      this.stop();
      this.callbacks.onStop();
    }
  };
}
