'use client';
// Live job progress over Socket.IO: subscribes to all jobs and keeps the latest event per job.
// Event names, payloads and final statuses come from the server's own contract modules.
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import type { JobProgress } from '@/lib/client/api';
import { isSettledStatus } from '@/lib/ingest/job-status';
import { ERROR_EVENT, PROGRESS_EVENT, SUBSCRIBE_EVENT, type ErrorPayload, type SubscribePayload } from '@/lib/realtime/events';

export type ConnectionState = 'connecting' | 'live' | 'offline';

export function useJobProgress(enabled: boolean, onTerminal?: (p: JobProgress) => void) {
  const [jobs, setJobs] = useState<Record<number, JobProgress>>({});
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const onTerminalRef = useRef(onTerminal);

  useEffect(() => {
    if (!enabled) return;
    const socket = io({ withCredentials: true, transports: ['websocket', 'polling'] });
    const subscribe = () => {
      setConnection('live');
      socket.emit(SUBSCRIBE_EVENT, {} satisfies SubscribePayload);
    };
    socket.on('connect', subscribe);
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on(ERROR_EVENT, (e: ErrorPayload) => console.warn('job updates:', e?.message ?? e));
    socket.on(PROGRESS_EVENT, (e: JobProgress) => {
      if (!e || typeof e.jobId !== 'number') return;
      setJobs((prev) => ({ ...prev, [e.jobId]: { ...prev[e.jobId], ...e } }));
      if (isSettledStatus(e.status)) onTerminalRef.current?.(e);
    });
    return () => {
      socket.off();
      socket.disconnect();
    };
  }, [enabled]);

  // The latest callback without re-subscribing.
  useEffect(() => {
    onTerminalRef.current = onTerminal;
  });

  return { jobs, connection };
}
