// Vitest global setup: a real PostgreSQL server for the integration tests. Uses the server in
// DATABASE_URL when set, else starts an embedded one (so tests pass on a machine without
// PostgreSQL). Each test file then makes its own fresh database (see test-database.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'vitest';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';

let embedded: EmbeddedDatabase | null = null;
let dir: string | null = null;

export async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trip-atlas-test-pg-'));
    embedded = await startEmbeddedPostgres(path.join(dir, 'data'));
    serverUrl = embedded.url;
  }
  project.provide('pgServerUrl', serverUrl);
}

export async function teardown() {
  await embedded?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
