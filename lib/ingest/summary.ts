// Human summary of one ingestion, as the CLI prints it.
import type { IngestResult } from './ingest-file';

export function formatSummary(r: IngestResult): string {
  const rate = r.seconds > 0 ? Math.round(r.rowsTotal / r.seconds).toLocaleString('en-US') : '-';
  const lines = [`${r.file}: ${r.status} (job ${r.jobId}, ${r.seconds.toFixed(2)} s, ${rate} rows/s)`];
  if (r.status === 'duplicate') lines.push(`  ${r.error ?? 'already ingested; nothing changed'}`);
  if (r.status === 'failed') lines.push(`  error: ${r.error}`);
  if (r.status !== 'duplicate') {
    lines.push(`  rows: ${r.rowsTotal} read, ${r.rowsIngested} ingested, ${r.rowsRejected} rejected`);
  }
  if (r.extraColumns.length) lines.push(`  extra columns ignored: ${r.extraColumns.join(', ')}`);
  for (const rej of r.rejects.slice(0, 10)) lines.push(`  line ${rej.line}: ${rej.reason}`);
  if (r.rowsRejected > 10) lines.push(`  ... ${r.rowsRejected - 10} more rejected rows (see the job's reject report)`);
  return lines.join('\n');
}
