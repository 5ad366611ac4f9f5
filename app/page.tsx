import { Explorer } from '@/components/explorer/explorer';
import { stateFromParams } from '@/lib/client/explorer-state';
import { chooseBasemap } from '@/lib/map/basemap';

export const dynamic = 'force-dynamic';

export default async function ExplorerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <Explorer initialState={stateFromParams(params)} basemap={chooseBasemap()} />;
}
