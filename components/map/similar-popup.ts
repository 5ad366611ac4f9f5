// The details of one similar-trip group, shown in a popup where its line was clicked.
import type { SimilarGroup } from '@/lib/client/api';
import { formatCount } from '@/lib/client/format';

/** Built with textContent only: region names come from uploaded data. */
export function similarPopupContent(g: SimilarGroup): HTMLElement {
  const root = document.createElement('div');
  root.className = 'similar-popup';
  root.dataset.testid = 'similar-popup';
  const line = (label: string, value: string) => {
    const p = document.createElement('p');
    const b = document.createElement('strong');
    b.textContent = `${label}: `;
    p.append(b, value);
    root.append(p);
  };
  line('Trips', formatCount(g.trips));
  line('Time of day', g.bucket.label);
  line('From cell', g.origin.geohash);
  line('To cell', g.destination.geohash);
  if (g.region) line('Region', g.region);
  return root;
}
