// SHA-256 of a file's content, streamed: the identity that makes re-ingestion a no-op.
import crypto from 'node:crypto';
import fs from 'node:fs';

export async function sha256File(filePath: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  return hash.digest('hex');
}
