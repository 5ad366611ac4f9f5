import type { Metadata } from 'next';
import { AdminView } from '@/components/admin/admin-view';

export const metadata: Metadata = { title: 'Admin · Trip Atlas' };

export default function AdminPage() {
  return <AdminView />;
}
