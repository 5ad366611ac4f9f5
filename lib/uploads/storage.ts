// Where uploaded files live. A small interface (put a stream / open for reading / delete / a
// local file for the ingestion engine) with two kinds: a local folder (here) and S3-compatible
// object storage (s3-storage.ts, which hands the engine a streamed temporary copy).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileStorage {
  /** Streams `body` to `key` (never buffering it); removes any partial object when the stream fails. */
  put(key: string, body: Readable): Promise<{ bytes: number }>;
  openRead(key: string): Readable;
  delete(key: string): Promise<void>;
  /** Where a job row says the file is: an absolute path, or s3://bucket/key. */
  locate(key: string): string;
  /** The key of a location made by locate(), or null when the location is not in this storage. */
  keyOf(location: string): string | null;
  /** A file on this machine the ingestion engine can read (release it after); null when the file is gone. */
  fetchLocal(key: string): Promise<LocalFile | null>;
}

export interface LocalFile {
  path: string;
  /** removes a temporary copy (a file already local is left alone) */
  release: () => Promise<void>;
}

/** A file name safe to use as the last path segment: no separators, no dot-dot, no control characters. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '') // control characters
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^[.\s]+/, '') // no hidden files, no "." or ".."
    .trim()
    .slice(-200);
  return cleaned || 'upload.csv';
}

/** A fresh storage key for an upload: "<uuid>/<sanitised name>". */
export const newUploadKey = (fileName: string) => `${crypto.randomUUID()}/${sanitizeFileName(fileName)}`;

export class LocalFolderStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of a key, refusing any key that would land outside the root. */
  resolve(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(this.root + path.sep)) throw new Error(`storage key escapes the storage folder: ${key}`);
    return full;
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const full = this.resolve(key);
    await fs.promises.mkdir(path.dirname(full), { recursive: true });
    const out = fs.createWriteStream(full, { flags: 'wx' });
    try {
      await pipeline(body, out);
    } catch (err) {
      await this.delete(key);
      throw err;
    }
    return { bytes: out.bytesWritten };
  }

  openRead(key: string): Readable {
    return fs.createReadStream(this.resolve(key));
  }

  async delete(key: string): Promise<void> {
    const full = this.resolve(key);
    await fs.promises.rm(full, { force: true });
    // the per-upload folder goes too when it is empty
    await fs.promises.rmdir(path.dirname(full)).catch(() => {});
  }

  async localPath(key: string): Promise<string> {
    return this.resolve(key);
  }

  locate(key: string): string {
    return this.resolve(key);
  }

  keyOf(location: string): string | null {
    const key = path.relative(this.root, location);
    return key.startsWith('..') || path.isAbsolute(key) ? null : key;
  }

  async fetchLocal(key: string): Promise<LocalFile | null> {
    const full = this.resolve(key);
    return fs.existsSync(full) ? { path: full, release: async () => {} } : null;
  }
}
