// The one logger (pino). JSON lines in production (or with LOG_FORMAT=json), readable lines in
// development (pino-pretty, written synchronously: no worker thread). Logs go to stderr, so
// stdout stays for what commands print for people and scripts (progress bars, summaries,
// `--json` results, ready lines). Per-job work logs through `log.child({ jobId })`, so every
// line of a job carries its id. LOG_LEVEL sets the level (TRIP_ATLAS_DEBUG=1 means debug).
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const json = process.env.LOG_FORMAT === 'json' || (process.env.NODE_ENV === 'production' && process.env.LOG_FORMAT !== 'pretty');
const level = process.env.LOG_LEVEL ?? (process.env.TRIP_ATLAS_DEBUG ? 'debug' : 'info');

export const log: Logger = json
  ? pino({ level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }))
  : pino({ level, base: undefined }, pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
