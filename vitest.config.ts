import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The exactness suites that read raw trips, deletion and retention run a second time on the
// 'week' store layout (trips partitioned by ISO week only, the layout Citus distributes; see
// sql/citus/README.md): the same tests, the same answers.
const WEEK_LAYOUT_SUITES = [
  'lib/trips/exactness.test.ts',
  'lib/trips/area-exactness.test.ts',
  'lib/ingest/delete-ingestion.test.ts',
  'lib/ingest/retention.test.ts',
];

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    globalSetup: ['./lib/testing/global-setup.ts'],
    setupFiles: ['./lib/testing/temp-cleanup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'week-layout', include: WEEK_LAYOUT_SUITES, env: { TEST_STORE_LAYOUT: 'week' } },
      },
    ],
  },
});
