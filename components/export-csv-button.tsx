'use client';
// Downloads rows as a CSV file built in the browser.
import { downloadCsv, toCsv } from '@/lib/client/csv';

export function ExportCsvButton({ fileName, header, rows, label = 'Export CSV', disabled }: { fileName: string; header: string[]; rows: (string | number | null)[][]; label?: string; disabled?: boolean }) {
  return (
    <button type="button" className="btn btn-secondary" disabled={disabled || rows.length === 0} onClick={() => downloadCsv(fileName, toCsv(header, rows))}>
      {label}
    </button>
  );
}
