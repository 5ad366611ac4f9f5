// Upload storage. Protects: files stream to storage without being buffered (a 256 MB upload
// moves the heap by far less than its size), the SHA-256 is computed on the way, names like
// "../../etc/passwd" can never leave the storage folder, the size limit answers 413 and
// non-CSV content (wrong extension or binary bytes) 415, leaving nothing behind.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-errors';
import { ERROR_STATUS } from '../http/error-response';
import { receiveUploads } from './receive';
import { LocalFolderStorage, sanitizeFileName } from './storage';

let root: string;
let storage: LocalFolderStorage;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-uploads-'));
  storage = new LocalFolderStorage(path.join(root, 'storage'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const BOUNDARY = '----trip-atlas-test-boundary';

/** A multipart body produced lazily, chunk by chunk (never held in memory as a whole). */
function multipart(files: { name: string; chunks: () => Iterable<Buffer> }[], field = 'file'): Request {
  const enc = (s: string) => Buffer.from(s);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const f of files) {
        controller.enqueue(enc(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n`));
        for (const c of f.chunks()) {
          controller.enqueue(c);
          await new Promise((r) => setImmediate(r)); // let the consumer drain, like a network would
        }
        controller.enqueue(enc('\r\n'));
      }
      controller.enqueue(enc(`--${BOUNDARY}--\r\n`));
      controller.close();
    },
  });
  return new Request('http://localhost/api/ingestions', {
    method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body, duplex: 'half',
  } as RequestInit);
}

const csv = (text: string) => () => [Buffer.from(text)];
const opts = (maxBytes = 2 ** 40) => ({ storage, maxBytes, maxFiles: 5 });
const storedFiles = () => (fs.existsSync(storage.root) ? fs.readdirSync(storage.root, { recursive: true }).filter((f) => fs.statSync(path.join(storage.root, String(f))).isFile()) : []);

/** The error a promise rejects with, and the HTTP status it answers as. */
async function rejection(p: Promise<unknown>): Promise<DomainError & { status: number }> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(DomainError);
  return Object.assign(err as DomainError, { status: ERROR_STATUS[(err as DomainError).code] });
}

describe('receiveUploads', () => {
  it('streams a large file to storage with its SHA-256, without buffering it', async () => {
    const line = Buffer.from('Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n');
    const chunk = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / line.length) }, () => line)); // ~1 MB
    const chunks = 256;
    const expectedHash = crypto.createHash('sha256');
    for (let i = 0; i < chunks; i++) expectedHash.update(chunk);
    global.gc?.();
    const before = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed)), 5);
    const [u] = await receiveUploads(multipart([{ name: 'big.csv', chunks: function* () { for (let i = 0; i < chunks; i++) yield chunk; } }]), opts());
    clearInterval(sampler);
    expect(u.bytes).toBe(chunk.length * chunks);
    expect(u.sha256).toBe(expectedHash.digest('hex'));
    expect(fs.statSync(await storage.localPath(u.key)).size).toBe(u.bytes);
    expect(peak - (before.arrayBuffers + before.heapUsed)).toBeLessThan(u.bytes / 4); // far below the 256 MB
  });

  it('keeps several files apart, in order, each with its own hash', async () => {
    const res = await receiveUploads(multipart([{ name: 'a.csv', chunks: csv('x,y\n1,2\n') }, { name: 'b.CSV', chunks: csv('x,y\n3,4\n') }]), opts());
    expect(res.map((r) => r.fileName)).toEqual(['a.csv', 'b.CSV']);
    expect(res[0].sha256).toBe(crypto.createHash('sha256').update('x,y\n1,2\n').digest('hex'));
    expect(res[0].key.split('/')[0]).not.toBe(res[1].key.split('/')[0]);
  });

  it('never lets a file name escape the storage folder', async () => {
    for (const evil of ['../../etc/passwd.csv', '..\\..\\windows\\evil.csv', '/etc/cron.d/x.csv', '....//....//y.csv', '..', '.csv']) {
      const name = sanitizeFileName(evil);
      expect(name).not.toMatch(/[\\/]/);
      expect(name.startsWith('.')).toBe(false);
    }
    const [u] = await receiveUploads(multipart([{ name: '../../etc/passwd.csv', chunks: csv('a,b\n') }]), opts());
    expect(u.fileName).toBe('passwd.csv');
    const full = await storage.localPath(u.key);
    expect(full.startsWith(storage.root + path.sep)).toBe(true);
    expect(() => storage.resolve('../outside.csv')).toThrow(/escapes/);
    expect(() => storage.resolve('a/../../outside.csv')).toThrow(/escapes/);
  });

  it('answers 413 above the size limit and keeps nothing', async () => {
    const before = storedFiles().length;
    const err = await rejection(receiveUploads(multipart([{ name: 'ok.csv', chunks: csv('a,b\n1,2\n') }, { name: 'big.csv', chunks: () => Array.from({ length: 10 }, () => Buffer.alloc(1000, 'a')) }]), opts(5000)));
    expect(err.status).toBe(413);
    expect(storedFiles().length).toBe(before);
  });

  it('abandons an upload whose client stops sending (408) and removes the partial file', async () => {
    const before = storedFiles().length;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="stall.csv"\r\n\r\n`));
        controller.enqueue(Buffer.alloc(20_000, 'a')); // then nothing, never closed: a vanished client
      },
    });
    const req = new Request('http://localhost/api/ingestions', {
      method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body, duplex: 'half',
    } as RequestInit);
    const err = await rejection(receiveUploads(req, { ...opts(), idleMs: 300 }));
    expect(err.status).toBe(408);
    expect(storedFiles().length).toBe(before);
  });

  it('answers 415 for non-CSV names and binary content, 400 for other fields and empty files', async () => {
    expect((await rejection(receiveUploads(multipart([{ name: 'trips.xlsx', chunks: csv('a,b\n') }]), opts()))).status).toBe(415);
    const binary = () => [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03])]; // gzip
    expect((await rejection(receiveUploads(multipart([{ name: 'trips.csv', chunks: binary }]), opts()))).status).toBe(415);
    const withNul = () => [Buffer.from('region,origin\n'), Buffer.alloc(9000, 0)];
    expect((await rejection(receiveUploads(multipart([{ name: 'trips.csv', chunks: withNul }]), opts()))).status).toBe(415);
    expect((await rejection(receiveUploads(multipart([{ name: 'a.csv', chunks: csv('a\n') }], 'upload'), opts()))).status).toBe(400);
    expect((await rejection(receiveUploads(multipart([{ name: 'a.csv', chunks: () => [] }]), opts()))).status).toBe(400);
    const notMultipart = new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n' });
    expect((await rejection(receiveUploads(notMultipart, opts()))).status).toBe(415);
  });
});
