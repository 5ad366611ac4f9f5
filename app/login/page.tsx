'use client';
// Stand-alone sign-in page; goes to /admin (or ?next=) afterwards.
import { useRouter } from 'next/navigation';
import { LoginForm } from '@/components/admin/login-form';

export default function LoginPage() {
  const router = useRouter();
  return (
    <div className="page narrow">
      <LoginForm
        onSuccess={() => {
          const next = new URLSearchParams(window.location.search).get('next');
          router.push(next && next.startsWith('/') && !next.startsWith('//') ? next : '/admin');
        }}
      />
    </div>
  );
}
