import { TripMap } from '@/components/map/trip-map';
import { listRegions } from '@/lib/trips/regions';

export const dynamic = 'force-dynamic';

export default async function ExplorerPage() {
  const regions = await listRegions();
  return (
    <main style={{ position: 'relative', height: '100vh' }}>
      <TripMap regions={regions.filter((r) => r.bbox).map((r) => ({ name: r.name, bbox: r.bbox! }))} />
    </main>
  );
}
