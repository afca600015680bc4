// Alertmanager identifies an alert by the FNV-1a 64 hash of its sorted labels (prometheus/common
// model.LabelSet.Fingerprint): name, 0xff, value, 0xff for each label in name order, printed as %016x.
// Using the same algorithm means our fingerprints match what Alertmanager itself would send.
const OFFSET64 = 14695981039346656037n;
const PRIME64 = 1099511628211n;
const MASK64 = (1n << 64n) - 1n;
const SEPARATOR = 0xff;

/** Alertmanager's label-set fingerprint as a 64-bit unsigned integer. */
export function labelSetFingerprint(labels: Record<string, string>): bigint {
  let hash = OFFSET64;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * PRIME64) & MASK64;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const b of Buffer.from(name, 'utf8')) add(b);
    add(SEPARATOR);
    for (const b of Buffer.from(labels[name] ?? '', 'utf8')) add(b);
    add(SEPARATOR);
  }
  return hash;
}

/** The fingerprint as Alertmanager prints it in webhook bodies: 16 lowercase hex digits. */
export function fingerprintHex(labels: Record<string, string>): string {
  return labelSetFingerprint(labels).toString(16).padStart(16, '0');
}
