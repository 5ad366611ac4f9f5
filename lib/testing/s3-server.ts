// A local S3-compatible server for tests (s3rver: multipart uploads included), with one bucket,
// and the AWS SDK environment that points at it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3ClientFromEnv } from '../uploads/s3-storage';

export interface TestS3 {
  bucket: string;
  /** AWS_* variables for the SDK (path-style, the local endpoint, s3rver's fixed credentials) */
  env: Record<string, string>;
  /** keys of the objects in the bucket */
  keys: () => Promise<string[]>;
  stop: () => Promise<void>;
}

export async function startTestS3(bucket = 'trip-atlas-test'): Promise<TestS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const env = {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1',
  };
  const client = s3ClientFromEnv(env);
  return {
    bucket,
    env,
    keys: async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!),
    stop: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
