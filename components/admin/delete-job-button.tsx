'use client';
// Deletes one succeeded ingestion after the admin confirms: DELETE /api/ingestions/:id (202);
// the job's progress then arrives over Socket.IO like a load's.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getJson } from '@/lib/client/api';

export function DeleteJobButton({ id, fileName }: { id: number; fileName: string }) {
  const client = useQueryClient();
  const del = useMutation({
    mutationFn: () => getJson(`/api/ingestions/${id}`, { method: 'DELETE' }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['ingestions'] }),
  });
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary"
        disabled={del.isPending}
        aria-label={`Delete the trips of job ${id}`}
        onClick={() => {
          if (window.confirm(`Delete every trip of ${fileName} (job ${id}) from the store? Answers will be as if it was never ingested.`)) del.mutate();
        }}
      >
        Delete
      </button>
      {del.error && <span className="error small" role="alert"> {del.error.message}</span>}
    </>
  );
}
