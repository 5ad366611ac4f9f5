// Uploads in S3-compatible object storage (STORAGE_URL=s3://bucket/prefix), so every web server
// and worker reaches them. Endpoint and credentials come from the AWS SDK's standard environment
// (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION); with an endpoint set
// (MinIO, a local test server) addressing is path-style. Writes are multipart uploads fed from the
// request stream (a few parts in memory at most); the engine gets a streamed temporary copy.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FileStorage, LocalFile } from './storage';

/** 8 MiB parts, two in flight: ~16 MiB of memory per upload whatever the file's size. */
const PART_SIZE = 8 * 1024 ** 2;
const PARTS_IN_FLIGHT = 2;

/** A client from the standard AWS variables; without keys the SDK's default chain applies (an ECS task role, say). */
export function s3ClientFromEnv(env: Record<string, string | undefined> = process.env): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL || undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? 'us-east-1' : undefined); // a self-hosted endpoint ignores it, the SDK insists
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  return new S3Client({
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
  });
}

export class S3Storage implements FileStorage {
  constructor(
    readonly bucket: string,
    /** key prefix without leading or trailing slash ('' for the bucket's root) */
    readonly prefix: string,
    private readonly client: S3Client = s3ClientFromEnv(),
    private readonly tmpDir: string = os.tmpdir(),
  ) {}

  private objectKey(key: string): string {
    if (key.split('/').some((part) => part === '..' || part === '.' || part === '')) throw new Error(`bad storage key: ${key}`);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    let bytes = 0;
    const counted = new PassThrough({ highWaterMark: 1 << 20 });
    counted.on('data', (c: Buffer) => (bytes += c.length));
    body.on('error', (err) => counted.destroy(err));
    body.pipe(counted);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: counted, ContentType: 'text/csv' },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false, // a failed multipart upload is aborted: no parts left behind
    });
    const failed = new Promise<never>((_, reject) => counted.on('error', reject));
    try {
      await Promise.race([upload.done(), failed]);
    } catch (err) {
      await upload.abort().catch(() => {});
      await this.delete(key).catch(() => {});
      throw err;
    }
    return { bytes };
  }

  openRead(key: string): Readable {
    const out = new PassThrough();
    this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })).then(
      (res) => {
        const body = res.Body as Readable;
        body.on('error', (err) => out.destroy(err));
        body.pipe(out);
      },
      (err) => out.destroy(err),
    );
    return out;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  keyOf(location: string): string | null {
    const base = `s3://${this.bucket}/${this.prefix ? this.prefix + '/' : ''}`;
    return location.startsWith(base) ? location.slice(base.length) : null;
  }

  /** Streams the object to a temporary file (disk, not memory); release() removes it. Null when there is no such object. */
  async fetchLocal(key: string): Promise<LocalFile | null> {
    const dir = await fs.promises.mkdtemp(path.join(this.tmpDir, 'trip-atlas-s3-'));
    const file = path.join(dir, `${crypto.randomUUID()}.csv`);
    const release = () => fs.promises.rm(dir, { recursive: true, force: true });
    try {
      await pipeline(this.openRead(key), fs.createWriteStream(file));
      return { path: file, release };
    } catch (err) {
      await release();
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }
}
