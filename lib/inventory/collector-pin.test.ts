import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, loadInventory } from './load';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-pin-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(yaml: string) {
  fs.writeFileSync(path.join(dir, 'entropy-watch.yaml'), yaml);
  return loadInventory({
    configPath: 'entropy-watch.yaml',
    cwd: dir,
    env: { HOME: '/home/ops', USER: 'ops' },
  });
}

describe('collector: pin on a host', () => {
  it('pins the host and its guests; unpinned hosts carry no pin', () => {
    const inv = load(
      [
        'hosts:',
        '  - name: kvm-a1',
        '    address: 10.0.0.1',
        '    collector: site-a',
        '    guests:',
        '      - { name: web-01, address: 10.0.1.1 }',
        '  - name: kvm-b1',
        '    address: 10.0.0.2',
        '',
      ].join('\n'),
    );
    const pin = Object.fromEntries(inv.targets.map((t) => [t.name, t.collector ?? null]));
    expect(pin).toEqual({ 'kvm-a1': 'site-a', 'web-01': 'site-a', 'kvm-b1': null });
  });

  it('is a host setting: on a guest it is an unknown key', () => {
    expect(() =>
      load(
        [
          'hosts:',
          '  - name: kvm-a1',
          '    address: 10.0.0.1',
          '    guests:',
          '      - { name: web-01, address: 10.0.1.1, collector: site-a }',
          '',
        ].join('\n'),
      ),
    ).toThrow(InventoryError);
  });
});
