import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes fields holding commas, quotes and line breaks, and leaves empty cells empty', () => {
    const text = toCsv(['zone', 'trips'], [['Old town, north', 3], ['say "hi"', null], ['two\nlines', 0]]);
    expect(text).toBe('zone,trips\n"Old town, north",3\n"say ""hi""",\n"two\nlines",0\n');
  });
});
