// Bounding boxes typed by people: parsing, validation and rounding (5 decimals ~ 1 m).
import type { Bbox } from './api';

export const BBOX_FIELDS = ['west', 'south', 'east', 'north'] as const;
export type BboxField = (typeof BBOX_FIELDS)[number];
export type BboxDraft = Record<BboxField, string>;
export type BboxErrors = Partial<Record<BboxField | 'box', string>>;

export const EMPTY_DRAFT: BboxDraft = { west: '', south: '', east: '', north: '' };

export function roundCoord(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}

export function roundBbox(b: Bbox): Bbox {
  return b.map(roundCoord) as Bbox;
}

export function draftFromBbox(b: Bbox | null): BboxDraft {
  if (!b) return EMPTY_DRAFT;
  return { west: String(b[0]), south: String(b[1]), east: String(b[2]), north: String(b[3]) };
}

const LIMITS: Record<BboxField, [number, number, string]> = {
  west: [-180, 180, 'Longitude'],
  east: [-180, 180, 'Longitude'],
  south: [-90, 90, 'Latitude'],
  north: [-90, 90, 'Latitude'],
};

/** Returns the box when every field is a valid number and the box is non-empty, else the errors. */
export function validateDraft(d: BboxDraft): { bbox: Bbox } | { errors: BboxErrors } {
  const errors: BboxErrors = {};
  const values = {} as Record<BboxField, number>;
  for (const f of BBOX_FIELDS) {
    const raw = d[f].trim();
    const [min, max, kind] = LIMITS[f];
    if (raw === '') {
      errors[f] = 'Required';
      continue;
    }
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) {
      errors[f] = 'Enter a number, e.g. 14.42';
      continue;
    }
    const v = Number(raw);
    if (v < min || v > max) {
      errors[f] = `${kind} must be between ${min} and ${max}`;
      continue;
    }
    values[f] = v;
  }
  if (Object.keys(errors).length) return { errors };
  // West > East is a box across the antimeridian (GeoJSON, RFC 7946 section 5.2).
  if (values.west === values.east) errors.box = 'West and East must differ';
  else if (values.south >= values.north) errors.box = 'South must be less than North';
  if (errors.box) return { errors };
  return { bbox: roundBbox([values.west, values.south, values.east, values.north]) };
}

/** Whether the box crosses the antimeridian (its west edge lies east of its east edge). */
export const crossesAntimeridian = (b: Bbox): boolean => b[0] > b[2];

/** The typed draft crosses the antimeridian: both longitudes are numbers and West > East. */
export function draftCrossesAntimeridian(d: BboxDraft): boolean {
  const [w, e] = [Number(d.west.trim()), Number(d.east.trim())];
  return d.west.trim() !== '' && d.east.trim() !== '' && Number.isFinite(w) && Number.isFinite(e) && w > e;
}

export function parseBboxParam(s: string | null | undefined): Bbox | null {
  if (!s) return null;
  const parts = s.split(',');
  if (parts.length !== 4) return null;
  const r = validateDraft({ west: parts[0], south: parts[1], east: parts[2], north: parts[3] });
  return 'bbox' in r ? r.bbox : null;
}

/** The box's size for people: "5.7 km × 5.6 km" (its middle latitude's width; "m" below 1 km). */
export function boxSizeText(b: Bbox, locale?: string): string {
  const lonSpan = b[0] > b[2] ? b[2] + 360 - b[0] : b[2] - b[0];
  const midLat = ((b[1] + b[3]) / 2) * (Math.PI / 180);
  const km = [lonSpan * 111.32 * Math.cos(midLat), (b[3] - b[1]) * 110.57];
  const fmt = (v: number) =>
    v < 1
      ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(v * 1000)} m`
      : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v)} km`;
  return `${fmt(km[0])} × ${fmt(km[1])}`;
}
