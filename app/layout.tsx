import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { Icon, IconSprite } from './ui/icons';
import { NavLinks } from './ui/nav-links';
import { AccountMenu } from './ui/account-menu';
import { getIdentity } from '@/lib/auth/guard';
import './ui/access.css';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Entropy Watch', template: '%s · Entropy Watch' },
  description: 'Entropy and disk-configuration health of KVM hosts and guests',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#12161c' },
    { media: '(prefers-color-scheme: dark)', color: '#0a0c10' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const who = await getIdentity();
  return (
    <html lang="en">
      <body>
        <IconSprite />
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <div className="topbar-inner">
            <Link className="brand" href="/" prefetch={false}>
              <Icon name="logo" size={18} />
              Entropy Watch
            </Link>
            {who && <NavLinks admin={who.role === 'admin'} />}
            <AccountMenu />
          </div>
        </header>
        <main id="main" className="page">
          {children}
        </main>
      </body>
    </html>
  );
}
