import type { Freshness, TargetStatus } from '@/lib/queries/target-status';

// Small inline icons: each status and severity has its own shape so colour is never the only signal.

type IconName =
  TargetStatus | Exclude<Freshness, 'fresh'> | 'chevron' | 'copy' | 'check' | 'restart' | 'logo' | 'silenced';

const PATHS: Record<IconName, React.ReactNode> = {
  // A bell with a slash: alerts held back by a silence.
  silenced: (
    <>
      <path
        d="M8 1.8a4 4 0 0 0-4 4v3.1L2.6 11.4h10.8L12 8.9V5.8a4 4 0 0 0-4-4zM6.4 12.8a1.7 1.7 0 0 0 3.2 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
      <path d="m2 2 12 12" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  critical: (
    <>
      <path d="M5.2 1h5.6L15 5.2v5.6L10.8 15H5.2L1 10.8V5.2z" fill="currentColor" />
      <path d="M8 4.2v4.6M8 10.9v.9" stroke="var(--surface, #fff)" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  warning: (
    <>
      <path d="M8 1.3 15.2 14H.8z" fill="currentColor" strokeLinejoin="round" />
      <path d="M8 5.6v4M8 11.6v.5" stroke="var(--surface, #fff)" strokeWidth="1.7" strokeLinecap="round" />
    </>
  ),
  ok: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="m4.8 8.2 2.1 2.1 4.3-4.4" fill="none" stroke="var(--surface, #fff)" strokeWidth="1.8" />
    </>
  ),
  unreachable: (
    <>
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="m3.6 12.4 8.8-8.8" stroke="currentColor" strokeWidth="1.8" />
    </>
  ),
  stale: (
    <>
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 4.4V8l2.6 1.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M8 7.2v4.3M8 4.6v.4" stroke="var(--surface, #fff)" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  chevron: <path d="m6 3.5 4.5 4.5L6 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" />,
  copy: (
    <>
      <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M11 3.5V3A1.5 1.5 0 0 0 9.5 1.5h-6A1.5 1.5 0 0 0 2 3v6a1.5 1.5 0 0 0 1.5 1.5H4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </>
  ),
  check: <path d="m3 8.5 3.2 3.2L13 4.8" fill="none" stroke="currentColor" strokeWidth="2" />,
  restart: (
    <path
      d="M13.5 8A5.5 5.5 0 1 1 8 2.5c1.7 0 3.2.8 4.2 2M12.5 1.5v3.2H9.3"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
    />
  ),
  logo: (
    <>
      <path
        d="M1 9h2.5l2-5 3 9 2.5-7 1.5 3H15"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.7"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </>
  ),
};

/** The icon shapes, defined once per page (in the root layout) and referenced by <Icon>. */
export function IconSprite() {
  return (
    <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true" focusable="false">
      {(Object.keys(PATHS) as IconName[]).map((name) => (
        <symbol key={name} id={`i-${name}`} viewBox="0 0 16 16">
          {PATHS[name]}
        </symbol>
      ))}
    </svg>
  );
}

/**
 * A 16-unit icon, hidden from assistive technology (the text next to it says the same). It references the
 * sprite, so a 500-row table repeats a short <use> instead of every path.
 */
export function Icon({ name, size = 14, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg width={size} height={size} aria-hidden="true" focusable="false" className={className}>
      <use href={`#i-${name}`} />
    </svg>
  );
}
