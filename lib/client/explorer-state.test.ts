import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, roundCamera, stateFromParams, stateToQuery } from './explorer-state';

describe('explorer state in the URL', () => {
  it('round-trips the area, filters, density toggle and camera', () => {
    const state = { ...DEFAULT_STATE, bbox: [14.39, 50.05, 14.47, 50.1] as [number, number, number, number], match: 'destination' as const, from: '2018-01-01', to: '2018-02-05', density: false, cells: 5, bucket: 180, camera: roundCamera([14.4312345678, 50.0801234567], 11.23456) };
    const qs = stateToQuery(state);
    expect(qs).toBe('bbox=14.39%2C50.05%2C14.47%2C50.1&match=destination&from=2018-01-01&to=2018-02-05&density=off&cells=5&bucket=180&center=14.43123%2C50.08012&zoom=11.23');
    expect(stateFromParams(Object.fromEntries(new URLSearchParams(qs)))).toEqual(state);
  });

  it('round-trips a polygon and the From / To pair (exact coordinates, compressed)', () => {
    const geometry = { type: 'Polygon' as const, coordinates: [[[14.41234567891234, 50.05], [14.47, 50.05], [14.45, 50.1], [14.41234567891234, 50.05]]] };
    const state = { ...DEFAULT_STATE, polygon: { geometry, name: 'Old Town' }, origin: { area: { region: 'Prague' } }, destination: { area: { polygon: geometry } } };
    const qs = stateToQuery(state);
    expect(qs).toMatch(/^polygon=[^&]+&orig=[^&]+&dest=[^&]+$/);
    expect(stateFromParams(Object.fromEntries(new URLSearchParams(qs)))).toEqual(state);
    // A polygon wins over a box or region in a hand-made link; a broken one is ignored.
    const both = stateFromParams({ ...Object.fromEntries(new URLSearchParams(qs)), bbox: '1,2,3,4', region: 'Turin' });
    expect(both).toMatchObject({ bbox: null, region: null, polygon: state.polygon });
    expect(stateFromParams({ polygon: 'garbage', orig: 'x', bbox: '1,2,3,4' })).toMatchObject({ polygon: null, origin: null, bbox: [1, 2, 3, 4] });
  });

  it('ignores a malformed camera and keeps the defaults short', () => {
    expect(stateFromParams({ center: '14.4', zoom: '11' }).camera).toBeNull();
    expect(stateFromParams({ center: '200,50', zoom: '11' }).camera).toBeNull();
    expect(stateFromParams({ center: '14.4,50', zoom: 'x' }).camera).toBeNull();
    expect(stateFromParams({ center: '14.4,50', zoom: '11' }).camera).toEqual({ center: [14.4, 50], zoom: 11 });
    expect(stateToQuery(DEFAULT_STATE)).toBe('');
    expect(stateFromParams({ cells: '7', bucket: '45' })).toMatchObject({ cells: null, bucket: null });
  });
});
