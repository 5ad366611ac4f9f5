// Prisma Client for the relational tables (jobs, regions, datasources), through the pg driver
// adapter: no query-engine binary is needed.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

const clients = new Map<string, PrismaClient>();

export function getPrisma(url: string): PrismaClient {
  let client = clients.get(url);
  if (!client) {
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) });
    clients.set(url, client);
  }
  return client;
}

export async function closePrisma(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.$disconnect()));
}

export type { PrismaClient };
