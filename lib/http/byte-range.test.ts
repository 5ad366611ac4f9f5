import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range';

describe('parseByteRange', () => {
  it.each([
    ['bytes=0-126', { start: 0, end: 126 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }], // clamped to the last byte
    ['bytes=-10', { start: 990, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    [' bytes=5-5 ', { start: 5, end: 5 }],
  ])('reads %s', (header, range) => expect(parseByteRange(header, 1000)).toEqual(range));

  it.each(['bytes=1000-', 'bytes=1000-1001', 'bytes=5-2', 'bytes=-0', 'bytes=-', 'bytes=0-1,5-6', 'items=0-1', 'bytes=a-b', 'bytes=-1-2', '', 'bytes=1e3-'])(
    'refuses %j', (header) => expect(parseByteRange(header, 1000)).toBeNull());

  it('refuses every range of an empty file', () => expect(parseByteRange('bytes=0-', 0)).toBeNull());
});
