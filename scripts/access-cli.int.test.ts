// `npm run users` and `npm run tokens` as scripts call them: real processes, a real database (SQLite, or PostgreSQL in integration-pg), and the
// token they print checked against the real verification code.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../lib/db/client';
import { verifyToken } from '../lib/auth/tokens';
import { type EmptyDb, freshDbUrl } from '../test/support/test-db';

let store: EmptyDb | undefined;
let url = '';
beforeAll(async () => {
  store = await freshDbUrl('ew-access-cli-');
  url = store.url;
});
afterAll(async () => {
  await closeDb();
  await store?.drop();
});

function run(script: 'users' | 'tokens', args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, DATABASE_URL: url },
    timeout: 180_000,
  });
}

describe('npm run users / npm run tokens', () => {
  // Each run is a fresh process (tsx, migrations, better-auth): seconds each, so a generous timeout.
  it(
    'adds users with a piped password, lists them, and refuses bad arguments in one line',
    { timeout: 900_000 },
    () => {
      const add = run('users', ['add', 'Alice', '--role', 'admin'], 'alice-password\n');
      expect(add.stderr).toBe('added alice (admin)\n');
      expect(add.status).toBe(0);
      expect(run('users', ['add', 'bob', '--role', 'viewer'], 'bob-password\n').status).toBe(0);
      const list = run('users', ['list']);
      expect(list.stdout.split('\n')[1]).toMatch(/^alice\s+admin\s+password\s+\d{4}-/);
      expect(list.stdout).toMatch(/\nbob\s+viewer\s+password/);

      for (const [args, message] of [
        [
          ['add', 'carol', '--role', 'boss'],
          'entropy-watch users: --role must be admin, operator or viewer, got "boss"',
        ],
        [['add', 'carol'], 'entropy-watch users: --role is required: admin, operator or viewer'],
        [['frob'], 'entropy-watch users: unknown command "frob"'],
        [['remove', 'alice'], 'entropy-watch users: this is the last admin; make another user admin first'],
        [['remove', 'nobody'], 'entropy-watch users: no user named nobody'],
        [
          ['add', 'dave', '--role', 'viewer', '--colour', 'red'],
          "entropy-watch users: Unknown option '--colour'",
        ],
      ] as const) {
        const r = run('users', [...args], 'some-password\n');
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
        expect(r.stderr, args.join(' ')).toContain(message);
      }
      const short = run('users', ['add', 'erin', '--role', 'viewer'], 'short\n');
      expect(short.status).toBe(2);
      expect(short.stderr).toContain('at least 8 characters');
    },
  );

  it('creates a token printed alone on stdout, lists it, and revokes it', { timeout: 900_000 }, async () => {
    const create = run('tokens', [
      'create',
      'bob',
      '--scope',
      'read',
      '--name',
      'uptime',
      '--expires',
      '90d',
    ]);
    expect(create.status).toBe(0);
    expect(create.stdout).toMatch(/^ew_[A-Za-z0-9_-]{43}\n$/);
    const secret = create.stdout.trim();
    const id = /token ([0-9a-f]{12}) for bob \(read\)/.exec(create.stderr)?.[1];
    expect(id).toBeDefined();
    expect(await verifyToken(getDb(url), secret)).toMatchObject({ username: 'bob', scope: 'read' });
    expect(run('tokens', ['list']).stdout).toMatch(
      new RegExp(`${id}\\s+bob\\s+read\\s+active\\s+\\d{4}-.*uptime`),
    );
    expect(run('tokens', ['revoke', id!]).status).toBe(0);
    expect(await verifyToken(getDb(url), secret)).toBeNull();
    expect(run('tokens', ['list']).stdout).toMatch(new RegExp(`${id}\\s+bob\\s+read\\s+revoked`));

    for (const [args, message] of [
      [['create', 'bob', '--scope', 'write'], '--scope must be read or operate, got "write"'],
      [['create', 'bob'], '--scope is required: read or operate'],
      [['create', 'bob', '--scope', 'read', '--expires', 'soon'], '--expires must be a duration like 90d'],
      [['create', 'nobody', '--scope', 'read'], 'no user named nobody'],
      [['revoke', 'ffffffffffff'], 'no token with id ffffffffffff'],
    ] as const) {
      const r = run('tokens', [...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  });
});
