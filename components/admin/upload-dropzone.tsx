'use client';
// Drop (or pick) one or several CSV files; they upload at once with a progress bar.
import { useRef, useState } from 'react';
import { formatBytes, uploadFiles, type UploadedJob } from '@/lib/client/upload';
import { ProgressBar } from './progress-bar';

type UploadState = { phase: 'idle' } | { phase: 'uploading'; loaded: number; total: number; names: string[] } | { phase: 'done'; names: string[] } | { phase: 'error'; message: string };

export function UploadDropzone({ onUploaded }: { onUploaded: (jobs: UploadedJob[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });

  function start(list: FileList | File[] | null) {
    const files = Array.from(list ?? []);
    if (!files.length) return;
    const bad = files.filter((f) => !/\.csv(\.gz)?$/i.test(f.name));
    if (bad.length) {
      setState({ phase: 'error', message: `Only CSV files can be uploaded (${bad.map((f) => f.name).join(', ')})` });
      return;
    }
    const names = files.map((f) => f.name);
    const total = files.reduce((s, f) => s + f.size, 0);
    setState({ phase: 'uploading', loaded: 0, total, names });
    const { promise } = uploadFiles(files, (loaded, t) => setState({ phase: 'uploading', loaded, total: t || total, names }));
    promise.then(
      (jobs) => {
        setState({ phase: 'done', names });
        onUploaded(jobs);
      },
      (err: Error) => setState({ phase: 'error', message: err.message }),
    );
    if (input.current) input.current.value = '';
  }

  const uploading = state.phase === 'uploading';
  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload trips</h2>
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (!uploading) start(e.dataTransfer.files);
        }}
      >
        <p>
          <strong>Drop CSV files here</strong>
          <br />
          <span className="muted small">Columns: region, origin_coord, destination_coord, datetime, datasource</span>
        </p>
        <label className="btn" htmlFor="upload-input">
          Choose files…
        </label>
        <input
          id="upload-input"
          ref={input}
          className="visually-hidden"
          type="file"
          accept=".csv,.gz,text/csv"
          multiple
          disabled={uploading}
          onChange={(e) => start(e.target.files)}
        />
      </div>
      <div aria-live="polite" className="upload-status">
        {state.phase === 'uploading' && (
          <>
            <p className="small">
              Uploading {state.names.join(', ')}: {formatBytes(state.loaded)} of {formatBytes(state.total)}
            </p>
            <ProgressBar value={state.total ? state.loaded / state.total : 0} label="Upload progress" />
          </>
        )}
        {state.phase === 'done' && <p className="small success">Uploaded {state.names.join(', ')}. Processing below.</p>}
        {state.phase === 'error' && (
          <p className="field-error" role="alert">
            {state.message}
          </p>
        )}
      </div>
    </section>
  );
}
