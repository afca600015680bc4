'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  {
    href: '/',
    label: 'Fleet',
    match: (p: string) => p === '/' || p.startsWith('/hosts') || p.startsWith('/guests'),
  },
  { href: '/findings', label: 'Findings', match: (p: string) => p.startsWith('/findings') },
  { href: '/alerts', label: 'Alerts', match: (p: string) => p.startsWith('/alerts') },
  { href: '/silences', label: 'Silences', match: (p: string) => p.startsWith('/silences') },
];
const ADMIN_LINKS = [
  { href: '/users', label: 'Users', match: (p: string) => p.startsWith('/users') },
  { href: '/audit', label: 'Audit', match: (p: string) => p.startsWith('/audit') },
];

/** The main navigation; marks the current section with aria-current. */
export function NavLinks({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {(admin ? [...LINKS, ...ADMIN_LINKS] : LINKS).map((l) => (
        <Link
          key={l.href}
          href={l.href}
          prefetch={false}
          aria-current={l.match(pathname) ? 'page' : undefined}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
