// Client-side CSV export: papaparse writes the text (quoting as RFC 4180 wants), the browser
// downloads it.
import Papa from 'papaparse';
import { downloadText } from './download';

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return Papa.unparse({ fields: header, data: rows.map((r) => r.map((v) => v ?? '')) }, { newline: '\n' }) + '\n';
}

export const downloadCsv = (fileName: string, text: string): void => downloadText(fileName, text, 'text/csv;charset=utf-8');
