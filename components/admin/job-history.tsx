'use client';
// All ingestion jobs, newest first, with links to reject reports.
import type { IngestionJob } from '@/lib/client/api';
import { formatBytes } from '@/lib/client/upload';
import { formatCount, localIsoMinutes } from '@/lib/client/format';
import { DeleteJobButton } from './delete-job-button';

export function JobHistory({ jobs, loading, error }: { jobs: IngestionJob[]; loading: boolean; error: Error | null }) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Job history</h2>
      {loading ? (
        <p className="loading" role="status">Loading…</p>
      ) : error ? (
        <p className="error" role="alert">Could not load jobs: {error.message}</p>
      ) : jobs.length === 0 ? (
        <p className="empty">No uploads yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Job history table">
          <table className="history" data-testid="job-history">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
                <th scope="col">Rows</th>
                <th scope="col">Rejected</th>
                <th scope="col">Time</th>
                <th scope="col">Created</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>{j.id}</td>
                  <td className="file">{j.fileName}</td>
                  <td>
                    <span className={`badge badge-${j.status}`}>{j.status}</span>
                    {j.error && <span className="muted small"> {j.error}</span>}
                  </td>
                  <td className="nowrap">{formatBytes(j.sizeBytes)}</td>
                  <td>{j.rowsIngested != null ? formatCount(j.rowsIngested) : '—'}</td>
                  <td>
                    {j.rowsRejected ? (
                      <a href={`/api/ingestions/${j.id}/rejects`} aria-label={`Reject report of job ${j.id}`}>
                        {formatCount(j.rowsRejected)} (CSV)
                      </a>
                    ) : (
                      (j.rowsRejected ?? '—')
                    )}
                  </td>
                  <td>{j.seconds !== null && j.seconds !== undefined ? `${Number(j.seconds).toFixed(1)} s` : '—'}</td>
                  <td className="nowrap">{j.createdAt ? localIsoMinutes(new Date(j.createdAt)) : '—'}</td>
                  <td>{j.status === 'succeeded' && <DeleteJobButton id={j.id} fileName={j.fileName} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
