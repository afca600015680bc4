import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, loadInventory } from './load';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function load(yaml: string) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-remediation-'));
  dirs.push(cwd);
  fs.writeFileSync(path.join(cwd, 'entropy-watch.yaml'), yaml);
  return loadInventory({ configPath: 'entropy-watch.yaml', cwd, env: { HOME: '/home/ops', USER: 'ops' } });
}

function errorOf(yaml: string): string {
  try {
    load(yaml);
  } catch (e) {
    if (e instanceof InventoryError) return e.message;
    throw e;
  }
  throw new Error('expected an InventoryError');
}

const fleet = (defaults: string, host = '', guest = '') =>
  [
    'defaults:',
    '  user: monitor',
    defaults,
    'hosts:',
    '  - name: kvm-01',
    '    address: 10.0.0.1',
    host,
    '    guests:',
    '      - name: web-01',
    '        address: 10.0.1.1',
    guest,
    '      - name: db-01',
    '        address: 10.0.1.2',
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n';

const byName = (yaml: string) => new Map(load(yaml).targets.map((t) => [t.name, t.remediation ?? null]));

describe('inventory remediation:', () => {
  it('is off (copy-only) when absent', () => {
    expect([...byName(fleet('')).values()]).toEqual([null, null, null]);
  });

  it('defaults apply to every target; a host or guest turns it off again; paths resolve like identityFile', () => {
    const r = byName(
      fleet(
        '  remediation:\n    apply: true\n    user: ew-remedy\n    identityFile: ~/.ssh/remedy',
        '',
        '        remediation:\n          apply: false',
      ),
    );
    expect(r.get('kvm-01')).toEqual({ user: 'ew-remedy', identityFile: '/home/ops/.ssh/remedy' });
    expect(r.get('db-01')).toEqual({ user: 'ew-remedy', identityFile: '/home/ops/.ssh/remedy' });
    expect(r.get('web-01')).toBeNull();
  });

  it('a host entry applies to its guests, a guest may name its own account', () => {
    const r = byName(
      fleet(
        '',
        '    remediation:\n      apply: true\n      user: ew-remedy',
        '        remediation:\n          user: root-fixer',
      ),
    );
    expect(r.get('kvm-01')).toEqual({ user: 'ew-remedy', identityFile: null });
    expect(r.get('web-01')).toEqual({ user: 'root-fixer', identityFile: null });
  });

  it('apply: true without a user says what to set', () => {
    expect(errorOf(fleet('  remediation:\n    apply: true'))).toMatch(
      /defaults\.remediation\.user.*apply: true needs the SSH user that makes the changes/s,
    );
  });

  it('refuses the monitoring account as the remediation account', () => {
    expect(errorOf(fleet('', '    remediation:\n      apply: true\n      user: monitor'))).toMatch(
      /hosts\[0\]\.remediation\.user.*"monitor" is the monitoring account/s,
    );
  });

  it('refuses unknown keys and wrong types', () => {
    expect(errorOf(fleet('  remediation:\n    apply: yes-please'))).toMatch(/apply.*expected true or false/s);
    expect(errorOf(fleet('  remediation:\n    password: x'))).toMatch(/password/);
  });
});
