import { describe, expect, it } from 'vitest';
import { chooseBasemap, EXTRACT_PATH, PUBLIC_STYLE_URL } from './basemap';
import { OFFLINE_STYLE } from './offline-style';
import fs from 'node:fs';
import path from 'node:path';
import { BASEMAP_FONTS } from './basemap-fonts';
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
  const style = pmtilesStyle('http://localhost:3000/api/basemap/extract.pmtiles', 'http://localhost:3000/basemap/fonts');

  it('reads the extract through pmtiles:// and credits OpenStreetMap', () => {
    expect(style.sources.protomaps).toMatchObject({ type: 'vector', url: 'pmtiles://http://localhost:3000/api/basemap/extract.pmtiles' });
    expect((style.sources.protomaps as { attribution: string }).attribution).toMatch(/OpenStreetMap/);
  });

  it('draws streets, water and labels without glyph PBFs or sprites', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const sourceLayers = new Set(style.layers.map((l) => ('source-layer' in l ? l['source-layer'] : undefined)));
    for (const layer of ['roads', 'water', 'earth', 'buildings', 'places']) expect(sourceLayers).toContain(layer);
    const ids = style.layers.map((l) => l.id);
    for (const label of ['places_locality', 'places_country', 'roads_labels_major', 'water_label_lakes']) expect(ids).toContain(label);
    // No sprite: no symbol asks for an icon.
    for (const l of style.layers) if (l.type === 'symbol') expect(Object.keys(l.layout ?? {}).filter((k) => k.startsWith('icon-'))).toEqual([]);
  });

  it('declares every font a label names, with files the app serves from public/', () => {
    const named = new Set(JSON.stringify(style.layers).match(/Noto Sans[\w ]*/g));
    expect(named.size).toBeGreaterThan(0);
    for (const name of named) expect(Object.keys(style['font-faces'] ?? {})).toContain(name);
    for (const name of Object.keys(BASEMAP_FONTS)) {
      const faces = style['font-faces']![name] as { url: string; 'unicode-range'?: string[] }[];
      expect(faces.find((f) => f['unicode-range']?.includes('U+0000-00FF'))).toBeDefined(); // Latin is covered
      for (const f of faces) {
        expect(f.url).toMatch(/^http:\/\/localhost:3000\/basemap\/fonts\/noto-sans-[a-z-]+-\d00-(normal|italic)\.woff2$/);
        expect(fs.existsSync(path.join('public', new URL(f.url).pathname))).toBe(true); // copied by scripts/postinstall.mjs
      }
    }
  });

  it('the offline countries credit Natural Earth', () => {
    expect((OFFLINE_STYLE.sources.countries as { attribution: string }).attribution).toMatch(/Natural Earth/);
  });
});
