// Vitest global setup: a real PostgreSQL server for the integration tests. Uses the server in
// DATABASE_URL when set, else starts an embedded one (so tests pass on a machine without
// PostgreSQL). Each test file then makes its own fresh database (see test-database.ts).
import 'vitest';
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres, type EmbeddedDatabase } from '../db/embedded';

let embedded: EmbeddedDatabase | null = null;

export async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startThrowawayPostgres('trip-atlas-test-pg-');
    serverUrl = embedded.url;
  }
  project.provide('pgServerUrl', serverUrl);
}

export async function teardown() {
  await embedded?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
