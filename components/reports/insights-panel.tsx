'use client';
// The two standing questions: the latest datasource among the two busiest regions, and where
// the cheap_mobile datasource appears.
import { useInsights } from '@/components/hooks/use-api';

export function InsightsPanel() {
  const q = useInsights();
  return (
    <section className="insights" aria-labelledby="insights-heading">
      <h2 id="insights-heading" className="section-title">Insights</h2>
      {q.isPending ? (
        <p className="loading" role="status">Loading…</p>
      ) : q.isError ? (
        <p className="error" role="alert">Could not load insights: {q.error.message}</p>
      ) : (
        <div className="insight-grid">
          <article className="card insight" data-testid="insight-latest">
            <h3>Latest datasource in the two most common regions</h3>
            {q.data.latestDatasource ? (
              <p>
                <strong>{q.data.latestDatasource.datasource}</strong> in {q.data.latestDatasource.region}, at {q.data.latestDatasource.at}
                <br />
                <span className="muted small">Most common regions: {q.data.topRegions.join(' and ') || '—'}</span>
              </p>
            ) : (
              <p className="empty">No trips yet.</p>
            )}
            {q.data.latestPerRegion.length > 0 && (
              <ul className="compact">
                {q.data.latestPerRegion.map((r) => (
                  <li key={r.region}>
                    {r.region}: {r.datasource} <span className="muted">({r.at})</span>
                  </li>
                ))}
              </ul>
            )}
          </article>
          <article className="card insight" data-testid="insight-cheap-mobile">
            <h3>Regions where cheap_mobile appears</h3>
            {q.data.cheapMobileRegions.length ? <p><strong>{q.data.cheapMobileRegions.join(', ')}</strong></p> : <p className="empty">None.</p>}
          </article>
        </div>
      )}
    </section>
  );
}
