import type { Metadata, Viewport } from 'next';
import 'maplibre-gl/dist/maplibre-gl.css';
import './globals.css';
import { Providers } from './providers';
import { SiteHeader } from '@/components/site-header';

export const metadata: Metadata = {
  title: 'Trip Atlas',
  description: 'Explore large trip datasets on a map: weekly averages, similar trips, regional reports.',
  // Inline icon: no /favicon.ico request (and no 404 in the console).
  icons: { icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%232563eb'/%3E%3Cpath d='M3 12 L8 4 L13 12' stroke='white' stroke-width='2' fill='none'/%3E%3C/svg%3E" },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <SiteHeader />
          <main id="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
