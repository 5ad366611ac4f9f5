// The fonts of the PMTiles basemap's labels, shipped with the app: MapLibre draws the text itself
// (TinySDF) from the font files a style declares in `font-faces`, so no glyph PBFs are needed.
// The files are Noto Sans from @fontsource/noto-sans (OFL), one per subset and face, copied
// into public/basemap/fonts by scripts/postinstall.mjs; the browser fetches a subset only when a
// label needs one of its characters (unicode-range).
import type { StyleSpecification } from 'maplibre-gl';

type FontFacesSpecification = NonNullable<StyleSpecification['font-faces']>;
import subsets from '@fontsource/noto-sans/unicode.json';

/** Where the app serves the font files (public/basemap/fonts). */
export const FONTS_PATH = '/basemap/fonts';

/** The Noto Sans subsets shipped: the scripts of place names in the store's regions and beyond. */
export const FONT_SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese', 'devanagari'] as const;

/** The @protomaps/basemaps font names, each the fontsource face (weight-style) drawing it. */
export const BASEMAP_FONTS: Record<string, string> = {
  'Noto Sans Regular': '400-normal',
  'Noto Sans Medium': '500-normal',
  'Noto Sans Italic': '400-italic',
  'Noto Sans Devanagari Regular v1': '400-normal',
};

/** The file of a subset in a face, e.g. noto-sans-latin-400-normal.woff2. */
export const fontFile = (subset: string, face: string): string => `noto-sans-${subset}-${face}.woff2`;

/** `font-faces` of the basemap style, the files under `base` (an absolute URL of FONTS_PATH). */
export function basemapFontFaces(base: string): FontFacesSpecification {
  return Object.fromEntries(Object.entries(BASEMAP_FONTS).map(([name, face]) => [
    name,
    FONT_SUBSETS.map((subset) => ({ url: `${base}/${fontFile(subset, face)}`, 'unicode-range': subsets[subset].split(',') })),
  ]));
}
