// Layers that point one way (npm run lint runs this):
//   bottom   lib/geo, lib/db, lib/errors, lib/log.ts, lib/env, lib/process
//   domain   lib/ingest, lib/trips, lib/jobs          (no web: no next/*, lib/http or app/)
//   adapters lib/realtime, lib/inbox, lib/uploads, lib/auth
//   web      lib/http (the route wrapper)
//   top      app/, workers/, scripts/, server.ts, components/
// Test files are left out: a test may drive any layer (e.g. lib/auth tests call the app routes).
const DOMAIN = '^lib/(ingest|trips|jobs)/';
const ADAPTERS = '^lib/(realtime|inbox|uploads|auth)/';
const BOTTOM = '^lib/(geo|db|errors|env|process)/|^lib/log[.]ts$';
const TOP = '^(app|workers|scripts|components)/|^server[.]ts$';
// What runs: pages, layouts and routes, process entries, CLI scripts (and vitest's global setup).
const ENTRIES = '^(app/.*(page|layout|route)[.]tsx?|workers/[^/]+[.]ts|scripts/[^/]+[.](ts|mjs)|server[.]ts|lib/testing/global-setup[.]ts)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other one way only.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(lib|app|workers|scripts|components)/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-not-web',
      comment: 'Domain code throws domain errors and never speaks HTTP.',
      severity: 'error',
      from: { path: `${DOMAIN}|${BOTTOM}` },
      to: { path: ['^node_modules/next/', '^lib/http/', '^app/'] },
    },
    {
      name: 'bottom-stays-bottom',
      severity: 'error',
      from: { path: BOTTOM },
      to: { path: [DOMAIN, ADAPTERS, '^lib/http/', TOP] },
    },
    {
      name: 'domain-not-adapters',
      comment: 'The domain receives adapters as interfaces (PublishProgress, JobBook), never imports them.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: [ADAPTERS, TOP] },
    },
    {
      name: 'engine-not-jobs',
      comment: 'The ingestion engine gets job bookkeeping as a JobBook; it never imports the job layer.',
      severity: 'error',
      from: { path: '^lib/ingest/' },
      to: { path: '^lib/jobs/' },
    },
    {
      name: 'job-handler-not-queue',
      comment: 'The feature handler never sees the queue: the thin processor in workers/start-worker.ts does.',
      severity: 'error',
      from: { path: '^lib/jobs/run-job[.]ts$' },
      to: { path: ['^lib/jobs/queue[.]ts$', '^node_modules/pg-boss/'] },
    },
    {
      name: 'adapters-not-web-or-top',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: ['^lib/http/', TOP] },
    },
    {
      name: 'lib-not-top',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: TOP },
    },
    {
      name: 'no-dead-modules',
      comment: 'Every module of lib/ and components/ is reachable from something that runs (test helpers aside; the CSV reader thread is loaded by URL).',
      severity: 'error',
      from: { path: ENTRIES },
      to: { path: '^(lib|components)/', pathNot: ['^lib/testing/', '^lib/ingest/csv-reader([.]worker[.]mjs|-thread[.]ts)$'], reachable: false },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '([.](test|spec)[.]tsx?$)|^([.]next|e2e)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
