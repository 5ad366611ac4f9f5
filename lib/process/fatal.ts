// How a process that cannot start (or dies) reports it: a short message, one line per problem,
// exit code 1. Stack traces only with TRIP_ATLAS_DEBUG=1 (they bury the one line that matters).

/** A failure whose message is already the whole story (bad settings): never print its stack. */
export class StartupError extends Error {}

interface SystemError extends Error {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** The line(s) to print for an error that ends the process. */
export function describeFatal(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as SystemError;
  const where = e.address !== undefined ? `${e.address}:${e.port}` : e.hostname ?? '';
  switch (e.code) {
    case 'EADDRINUSE':
      return `port ${e.port} (${e.address}) is already in use: stop the other program or set PORT to a free port`;
    case 'EACCES':
      if (e.port !== undefined) return `no permission to listen on ${where}: use a PORT above 1023`;
      break;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `cannot reach the database${where ? ` at ${where}` : ''} (${e.code}): is PostgreSQL running, and is DATABASE_URL right?`;
    case '28P01':
    case '28000':
    case '3D000':
      return `the database refused the connection: ${e.message} (check DATABASE_URL)`;
  }
  return e.message || e.name;
}

const debugging = (env: NodeJS.ProcessEnv = process.env) => env.TRIP_ATLAS_DEBUG === '1';

/** Prints the failure (prefixed with the process name) and exits 1. */
function exitWithFatal(name: string, err: unknown): never {
  const lines = describeFatal(err).split('\n').map((l) => `[${name}] ${l}`);
  console.error(lines.join('\n'));
  if (debugging() && err instanceof Error && !(err instanceof StartupError)) console.error(err.stack);
  process.exit(1);
}

/** Makes any uncaught error or rejection end the process with exitWithFatal. */
export function exitOnFatal(name: string): void {
  process.on('uncaughtException', (err) => exitWithFatal(name, err));
  process.on('unhandledRejection', (err) => exitWithFatal(name, err));
}
