'use client';
// Legend of the density layer: the colour ramp with its counts; the top value is the busiest
// cell in view.
import { densityStops } from '@/lib/client/density-scale';
import { formatCount } from '@/lib/client/format';

export function DensityLegend({ max, side, fetching }: { max: number; side: 'origin' | 'destination'; fetching: boolean }) {
  const stops = densityStops(max);
  return (
    <figure className="map-legend density-legend" data-testid="density-legend" data-max={max} aria-busy={fetching}>
      <figcaption>Trip {side === 'origin' ? 'origins' : 'destinations'} per cell</figcaption>
      {stops.length === 0 ? (
        <p className="small muted">No trips in view.</p>
      ) : (
        <ol>
          {stops.map((s) => (
            <li key={s.trips}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              <span data-testid="density-legend-value">{formatCount(s.trips)}</span>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}
