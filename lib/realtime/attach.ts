// Socket.IO wiring of the web process. Issue #4 fills in the job-progress relay
// (worker -> PostgreSQL NOTIFY -> this server -> rooms per job and for all jobs).
import type { Server } from 'socket.io';

export interface Realtime {
  close: () => Promise<void>;
}

export async function attachRealtime(io: Server, _databaseUrl: string): Promise<Realtime> {
  io.on('connection', () => {});
  return { close: async () => {} };
}
