'use client';
// One ingestion job's live progress: stage, percent, rows per second, rejected rows; once it
// succeeded and a read replica serves the API, whether the replica has replayed it yet.
import { useQuery } from '@tanstack/react-query';
import { getJson, type JobProgress as Progress } from '@/lib/client/api';
import type { ReplicaState } from '@/lib/db/replica';
import { formatBytes } from '@/lib/client/upload';
import { ProgressBar } from './progress-bar';
import { formatCount } from '@/lib/client/format';

export function JobProgressCard({ job }: { job: Progress }) {
  const done = job.status === 'succeeded' || job.status === 'duplicate' || job.status === 'deleted';
  // a deletion advances per trips partition, a load per byte read
  const deleting = job.status === 'deleting';
  const fraction = done ? 1 : deleting ? (job.partitionsTotal ? (job.partitionsDone ?? 0) / job.partitionsTotal : 0)
    : job.bytesTotal ? job.bytesDone / job.bytesTotal : 0;
  const tone = job.status === 'failed' ? 'danger' : done ? 'success' : 'accent';
  return (
    <li className="job-card" data-testid="job-progress" data-job-id={job.jobId} data-status={job.status}>
      <div className="job-head">
        <strong className="job-file">{job.file}</strong>
        <span className={`badge badge-${job.status}`}>{job.status}</span>
      </div>
      <ProgressBar value={fraction} label={`Progress of ${job.file}`} tone={tone} />
      <p className="job-meta small">
        <span>{job.stage || '—'}</span>
        <span>{Math.round(fraction * 100)}%</span>
        {deleting ? <span>{formatCount(job.partitionsDone ?? 0)} / {formatCount(job.partitionsTotal ?? 0)} partitions</span>
          : <span>{formatBytes(job.bytesDone)} / {formatBytes(job.bytesTotal)}</span>}
        <span>{formatCount(job.rowsIngested ?? 0)} rows</span>
        <span>{formatCount(job.rowsPerSecond ?? 0)} rows/s</span>
        <span className={job.rowsRejected ? 'warn' : ''}>{formatCount(job.rowsRejected ?? 0)} rejected</span>
        {job.rowsRejected > 0 && <a href={`/api/ingestions/${job.jobId}/rejects`}>Reject report</a>}
      </p>
      {job.status === 'succeeded' && <ReplicaNote jobId={job.jobId} />}
      {job.error && (
        <p className="field-error" role="alert">
          {job.error}
        </p>
      )}
    </li>
  );
}

/** Asks the job API every 2 s until the replica has the job (nothing shows without a replica). */
function ReplicaNote({ jobId }: { jobId: number }) {
  const { data } = useQuery({
    queryKey: ['ingestion-replica', jobId],
    queryFn: () => getJson<{ replica: ReplicaState | null }>(`/api/ingestions/${jobId}`).then((r) => r.replica),
    refetchInterval: (q) => (q.state.data === null || q.state.data?.caughtUp ? false : 2000),
  });
  if (!data) return null;
  return (
    <p className="small" data-testid="replica-state" data-caught-up={data.caughtUp}>
      {data.caughtUp ? 'Read replica caught up: answers include this file.' : `Read replica catching up (${data.lagBytes == null ? 'not replaying yet' : formatBytes(data.lagBytes) + ' behind'})…`}
    </p>
  );
}
