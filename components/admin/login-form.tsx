'use client';
// Admin password prompt.
import { useState } from 'react';
import { useLogin } from '@/components/hooks/use-api';

export function LoginForm({ onSuccess }: { onSuccess?: () => void }) {
  const [password, setPassword] = useState('');
  const login = useLogin();
  return (
    <form
      className="card login-form"
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate(password, { onSuccess: () => onSuccess?.() });
      }}
    >
      <h2>Admin sign-in</h2>
      <p className="muted">Uploading data needs the admin password.</p>
      <p className="hint" data-testid="password-source">
        The password is the server&apos;s <code>ADMIN_PASSWORD</code> setting. If that is not set, the server makes one at its first
        start and prints it once in its log, on the line &ldquo;Admin password (generated, shown only this once)&rdquo;.
      </p>
      <div className="field">
        <label htmlFor="admin-password">Password</label>
        <input id="admin-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />
      </div>
      {login.isError && (
        <p className="field-error" role="alert">
          {'status' in login.error && (login.error as { status: number }).status === 401 ? 'Wrong password' : login.error.message}
        </p>
      )}
      <button type="submit" className="btn" disabled={login.isPending || !password}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
