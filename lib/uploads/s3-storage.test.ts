// Uploads in S3-compatible storage, against a local S3 server the test starts (s3rver).
// Protects: a multipart request streams into a multipart S3 upload (several parts, SHA-256 on
// the way, bytes intact), the engine's temporary copy equals the object and release() removes
// it, a failed upload leaves no object, a missing object reads as null, and STORAGE_URL picks
// the storage (s3://bucket/prefix or a folder).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-errors';
import { startTestS3, type TestS3 } from '../testing/s3-server';
import { receiveUploads } from './receive';
import { s3ClientFromEnv, S3Storage } from './s3-storage';
import { LocalFolderStorage } from './storage';
import { storageFromUrl } from './storage-url';

let s3: TestS3;
let storage: S3Storage;
beforeAll(async () => {
  s3 = await startTestS3();
  storage = new S3Storage(s3.bucket, 'uploads', s3ClientFromEnv(s3.env));
});
afterAll(async () => s3?.stop());

const BOUNDARY = '----trip-atlas-s3-boundary';

/** A multipart request whose file part is produced chunk by chunk. */
function multipart(name: string, chunks: () => Iterable<Buffer>): Request {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`));
      for (const c of chunks()) {
        controller.enqueue(c);
        await new Promise((r) => setImmediate(r));
      }
      controller.enqueue(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
      controller.close();
    },
  });
  return new Request('http://localhost/api/ingestions', {
    method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body, duplex: 'half',
  } as RequestInit);
}

const line = Buffer.from('Prague,POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n');
const megabyte = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / line.length) }, () => line));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('S3 storage', () => {
  it('streams an upload into a multipart object and hands the engine an identical temporary copy', async () => {
    const chunks = 20; // > 2 parts of 8 MiB
    const [u] = await receiveUploads(multipart('big.csv', function* () { for (let i = 0; i < chunks; i++) yield megabyte; }), {
      storage, maxBytes: 2 ** 40, maxFiles: 1,
    });
    expect(u.bytes).toBe(megabyte.length * chunks);
    expect(await s3.keys()).toEqual([`uploads/${u.key}`]);
    expect(storage.locate(u.key)).toBe(`s3://${s3.bucket}/uploads/${u.key}`);
    expect(storage.keyOf(storage.locate(u.key))).toBe(u.key);

    const local = (await storage.fetchLocal(u.key))!;
    const copy = fs.readFileSync(local.path);
    expect(copy.length).toBe(u.bytes);
    expect(sha(copy)).toBe(u.sha256);
    await local.release();
    expect(fs.existsSync(local.path)).toBe(false);

    await storage.delete(u.key);
    expect(await s3.keys()).toEqual([]);
    expect(await storage.fetchLocal(u.key)).toBeNull();
  });

  it('leaves no object behind when an upload fails on the way', async () => {
    const err = await receiveUploads(multipart('big.csv', function* () { for (let i = 0; i < 12; i++) yield megabyte; }), {
      storage, maxBytes: 10 * 1024 ** 2, maxFiles: 1,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('payload_too_large');
    expect(await s3.keys()).toEqual([]);
  });

  it('does not claim locations outside its bucket and prefix', () => {
    expect(storage.keyOf(`s3://${s3.bucket}/other/x/y.csv`)).toBeNull();
    expect(storage.keyOf('/srv/storage/x/y.csv')).toBeNull();
    expect(() => storage.locate('../x.csv')).toThrow();
  });

  it('STORAGE_URL: s3://bucket/prefix is object storage, anything else a folder', () => {
    const s = storageFromUrl('s3://my-bucket/some/prefix/');
    expect(s).toBeInstanceOf(S3Storage);
    expect([(s as S3Storage).bucket, (s as S3Storage).prefix]).toEqual(['my-bucket', 'some/prefix']);
    expect(storageFromUrl('/srv/uploads')).toBeInstanceOf(LocalFolderStorage);
  });
});
