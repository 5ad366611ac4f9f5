// STORAGE_URL -> the upload storage every process uses: `s3://bucket/prefix` for S3-compatible
// object storage, anything else a local folder (default STORAGE_DIR, shared by the processes of
// one machine or a network volume).
import { S3Storage } from './s3-storage';
import { LocalFolderStorage, type FileStorage } from './storage';

export function storageFromUrl(url: string): FileStorage {
  if (!url.startsWith('s3://')) return new LocalFolderStorage(url.startsWith('file://') ? new URL(url).pathname : url);
  const { hostname: bucket, pathname } = new URL(url);
  if (!bucket) throw new Error(`STORAGE_URL ${url}: no bucket (s3://bucket/prefix)`);
  return new S3Storage(bucket, pathname.replace(/^\/+|\/+$/g, ''));
}

export const storageFromEnv = (env: { STORAGE_URL?: string; STORAGE_DIR: string }): FileStorage => storageFromUrl(env.STORAGE_URL ?? env.STORAGE_DIR);
