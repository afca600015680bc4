// Plain inputs for the pure alert tests: a finding snapshot and an event, with overrides.
import type { AlertEventInput, FindingSnapshot } from '../../lib/alerts/types';

export const T0 = new Date('2026-11-21T08:00:00.000Z');

export function snapshot(over: Partial<FindingSnapshot> = {}): FindingSnapshot {
  return {
    id: 42,
    target: 'web-01',
    targetKind: 'guest',
    host: 'kvm-01',
    rule: 'disk-aio-native-needs-direct',
    subject: 'vda',
    severity: 'critical',
    state: 'open',
    summary: 'vda uses io=native without cache=none/directsync',
    detail: 'disk vda: type=file cache=writeback io=native',
    openedAt: T0,
    resolvedAt: null,
    remediation: { summary: 'Set cache="none" on vda', restartRequired: true },
    ...over,
  };
}

export function eventInput(over: Partial<AlertEventInput> = {}): AlertEventInput {
  return {
    eventId: '0f8e6f7c-9a1b-4c2d-8e3f-1a2b3c4d5e6f',
    type: 'firing',
    webhook: 'ops',
    finding: snapshot(),
    at: new Date(T0.getTime() + 120_000),
    publicUrl: 'https://entropy.example.com',
    ...over,
  };
}
