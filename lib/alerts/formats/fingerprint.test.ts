import { describe, expect, it } from 'vitest';
import { fingerprintHex, labelSetFingerprint } from './fingerprint';

// Vectors from prometheus/common model (TestMetricToFingerprint / TestLabelsToSignature).
describe('labelSetFingerprint', () => {
  it('matches Prometheus for the empty label set and a known one', () => {
    expect(labelSetFingerprint({})).toBe(14695981039346656037n);
    expect(labelSetFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(
      5799056148416392346n,
    );
  });

  it('prints 16 hex digits and ignores key order', () => {
    const a = fingerprintHex({ alertname: 'x', target: 'web-01', severity: 'warning' });
    const b = fingerprintHex({ severity: 'warning', target: 'web-01', alertname: 'x' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(fingerprintHex({ alertname: 'x', target: 'web-01', severity: 'critical' })).not.toBe(a);
    expect(fingerprintHex({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(
      5799056148416392346n.toString(16).padStart(16, '0'),
    );
  });
});
