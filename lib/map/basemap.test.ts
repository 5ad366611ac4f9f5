import { describe, expect, it } from 'vitest';
import { chooseBasemap, EXTRACT_PATH, PUBLIC_STYLE_URL } from './basemap';
import { OFFLINE_STYLE } from './offline-style';
import { pmtilesStyle } from './pmtiles-style';

describe('chooseBasemap', () => {
  it('prefers the extract, then MAP_STYLE_URL, then the public keyless style', () => {
    expect(chooseBasemap({ MAP_PMTILES: '/x.pmtiles', MAP_STYLE_URL: 'https://a/style.json' })).toEqual({ kind: 'pmtiles', url: EXTRACT_PATH });
    expect(chooseBasemap({ MAP_STYLE_URL: 'https://a/style.json' })).toEqual({ kind: 'remote', url: 'https://a/style.json' });
    expect(chooseBasemap({ MAP_STYLE_URL: 'offline' })).toEqual({ kind: 'offline' });
    expect(chooseBasemap({})).toEqual({ kind: 'remote', url: PUBLIC_STYLE_URL });
  });
});

describe('pmtilesStyle', () => {
  const style = pmtilesStyle('http://localhost:3000/api/basemap/extract.pmtiles');

  it('reads the extract through pmtiles:// and credits OpenStreetMap', () => {
    expect(style.sources.protomaps).toMatchObject({ type: 'vector', url: 'pmtiles://http://localhost:3000/api/basemap/extract.pmtiles' });
    expect((style.sources.protomaps as { attribution: string }).attribution).toMatch(/OpenStreetMap/);
  });

  it('draws streets and water without glyphs or sprites (no symbol layers)', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
    const sourceLayers = new Set(style.layers.map((l) => ('source-layer' in l ? l['source-layer'] : undefined)));
    for (const layer of ['roads', 'water', 'earth', 'buildings']) expect(sourceLayers).toContain(layer);
  });

  it('the offline countries credit Natural Earth', () => {
    expect((OFFLINE_STYLE.sources.countries as { attribution: string }).attribution).toMatch(/Natural Earth/);
  });
});
