// Names the database a process uses, for its ready line (never the password).
import type { ResolvedDatabase } from './database-url';

/** Set by npm start for its children, which receive the embedded server's URL as DATABASE_URL. */
export const DESCRIPTION_VAR = 'TRIP_ATLAS_DATABASE_DESCRIPTION';

export function describeDatabase(db: ResolvedDatabase, env: NodeJS.ProcessEnv = process.env): string {
  if (db.embedded) return db.embedded.description;
  if (env[DESCRIPTION_VAR]) return env[DESCRIPTION_VAR];
  const u = new URL(db.url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL)`;
}
