// The explorer's whole state, and its round trip through the URL query string.
import type { Bbox, Match } from './api';
import { parseBboxParam } from './bbox';

export interface ExplorerState {
  bbox: Bbox | null;
  region: string | null;
  match: Match;
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MATCHES: Match[] = ['origin', 'destination', 'both'];

type Params = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function stateFromParams(params: Params): ExplorerState {
  const bbox = parseBboxParam(first(params.bbox));
  const region = first(params.region)?.trim() || null;
  const match = first(params.match) as Match | undefined;
  const from = first(params.from) ?? '';
  const to = first(params.to) ?? '';
  return {
    bbox,
    region: bbox ? null : region,
    match: match && MATCHES.includes(match) ? match : 'origin',
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
  };
}

export function stateToQuery(s: ExplorerState): string {
  const p = new URLSearchParams();
  if (s.bbox) p.set('bbox', s.bbox.join(','));
  else if (s.region) p.set('region', s.region);
  if (s.match !== 'origin') p.set('match', s.match);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  return p.toString();
}
