// Finds the columns of the challenge CSV by header name, in any order.

export const REQUIRED_COLUMNS = ['region', 'origin_coord', 'destination_coord', 'datetime', 'datasource'] as const;
export type ColumnName = (typeof REQUIRED_COLUMNS)[number];

export interface HeaderMap {
  index: Record<ColumnName, number>;
  width: number;
  extraColumns: string[];
}

export class HeaderError extends Error {}

const clean = (name: string) => name.replace(/^\uFEFF/, '').trim().toLowerCase();

export function readHeader(fields: string[]): HeaderMap {
  const names = fields.map(clean);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length === REQUIRED_COLUMNS.length) {
    throw new HeaderError(`no usable header: expected columns ${REQUIRED_COLUMNS.join(', ')}`);
  }
  if (missing.length) throw new HeaderError(`header is missing column(s): ${missing.join(', ')}`);
  const dupes = REQUIRED_COLUMNS.filter((c) => names.indexOf(c) !== names.lastIndexOf(c));
  if (dupes.length) throw new HeaderError(`header repeats column(s): ${dupes.join(', ')}`);
  const index = Object.fromEntries(REQUIRED_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<ColumnName, number>;
  const extraColumns = names.filter((n) => !(REQUIRED_COLUMNS as readonly string[]).includes(n));
  return { index, width: names.length, extraColumns };
}
