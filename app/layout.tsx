import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { Icon, IconSprite } from './ui/icons';
import { NavLinks } from './ui/nav-links';
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

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
            <NavLinks />
          </div>
        </header>
        <main id="main" className="page">
          {children}
        </main>
      </body>
    </html>
  );
}
