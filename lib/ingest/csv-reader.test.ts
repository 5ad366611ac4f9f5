// The CSV reader on awkward input: line endings, quoted newlines, bad bytes, chunk boundaries.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { readCsvBytes } from '../testing/read-csv';

const dir = tempDir('csv-reader-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = 'region,origin_coord,destination_coord,datetime,datasource';
const row = (region: string, source = 'src', minute = 0) =>
  `${region},POINT (10.75 59.91),POINT (10.76 59.92),2019-03-04 08:${String(minute).padStart(2, '0')}:00,${source}`;
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
/** every small read size, so chunk boundaries fall at every position, plus the default */
const SIZES = [1, 2, 3, 5, 7, 64, undefined];

async function eachSize(input: Buffer, check: (r: Awaited<ReturnType<typeof readCsvBytes>>) => void, maxRecordBytes?: number) {
  for (const readSize of SIZES) check(await readCsvBytes(dir, input, { readSize, maxRecordBytes }));
}

describe('line endings', () => {
  it('ends a row at every LF, CRLF and lone CR, mixed in one file, and numbers physical lines', async () => {
    const input = bytes(`${HEADER}\r\n${row('A')}\n${row('B')}\r\n${row('C')}\r${row('bad', '')}\n\r\n\r${row('D')}\r`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['A', 'B', 'C', 'D']);
      expect(r.rejects.map(({ line, reason }) => ({ line, reason }))).toEqual([{ line: 5, reason: 'datasource is empty' }]);
      expect(r.rowsTotal).toBe(5);
    });
  });

  it('keeps LF, CRLF and CR inside quoted fields and counts them for the lines of later rows', async () => {
    const input = bytes(`${HEADER},note\n${row('A')},"one\rtwo"\r\n${row('B')},"x\r\ny\nz"\n${row('C', '')},""\r${row('D')},"say ""hi"", ok"\n${row('E', '')},x`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['A', 'B', 'D']);
      expect(r.rejects.map((x) => x.line)).toEqual([7, 9]); // A: lines 2-3, B: 4-6
      expect(r.extraColumns).toEqual(['note']);
    });
  });
});

describe('bad bytes', () => {
  it('rejects rows with NUL bytes, also inside quotes, and never passes a NUL on', async () => {
    const input = bytes(`${HEADER}\n${row('A')}\n`, 'Oslo,', [0], `x,POINT (1 1),2019-03-04 08:00:00,s\n${row('B')},"a`, [0], '"\n', row('C'));
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['A', 'C']);
      expect(r.rejects.map(({ line, reason }) => ({ line, reason }))).toEqual([{ line: 3, reason: 'NUL byte' }, { line: 4, reason: 'NUL byte' }]);
      expect(r.rejects[0].raw).toBe('Oslo,\\x00x,POINT (1 1),2019-03-04 08:00:00,s');
    });
  });

  it('rejects rows that are not UTF-8 (a latin-1 Zürich), showing the bytes escaped, never as U+FFFD', async () => {
    const input = bytes(`${HEADER}\n`, 'Z', [0xfc], `rich${row('').slice(0)}\n${row('Kraków')}\n`, 'ab', [0xe2, 0x82], `,x\n${row('Zürich')}`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['Kraków', 'Zürich']);
      expect(r.rejects.map((x) => x.line)).toEqual([2, 4]);
      expect(r.rejects[0].reason).toBe('invalid UTF-8 byte sequence (0xFC at byte 2 of the row)');
      expect(r.rejects[0].raw).toMatch(/^Z\\xFCrich,POINT/);
      expect(r.rejects[1].raw).toBe('ab\\xE2\\x82,x');
      expect(JSON.stringify(r)).not.toContain('\uFFFD');
    });
  });

  it('accepts multi-byte characters split across any chunk boundary', async () => {
    const input = bytes(`${HEADER}\n${row('東京', '🚲')}\r\n${row('São Paulo', 'café')}`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => [t.region, t.datasource])).toEqual([['東京', '🚲'], ['São Paulo', 'café']]);
      expect(r.rejects).toEqual([]);
    });
  });

  it('rejects a U+FFFD already in the text, and names with control characters; control characters elsewhere do no harm', async () => {
    const input = bytes(`${HEADER},note\n${row('Z\uFFFDrich')},x\n${row('Os\x01lo')},x\n${row('A', 'tab\tsrc')},x\n${row('B')},bell\x07\n`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['B']);
      expect(r.rejects.map(({ line, reason }) => ({ line, reason }))).toEqual([
        { line: 2, reason: 'replacement character U+FFFD (the text was mis-decoded before)' },
        { line: 3, reason: 'region has a control character' },
        { line: 4, reason: 'datasource has a control character' },
      ]);
      expect(r.rejects[0].raw).toMatch(/^Z\\uFFFDrich,/);
    });
  });

  it('strips a BOM only at the start of the file, also when it arrives split over reads', async () => {
    const input = bytes([0xef, 0xbb, 0xbf], `${HEADER}\n${row('A')}\n`);
    await eachSize(input, (r) => expect(r).toMatchObject({ extraColumns: [], trips: [{ region: 'A' }], rejects: [] }));
    // U+FEFF anywhere else is text; around a name it is trimmed as white space.
    const later = bytes(`${HEADER}\n`, [0xef, 0xbb, 0xbf], `${row('B')}\n`);
    await eachSize(later, (r) => expect(r.trips.map((t) => t.region)).toEqual(['B']));
  });
});

describe('the header', () => {
  it('fails the file when the header has a NUL byte (UTF-16, say)', async () => {
    await eachSize(Buffer.from(`${HEADER}\n${row('A')}\n`, 'utf16le'), (r) => {
      expect(r.error).toBe('header (line 1): NUL byte (is the file UTF-16?)');
    });
  });

  it('shows extra column names that are not UTF-8 with escapes', async () => {
    await eachSize(bytes(`${HEADER},Stra`, [0xdf], `e\n${row('A')},x\n`), (r) => {
      expect(r).toMatchObject({ extraColumns: ['stra\\xdfe'], trips: [{ region: 'A' }] });
    });
  });
});

describe('long and broken records', () => {
  it('rejects a row longer than the limit and keeps reading at the next line', async () => {
    const input = bytes(`${HEADER}\n${row('A')}\n${row('x'.repeat(300))}\n${row('B')}\n"${'y'.repeat(300)}\n${row('C')}\r\n${row('D')}\n`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['A', 'B', 'C', 'D']);
      expect(r.rejects.map(({ line, reason }) => ({ line, reason }))).toEqual([
        { line: 3, reason: 'row is longer than 200 bytes' },
        { line: 5, reason: 'row is longer than 200 bytes' },
      ]);
    }, 200);
  });

  it('rejects text after a closing quote and an unterminated quote at the end', async () => {
    const input = bytes(`${HEADER}\n"A"x,POINT (1 1),POINT (1 1),2019-03-04 08:00:00,s\n${row('B')}\n${row('C')},"open\n${row('D')}\n`);
    await eachSize(input, (r) => {
      expect(r.trips.map((t) => t.region)).toEqual(['B']);
      expect(r.rejects.map(({ line, reason }) => ({ line, reason }))).toEqual([
        { line: 2, reason: 'text after a closing quote' },
        { line: 4, reason: 'unterminated quoted field' },
      ]);
    });
  });
});
