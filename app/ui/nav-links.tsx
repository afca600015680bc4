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
];

/** The main navigation; marks the current section with aria-current. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.map((l) => (
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
