import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, loadInventory } from './load';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function load(yaml: string) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-accept-'));
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

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('inventory accept: entries', () => {
  it('reads defaults, host and guest entries with the target each applies to', () => {
    const inv = load(
      lines(
        'defaults:',
        '  user: ops',
        '  accept:',
        '    - { rule: rngd-needed, reason: "rngd is not used on this fleet (OPS-12)" }',
        'hosts:',
        '  - name: kvm-a',
        '    address: 10.0.0.1',
        '    accept:',
        '      - rule: host-entropy-drain',
        '        reason: backup agent reads /dev/random, vendor ticket 4411',
        '    guests:',
        '      - name: ci-1',
        '        address: 10.0.0.2',
        '        accept:',
        '          - { rule: disk-cache-unsafe, subject: vdb, reason: "scratch disk, rebuilt per job" }',
      ),
    );
    expect(inv.accept).toEqual([
      { target: null, rule: 'rngd-needed', subject: null, reason: 'rngd is not used on this fleet (OPS-12)' },
      {
        target: 'kvm-a',
        rule: 'host-entropy-drain',
        subject: null,
        reason: 'backup agent reads /dev/random, vendor ticket 4411',
      },
      { target: 'ci-1', rule: 'disk-cache-unsafe', subject: 'vdb', reason: 'scratch disk, rebuilt per job' },
    ]);
    expect(inv.targets.find((t) => t.name === 'kvm-a')?.user).toBe('ops');
  });

  it('says where a reason is missing or a key is wrong', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: kvm-a',
        '    address: 10.0.0.1',
        '    accept:',
        '      - rule: disk-cache-unsafe',
        '      - rule: rngd-needed',
        '        reason: ok',
        '        because: no',
      ),
    );
    expect(msg).toMatch(/:5:\d+: hosts\[0\]\.accept\[0\]\.reason: missing; say why this finding is accepted/);
    expect(msg).toMatch(/hosts\[0\]\.accept\[1\]\.because: unknown key \(allowed: rule, subject, reason\)/);
  });

  it('names an unknown rule and the closest real one', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: kvm-a',
        '    address: 10.0.0.1',
        '    guests:',
        '      - name: ci-1',
        '        address: 10.0.0.2',
        '        accept: [{ rule: disk-cache-unsaf, reason: typo }]',
      ),
    );
    expect(msg).toMatch(
      /:7:\d+: hosts\[0\]\.guests\[0\]\.accept\[0\]\.rule: "disk-cache-unsaf" is not a rule; did you mean "disk-cache-unsafe"\?/,
    );
  });

  it('refuses an accept that is not a list', () => {
    expect(
      errorOf(lines('defaults:', '  accept: yes', 'hosts:', '  - { name: a, address: 10.0.0.1 }')),
    ).toMatch(/defaults\.accept: expected a list of accepted findings/);
  });
});
