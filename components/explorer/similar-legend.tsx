'use client';
// Line widths of the similar-trip lines: the smallest and the largest group shown.
import { formatCount } from '@/lib/client/format';
import { countRange, lineWidth } from '@/lib/client/similar-style';
import { LINE_COLOR, ORIGIN_COLOR } from '@/components/map/overlays';

export function SimilarLegend({ counts }: { counts: number[] }) {
  const range = countRange(counts);
  if (!range) return null;
  const ends = range.min === range.max ? [range.min] : [range.min, range.max];
  return (
    <div className="similar-legend" data-testid="similar-legend">
      <span className="small muted">Line width:</span>
      {ends.map((n) => (
        <span key={n} className="similar-legend-item small">
          <svg width="28" height="12" aria-hidden="true">
            <line x1="2" y1="6" x2="26" y2="6" stroke={LINE_COLOR} strokeWidth={lineWidth(n, range.min, range.max)} strokeLinecap="round" />
          </svg>
          {formatCount(n)} trips
        </span>
      ))}
      <span className="similar-legend-item small">
        <svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="4" fill={ORIGIN_COLOR} /></svg> origin
      </span>
    </div>
  );
}
