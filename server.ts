// The web process: one HTTP server that serves Next.js and hosts Socket.IO on the same port.
// Resolves the database first (DATABASE_URL, or an embedded PostgreSQL), migrates it, and
// exports DATABASE_URL so route handlers running in this process use the same one.
import http from 'node:http';
import next from 'next';
import { Server as SocketServer } from 'socket.io';
import { resolveDatabase } from './lib/db/database-url';
import { loadWebEnv } from './lib/env/web';
import { CLIENT_ADDRESS_HEADER } from './lib/auth/client-address';
import { exitOnFatal } from './lib/process/fatal';
import { attachRealtime } from './lib/realtime/attach';
import { describeDatabase } from './lib/db/describe-database';

exitOnFatal('web');
const env = loadWebEnv();
const dev = process.env.NODE_ENV === 'development';
const db = await resolveDatabase(env.DATABASE_URL, env.STORE_LAYOUT);
process.env.DATABASE_URL = db.url;

const httpServer = http.createServer();
// Idle keep-alive connections outlive a load balancer's idle timeout (AWS ALB: 60 s) and a
// client's pause between requests: a server closing one just as it is reused fails that request.
httpServer.keepAliveTimeout = 65_000;
httpServer.headersTimeout = 66_000;
const app = next({ dev, hostname: env.HOSTNAME, port: env.PORT, httpServer });
await app.prepare();
const handle = app.getRequestHandler();
httpServer.on('request', (req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown'; // never what the client sent
  void handle(req, res);
});

const io = new SocketServer(httpServer, { serveClient: false });
const realtime = await attachRealtime(io, db.url);

httpServer.listen(env.PORT, env.HOSTNAME, () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  console.log(`Trip Atlas ready on http://localhost:${port} (database: ${describeDatabase(db)})`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  io.close();
  await realtime.close();
  httpServer.close();
  await db.embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
