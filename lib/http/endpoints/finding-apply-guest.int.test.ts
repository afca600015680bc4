// POST /api/v1/findings/{id}/apply for a fix that runs inside the target, through the handler with real
// tokens, a real inventory file and a migrated database: an operator's dry run answers the exact sudo
// commands (the guest is not contacted for a preview), a read token gets 403, a guest with apply off
// 403 naming what to set. Running the commands for real: lib/apply/guest/guest-apply.int.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rngdInstallCommands } from '../../checks/remedy/guest-commands';
import type { Remediation } from '../../checks/remedy/types';
import { bearerPost, readAndOperateTokens } from '../../../test/support/api-requests';
import { seedFinding } from '../../../test/support/apply-lab';
import { freshDb, type TestDb } from '../../../test/support/test-db';
import { POST } from './finding-apply';

let t: TestDb;
let read = '';
let operate = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-guest-route-'));
const saved = process.env.ENTROPY_WATCH_CONFIG;

const post = (token: string, id: number, body: unknown) =>
  POST(bearerPost(`http://ew.test/api/v1/findings/${id}/apply`, token, body), {
    params: Promise.resolve({ id: String(id) }),
  });

const finding = (target: string) =>
  seedFinding(t.db, {
    target: { kind: 'guest', name: target },
    rule: 'rngd-needed',
    summary: 'rngd needed',
    remediation: {
      summary: 'Install and start rngd',
      reason: 'r',
      steps: [],
      restartRequired: false,
      guestApply: {
        kind: 'guest-commands',
        target,
        action: 'install-rngd',
        commands: rngdInstallCommands('debian'),
      },
    } satisfies Remediation,
  });

beforeAll(async () => {
  t = await freshDb('ew-guest-route-');
  process.env.DATABASE_URL = t.url;
  const key = path.join(dir, 'key');
  fs.writeFileSync(key, 'not used: a preview does not connect\n', { mode: 0o600 });
  fs.writeFileSync(
    path.join(dir, 'inventory.yaml'),
    [
      'defaults:',
      '  user: ew-monitor',
      `  knownHosts: ${path.join(dir, 'known_hosts')}`,
      'hosts:',
      '  - name: kvm-route',
      '    address: 127.0.0.1',
      '    guests:',
      '      - name: deb-on',
      '        address: 127.0.0.2',
      '        remediation:',
      '          apply: true',
      '          user: ew-remedy',
      `          identityFile: ${key}`,
      '      - name: deb-off',
      '        address: 127.0.0.3',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'known_hosts'), '');
  process.env.ENTROPY_WATCH_CONFIG = path.join(dir, 'inventory.yaml');
  ({ read, operate } = await readAndOperateTokens(t.db));
}, 60_000);

afterAll(async () => {
  if (saved === undefined) delete process.env.ENTROPY_WATCH_CONFIG;
  else process.env.ENTROPY_WATCH_CONFIG = saved;
  await t?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/v1/findings/{id}/apply for a fix inside the target', () => {
  it('an operator previews the exact sudo commands, as the remediation account', async () => {
    const id = await finding('deb-on');
    const res = await post(operate, id, { dryRun: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'guest-commands',
      findingId: id,
      target: 'deb-on',
      runAs: 'ew-remedy',
      commands: [
        'sudo -n apt-get update',
        'sudo -n apt-get install -y rng-tools5',
        'sudo -n systemctl enable --now rngd',
      ],
      restartRequired: false,
    });
    expect(body.planId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a read token gets 403; a guest with apply off gets 403 saying what to set', async () => {
    expect((await post(read, await finding('deb-on-2'), { dryRun: true })).status).toBe(403);
    const off = await post(operate, await finding('deb-off'), { dryRun: true });
    expect(off.status).toBe(403);
    expect(((await off.json()) as { error: string }).error).toMatch(
      /applying fixes is off for deb-off: set remediation: \{apply: true/,
    );
  });
});
