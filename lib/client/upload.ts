// Multipart upload with progress (fetch has no upload progress; XMLHttpRequest does).
import { ApiError } from './api';

export interface UploadedJob {
  id: number;
  file: string;
  status: string;
}

export function uploadFiles(files: File[], onProgress: (loaded: number, total: number) => void): { promise: Promise<UploadedJob[]>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadedJob[]>((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    xhr.open('POST', '/api/ingestions');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : files.reduce((s, f) => s + f.size, 0));
    xhr.onerror = () => reject(new ApiError('Network error during upload', 0));
    xhr.onabort = () => reject(new ApiError('Upload cancelled', 0));
    xhr.onload = () => {
      let body: { jobs?: UploadedJob[]; error?: { code?: string; message?: string } } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body?.jobs ?? []);
      else reject(new ApiError(body?.error?.message ?? `Upload failed (${xhr.status})`, xhr.status, body?.error?.code));
    };
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
