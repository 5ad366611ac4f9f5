import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { cellKey, cellXSql, cellYSql } from './cell-key';
import { makeGrid } from './cells';

describe('cell key', () => {
  it('packs the corners of the finest store grid into int4', () => {
    const g = makeGrid(6);
    for (const [x, y] of [[0, 0], [g.nx - 1, 0], [0, g.ny - 1], [g.nx - 1, g.ny - 1]]) {
      expect(cellKey(x, y)).toBeGreaterThanOrEqual(0);
      expect(cellKey(x, y)).toBeLessThan(2 ** 31);
    }
  });

  it('the SQL expressions unpack what the writer packed, at the corners of the finest grid too', async () => {
    const g = makeGrid(6);
    const cells = [[0, 0], [g.nx - 1, 0], [0, g.ny - 1], [g.nx - 1, g.ny - 1], [12345, 6789], [17801, 5]];
    const client = new pg.Client({ connectionString: inject('pgServerUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<{ x: number; y: number }>(
        `SELECT ${cellXSql('k')} AS x, ${cellYSql('k')} AS y FROM unnest($1::int4[]) WITH ORDINALITY AS u(k, i) ORDER BY i`,
        [cells.map(([x, y]) => cellKey(x, y))]);
      expect(rows.map((r) => [r.x, r.y])).toEqual(cells);
    } finally {
      await client.end();
    }
  });
});
