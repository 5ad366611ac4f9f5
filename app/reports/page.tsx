import type { Metadata } from 'next';
import { ReportsView } from '@/components/reports/reports-view';
import { isIsoDate } from '@/lib/client/format';

export const metadata: Metadata = { title: 'Reports · Trip Atlas' };

type Params = Record<string, string | string[] | undefined>;
const dateParam = (v: string | string[] | undefined) => (typeof v === 'string' && isIsoDate(v) ? v : '');

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return <ReportsView initialFrom={dateParam(params.from)} initialTo={dateParam(params.to)} />;
}
