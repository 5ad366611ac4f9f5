'use client';
// Live job progress over Socket.IO: subscribes to all jobs and keeps the latest event per job.
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import type { JobProgress } from '@/lib/client/api';

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
      socket.emit('jobs:subscribe', {});
    };
    socket.on('connect', subscribe);
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('jobs:error', (e: { code?: string; message?: string }) => console.warn('job updates:', e?.message ?? e));
    const onProgress = (p: JobProgress | JobProgress[]) => {
      const list = Array.isArray(p) ? p : [p];
      const valid = list.filter((e) => e && typeof e.jobId === 'number');
      setJobs((prev) => {
        const next = { ...prev };
        for (const e of valid) next[e.jobId] = { ...prev[e.jobId], ...e };
        return next;
      });
      for (const e of valid) if (isTerminal(e.status)) onTerminalRef.current?.(e);
    };
    socket.on('job:progress', onProgress);
    // Some servers answer the subscription with a snapshot event: accept the common shapes.
    socket.on('jobs:state', (s: JobProgress[] | { jobs: JobProgress[] }) => onProgress(Array.isArray(s) ? s : s?.jobs ?? []));
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

export function isTerminal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'duplicate';
}
