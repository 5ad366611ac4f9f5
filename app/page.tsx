import { Explorer } from '@/components/explorer/explorer';
import { stateFromParams } from '@/lib/client/explorer-state';

export const dynamic = 'force-dynamic';

export default async function ExplorerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const styleUrl = process.env.MAP_STYLE_URL || null;
  return <Explorer initialState={stateFromParams(params)} styleUrl={styleUrl} />;
}
