'use client';
// The admin page: sign-in prompt when needed, CSV upload, live job progress, job history.
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { JobProgress } from '@/lib/client/api';
import type { UploadedJob } from '@/lib/client/upload';
import { useIngestions, useLogout, useSession } from '@/components/hooks/use-api';
import { useJobProgress } from '@/components/hooks/use-job-progress';
import { JobHistory } from './job-history';
import { StoreHealthPanel } from './store-health-panel';
import { JobProgressCard } from './job-progress';
import { LoginForm } from './login-form';
import { UploadDropzone } from './upload-dropzone';
import { progressFromRow } from '@/lib/jobs/job-progress';

export function AdminView() {
  const session = useSession();
  const admin = session.data?.admin === true;
  const client = useQueryClient();
  const logout = useLogout();
  const history = useIngestions(admin);
  const [uploaded, setUploaded] = useState<UploadedJob[]>([]);
  const { jobs: live, connection } = useJobProgress(admin, () => {
    void client.invalidateQueries({ queryKey: ['ingestions'] });
    void client.invalidateQueries({ queryKey: ['regions'] });
    void client.invalidateQueries({ queryKey: ['weekly-average'] });
    void client.invalidateQueries({ queryKey: ['insights'] });
    void client.invalidateQueries({ queryKey: ['store-health'] });
  });

  // Jobs uploaded in this session first (queued until the first event), then other live jobs.
  const cards = useMemo(() => {
    const out: JobProgress[] = [];
    const seen = new Set<number>();
    const rows = new Map((history.data ?? []).map((j) => [j.id, j]));
    for (const u of uploaded) {
      seen.add(u.id);
      // Until the first live event arrives, the job history row (or the upload answer) stands in.
      const row = rows.get(u.id);
      out.push(live[u.id] ?? (row ? progressFromRow(row) : { jobId: u.id, file: u.file, status: 'queued', stage: 'queued', bytesDone: 0, bytesTotal: 0, rowsDone: 0, rowsIngested: 0, rowsRejected: 0, rowsPerSecond: 0, seconds: 0 }));
    }
    for (const j of Object.values(live)) if (!seen.has(j.jobId) && (j.status === 'running' || j.status === 'queued' || j.status === 'deleting')) out.push(j);
    return out;
  }, [uploaded, live, history.data]);

  if (session.isPending) return <div className="page"><p className="loading" role="status">Checking session…</p></div>;
  if (session.isError) return <div className="page"><p className="error" role="alert">Could not check the session: {session.error.message}</p></div>;
  if (!admin)
    return (
      <div className="page narrow">
        <LoginForm />
      </div>
    );

  return (
    <div className="page admin">
      <div className="page-head row">
        <h1>Admin</h1>
        <span className={`connection connection-${connection}`} data-testid="connection">
          {connection === 'live' ? 'Live updates on' : connection === 'connecting' ? 'Connecting…' : 'Live updates offline'}
        </span>
        <button type="button" className="btn btn-secondary" onClick={() => logout.mutate()}>
          Sign out
        </button>
      </div>
      <div className="admin-grid">
        <div>
          <UploadDropzone
            onUploaded={(jobs) => {
              setUploaded((prev) => [...jobs, ...prev]);
              void client.invalidateQueries({ queryKey: ['ingestions'] });
            }}
          />
          <section className="card" aria-labelledby="live-heading">
            <h2 id="live-heading">Processing</h2>
            {cards.length === 0 ? <p className="empty">No jobs running.</p> : <ul className="job-list">{cards.map((j) => <JobProgressCard key={j.jobId} job={j} />)}</ul>}
          </section>
        </div>
        <JobHistory jobs={history.data ?? []} loading={history.isPending} error={history.error} />
      </div>
      <StoreHealthPanel />
    </div>
  );
}

