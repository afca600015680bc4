import { describe, expect, it } from 'vitest';
import { effectiveRole, hasRole, parseStoredRole } from './roles';

describe('roles', () => {
  it('orders viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'admin')).toBe(false);
  });

  it('caps a token at its scope and never raises the owner', () => {
    expect(effectiveRole('admin', 'read')).toBe('viewer');
    expect(effectiveRole('admin', 'operate')).toBe('operator');
    expect(effectiveRole('viewer', 'operate')).toBe('viewer');
    expect(effectiveRole('admin')).toBe('admin');
  });

  it('reads an unknown stored role as viewer', () => {
    expect(parseStoredRole('root')).toBe('viewer');
    expect(parseStoredRole('operator')).toBe('operator');
  });
});
