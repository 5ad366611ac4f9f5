// The "Draw box" gesture, modelled on maplibre-gl-js's BoxZoomHandler (src/ui/handler/box_zoom.ts):
// one handler owns the gesture's state. enable() arms it (a press-drag-release with the mouse or
// one finger then draws a box instead of panning), disable() disarms it and cancels a gesture in
// progress, and Escape cancels too.
import type { Map as MapLibreMap, MapMouseEvent, MapTouchEvent, LngLat } from 'maplibre-gl';
import type { Bbox } from '@/lib/client/api';
import { cornersToBbox, lonSpan } from '@/lib/map/geojson';

export interface BoxDrawCallbacks {
  /** the box being dragged, or null when the gesture ends */
  onDraft: (b: Bbox | null) => void;
  /** a finished, non-empty box */
  onBox: (b: Bbox) => void;
  /** the handler disarmed itself (box drawn or Escape) */
  onDisable: () => void;
}

type PointerEvent = MapMouseEvent | MapTouchEvent;

export class BoxDrawHandler {
  private enabled = false;
  private start: LngLat | null = null;
  private last: LngLat | null = null;

  constructor(
    private readonly map: MapLibreMap,
    private readonly callbacks: BoxDrawCallbacks,
  ) {
    map.on('mousedown', this.onDown);
    map.on('mousemove', this.onMove);
    map.on('mouseup', this.onUp);
    map.on('touchstart', this.onDown);
    map.on('touchmove', this.onMove);
    map.on('touchend', this.onUp);
    window.addEventListener('keydown', this.onKey);
  }

  isEnabled(): boolean {
    return this.enabled;
  }

  isActive(): boolean {
    return this.start !== null;
  }

  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    // Panning and pinching would fight the gesture.
    this.map.dragPan.disable();
    this.map.touchZoomRotate.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
  }

  disable(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.reset();
    this.map.dragPan.enable();
    this.map.touchZoomRotate.enable();
    this.map.getCanvas().style.cursor = '';
  }

  /** Detaches every listener (the map is going away). */
  destroy(): void {
    this.disable();
    for (const type of ['mousedown', 'touchstart'] as const) this.map.off(type, this.onDown);
    for (const type of ['mousemove', 'touchmove'] as const) this.map.off(type, this.onMove);
    for (const type of ['mouseup', 'touchend'] as const) this.map.off(type, this.onUp);
    window.removeEventListener('keydown', this.onKey);
  }

  private reset() {
    if (this.start) this.callbacks.onDraft(null);
    this.start = this.last = null;
  }

  private finish() {
    this.disable();
    this.callbacks.onDisable();
  }

  private onDown = (e: PointerEvent) => {
    if (!this.enabled) return;
    const ev = e.originalEvent;
    // (no `instanceof TouchEvent`: that global is missing in some desktop browsers)
    if ('touches' in ev ? ev.touches.length !== 1 : ev.button !== 0) return;
    e.preventDefault();
    this.start = this.last = e.lngLat;
  };

  private onMove = (e: PointerEvent) => {
    if (!this.start) return;
    this.last = e.lngLat;
    this.callbacks.onDraft(cornersToBbox(this.start, e.lngLat));
  };

  private onUp = (e: PointerEvent) => {
    if (!this.start) return;
    // touchend has no position of its own: use the last move.
    const end = e.type === 'touchend' ? (this.last ?? this.start) : e.lngLat;
    const b = cornersToBbox(this.start, end);
    this.finish();
    if (lonSpan(b) > 0 && b[3] - b[1] > 0) this.callbacks.onBox(b);
  };

  private onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.enabled) this.finish();
  };
}
