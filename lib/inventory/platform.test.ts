import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, loadInventory } from './load';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function load(yaml: string) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-inventory-platform-'));
  dirs.push(cwd);
  fs.writeFileSync(path.join(cwd, 'entropy-watch.yaml'), yaml);
  return loadInventory({ configPath: 'entropy-watch.yaml', cwd, env: { HOME: '/home/ops', USER: 'ops' } });
}

const host = (extra: string) =>
  ['hosts:', '  - name: pve-01', '    address: 10.0.0.5', `    ${extra}`, ''].join('\n');

describe('inventory platform', () => {
  it('passes `platform: proxmox` to the host target, and leaves it out otherwise (detected by the probe)', () => {
    const pve = load(host('platform: proxmox')).targets.find((t) => t.name === 'pve-01');
    expect(pve?.platform).toBe('proxmox');
    const plain = load(host('user: root')).targets.find((t) => t.name === 'pve-01');
    expect(plain?.platform).toBeUndefined();
  });

  it('refuses an unknown platform with the line and what is allowed', () => {
    let message = '';
    try {
      load(host('platform: xen'));
    } catch (e) {
      if (!(e instanceof InventoryError)) throw e;
      message = e.message;
    }
    expect(message).toMatch(/platform/);
    expect(message).toMatch(/proxmox/);
  });
});

describe('a guest without an address', () => {
  it('is a host-view-only guest: never polled, judged from its host side', () => {
    const inv = load(
      [
        'hosts:',
        '  - name: pve-01',
        '    address: 10.0.0.5',
        '    guests:',
        '      - name: tenant-7',
        '        domain: web-7',
        '',
      ].join('\n'),
    );
    const g = inv.targets.find((t) => t.name === 'tenant-7');
    expect(g).toMatchObject({
      kind: 'guest',
      hostViewOnly: true,
      address: '',
      domain: 'web-7',
      hostName: 'pve-01',
    });
    expect(inv.targets.find((t) => t.name === 'pve-01')?.hostViewOnly).toBeUndefined();
  });
});
