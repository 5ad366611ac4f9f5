import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { cellKey, cellKeyX, cellKeyY, cellXSql, cellYSql } from './cell-key';
import { makeGrid } from './cells';

describe('cell key', () => {
  it('packs and unpacks the corners of the finest store grid, within int4', () => {
    const g = makeGrid(6);
    for (const [x, y] of [[0, 0], [g.nx - 1, 0], [0, g.ny - 1], [g.nx - 1, g.ny - 1], [12345, 6789]]) {
      const k = cellKey(x, y);
      expect([cellKeyX(k), cellKeyY(k)]).toEqual([x, y]);
      expect(k).toBeLessThan(2 ** 31);
    }
  });

  it('the SQL expressions unpack what the writer packed', async () => {
    const client = new pg.Client({ connectionString: inject('pgServerUrl') });
    await client.connect();
    try {
      const keys = [cellKey(0, 0), cellKey(32767, 32767), cellKey(17801, 5)];
      const { rows } = await client.query<{ x: number; y: number }>(
        `SELECT ${cellXSql('k')} AS x, ${cellYSql('k')} AS y FROM unnest($1::int4[]) WITH ORDINALITY AS u(k, i) ORDER BY i`, [keys]);
      expect(rows.map((r) => [r.x, r.y])).toEqual([[0, 0], [32767, 32767], [17801, 5]]);
    } finally {
      await client.end();
    }
  });
});
