#!/usr/bin/env node
// Runs the Prisma CLI with the offline schema engine (prisma/schema-engine-shim.mjs), so no
// command ever downloads Prisma's native engine binary. Usage: npm run prisma -- <args>.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, 'prisma', 'schema-engine-shim.mjs'),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
};
const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const res = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: root });
process.exit(res.status ?? 1);
