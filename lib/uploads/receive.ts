// Receives a multipart upload (field `file`, one or several files) and streams each file to
// storage with busboy: nothing is buffered beyond a stream chunk. Each file is size-checked,
// hashed and sniffed on the way (CsvGuard). Any failure removes every file of the request.
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { DomainError } from '../errors/domain-errors';
import { CsvGuard, hasCsvExtension, notCsv, tooLarge } from './csv-guard';
import { newUploadKey, sanitizeFileName, type FileStorage } from './storage';

export interface StoredUpload {
  key: string;
  /** the sanitised name shown to people */
  fileName: string;
  bytes: number;
  sha256: string;
}

export interface ReceiveOptions {
  storage: FileStorage;
  maxBytes: number;
  maxFiles: number;
  /** Fail (408) when no byte arrives for this long: a client that vanished mid-upload. */
  idleMs?: number;
}

export const DEFAULT_UPLOAD_IDLE_MS = 60_000;

export const FILE_FIELD = 'file';
const MULTIPART_OVERHEAD = 64 * 1024;

export async function receiveUploads(req: Request, opts: ReceiveOptions): Promise<StoredUpload[]> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    throw new DomainError('unsupported_media_type', 'send the files as multipart/form-data in the field "file"');
  }
  const length = Number(req.headers.get('content-length') ?? NaN);
  if (length > opts.maxBytes * opts.maxFiles + MULTIPART_OVERHEAD) throw tooLarge('upload', opts.maxBytes);
  if (!req.body) throw new DomainError('bad_request', 'no file in the field "file"');

  const source = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream<Uint8Array>, { highWaterMark: 1 << 20 });
  const stored: StoredUpload[] = [];
  const writes: Promise<void>[] = [];
  let failure: unknown = null;
  let seen = 0;
  let idle: NodeJS.Timeout | undefined;
  const guards: CsvGuard[] = [];

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { files: opts.maxFiles, fields: 20, fieldSize: 64 * 1024, fileSize: opts.maxBytes + 1 },
      highWaterMark: 1 << 20,
    });
  } catch (err) {
    throw new DomainError('bad_request', `malformed multipart request: ${(err as Error).message}`);
  }

  const done = new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) => {
      if (failure) return;
      failure = err;
      source.unpipe(parser);
      source.destroy();
      for (const g of guards) g.destroy(err as Error); // ends each storage write: partial files are removed
      reject(err);
    };

    parser.on('file', (field, file, info) => {
      const fileName = sanitizeFileName(info.filename ?? '');
      const index = seen++;
      if (failure) return void file.resume();
      if (field !== FILE_FIELD) {
        file.resume();
        return fail(new DomainError('bad_request', `unexpected file field "${field}": send files in the field "${FILE_FIELD}"`));
      }
      if (!hasCsvExtension(fileName)) {
        file.resume();
        return fail(notCsv(fileName, 'the name must end in .csv'));
      }
      const key = newUploadKey(fileName);
      const guard = new CsvGuard(fileName, opts.maxBytes);
      guard.on('error', () => {}); // reported through the storage.put promise below
      guards.push(guard);
      file.on('limit', () => guard.destroy(tooLarge(fileName, opts.maxBytes)));
      file.pipe(guard);
      writes.push(
        opts.storage.put(key, guard).then(
          ({ bytes }) => void (stored[index] = { key, fileName, bytes, sha256: guard.sha256 }),
          (err) => {
            file.resume();
            fail(err);
          },
        ),
      );
    });
    parser.on('filesLimit', () => fail(new DomainError('too_many_files', `at most ${opts.maxFiles} files per upload`)));
    parser.on('error', (err) => fail(new DomainError('bad_request', `malformed multipart request: ${(err as Error).message}`)));
    parser.on('close', () => {
      Promise.all(writes).then(() => (failure ? undefined : resolve()), fail);
    });
    source.on('error', (err) => fail(failure ?? new DomainError('bad_request', `upload interrupted: ${err.message}`)));
    // A client that goes away mid-upload: under Next.js the body stream then neither ends nor errors
    // (and req.signal does not fire), so an idle timer ends the upload and removes partial files.
    const idleMs = opts.idleMs ?? DEFAULT_UPLOAD_IDLE_MS;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => fail(new DomainError('upload_timeout', `no data received for ${idleMs / 1000} s; upload abandoned`)), idleMs);
    };
    source.on('data', touch);
    touch();
    req.signal?.addEventListener('abort', () => fail(new DomainError('upload_aborted', 'the upload was aborted by the client')), { once: true });
    source.pipe(parser);
  });

  try {
    await done.finally(() => clearTimeout(idle));
    if (!stored.filter(Boolean).length) throw new DomainError('bad_request', `no file in the field "${FILE_FIELD}"`);
    return stored.filter(Boolean);
  } catch (err) {
    await Promise.allSettled(writes);
    await Promise.all(stored.filter(Boolean).map((s) => opts.storage.delete(s.key).catch(() => {})));
    throw err;
  }
}
