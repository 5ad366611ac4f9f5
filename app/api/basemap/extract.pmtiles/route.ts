// The MAP_PMTILES extract over HTTP range requests: 206 with Content-Range for one valid range,
// 416 for a malformed or unsatisfiable one, 200 with the whole file without a Range header.
import { NotFoundError } from '@/lib/errors/domain-errors';
import { withApi } from '@/lib/http/with-api';
import { parseByteRange } from '@/lib/http/byte-range';
import { extractFile, readRange } from '@/lib/map/pmtiles-file';

export const dynamic = 'force-dynamic';

export const GET = withApi({ admin: false }, async ({ req }) => {
  const file = await extractFile();
  if (!file) throw new NotFoundError('no map extract configured (MAP_PMTILES)');
  const headers = {
    'Accept-Ranges': 'bytes', ETag: file.etag, 'Last-Modified': file.lastModified.toUTCString(),
    'Content-Type': 'application/vnd.pmtiles', 'Cache-Control': 'public, max-age=3600',
  };
  const header = req.headers.get('range');
  if (header === null) {
    return new Response(readRange(file.path, { start: 0, end: file.size - 1 }), { status: 200, headers: { ...headers, 'Content-Length': String(file.size) } });
  }
  const range = parseByteRange(header, file.size);
  if (!range) return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${file.size}` } });
  return new Response(readRange(file.path, range), {
    status: 206,
    headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`, 'Content-Length': String(range.end - range.start + 1) },
  });
});
