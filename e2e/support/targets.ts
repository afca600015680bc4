// The targets the e2e specs talk about, by role. populate.ts creates them today; when populate starts the
// real lab instead, re-point these names at the lab's targets and the specs keep working.

export const E2E_TARGETS = {
  /** a KVM host, healthy, whose guests include the critical and the unreachable one */
  host: 'kvm-01',
  /** a second host, whose /dev/random is held by the XSS-named domain */
  otherHost: 'kvm-02',
  /** guest with an open critical `disk-aio-native-needs-direct` finding (disk vdb) */
  criticalGuest: 'db-01',
  /** the disk of criticalGuest the finding is about */
  criticalDisk: 'vdb',
  /** healthy guest, modern kernel RNG */
  okGuest: 'web-01',
  /** guest whose latest poll timed out */
  unreachableGuest: 'web-02',
  /**
   * guest not polled for 2 h (over 3 collector intervals) whose last polls found a critical problem
   * (crng-not-ready): its data is stale and it stays critical
   */
  staleGuest: 'batch-01',
  /** guest with a legacy kernel (poolsize 4096) and a warning; its libvirt domain name is the XSS payload */
  legacyGuest: 'legacy-01',
  /** a guest with only info findings (status ok) */
  infoGuest: 'cache-01',
} as const;

/** The libvirt domain name of legacyGuest: must render as text, never as markup. */
export const XSS_DOMAIN = '<img src=x onerror=alert(1)>';

/** The rule of the critical finding, whose remediation the specs expand and copy. */
export const CRITICAL_RULE = 'disk-aio-native-needs-direct';
