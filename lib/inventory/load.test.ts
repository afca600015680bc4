import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, loadInventory, resolveInventoryPath } from './load';
import type { EnvVars } from './substitute';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-inventory-'));
  dirs.push(dir);
  return dir;
}

/** Writes `yaml` as entropy-watch.yaml in a fresh directory and loads it from there. */
function load(yaml: string, env: EnvVars = {}) {
  const cwd = tempDir();
  fs.writeFileSync(path.join(cwd, 'entropy-watch.yaml'), yaml);
  return loadInventory({
    configPath: 'entropy-watch.yaml',
    cwd,
    env: { HOME: '/home/ops', USER: 'ops', ...env },
  });
}

function errorOf(yaml: string, env: EnvVars = {}): string {
  try {
    load(yaml, env);
  } catch (e) {
    if (e instanceof InventoryError) return e.message;
    throw e;
  }
  throw new Error('expected an InventoryError');
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('loadInventory: broken files', () => {
  it('reports YAML syntax errors with line and column', () => {
    const msg = errorOf(lines('hosts:', '  - name: kvm-01', '    address: [10.0.0.11', '  - name: kvm-02'));
    expect(msg).toBe(
      'entropy-watch.yaml:4:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('reports a duplicate key as a YAML error', () => {
    const msg = errorOf(
      lines('hosts:', '  - name: kvm-01', '    address: 10.0.0.11', '    address: 10.0.0.12'),
    );
    expect(msg).toBe('entropy-watch.yaml:4:5: invalid YAML: Map keys must be unique');
  });

  it('reports a wrong type at the key, with the value it got', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: kvm-01',
        '    address: 10.0.0.11',
        '    guests:',
        '      - name: web-01',
        '        address: 192.168.122.10',
        '      - name: web-02',
        '        address: 192.168.122.11',
        '        port: ssh',
      ),
    );
    expect(msg).toBe(
      'entropy-watch.yaml:9:9: hosts[0].guests[1].port: expected an integer 1-65535, got "ssh"',
    );
  });

  it('points a missing key at the map that should hold it', () => {
    const msg = errorOf(lines('interval: 30s', 'hosts:', '  - name: kvm-01', '    port: 2222'));
    expect(msg).toBe(
      'entropy-watch.yaml:3:5: hosts[0].address: missing; expected a hostname or IP address (IPv6 without brackets)',
    );
  });

  it('names both lines of a duplicate target name, across hosts and guests', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: kvm-01',
        '    address: 10.0.0.11',
        '    guests:',
        '      - name: web-01',
        '        address: 192.168.122.10',
        '  - name: web-01',
        '    address: 10.0.0.12',
      ),
    );
    expect(msg).toBe(
      'entropy-watch.yaml:7:5: hosts[1].name: "web-01" is already the name of hosts[0].guests[0] (line 5); target names must be unique',
    );
  });

  it('refuses a via that names no host (with a suggestion when close)', () => {
    const file = (via: string) =>
      lines(
        'hosts:',
        '  - name: kvm-01',
        '    address: 10.0.0.11',
        '    guests:',
        '      - name: web-01',
        '        address: 192.168.122.10',
        `        via: ${via}`,
      );
    expect(errorOf(file('kvm-1'))).toBe(
      'entropy-watch.yaml:7:9: hosts[0].guests[0].via: "kvm-1" is not a host in this file; did you mean "kvm-01"?',
    );
    expect(errorOf(file('bastion'))).toBe(
      'entropy-watch.yaml:7:9: hosts[0].guests[0].via: "bastion" is not a host in this file (hosts: kvm-01)',
    );
  });

  it('refuses a bad duration and a zero interval', () => {
    const msg = errorOf(
      lines('interval: 0', 'timeout: 10 sec', 'hosts:', '  - name: a', '    address: 10.0.0.1'),
    );
    expect(msg).toBe(
      [
        'entropy-watch.yaml:1:1: interval: expected a duration like "500ms", "10s", "2m", "4h", "1d" or a number of seconds, above 0, got 0',
        'entropy-watch.yaml:2:1: timeout: expected a duration like "500ms", "10s", "2m", "4h", "1d" or a number of seconds, above 0, got "10 sec"',
      ].join('\n'),
    );
  });

  it('refuses a non-http webhook URL without printing its credentials or token', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: a',
        '    address: 10.0.0.1',
        'webhooks:',
        '  - name: ops',
        '    url: ftp://alice:hunter2@hooks.example.com/services/T000/B000/XXXXSECRET',
      ),
    );
    expect(msg).toBe(
      'entropy-watch.yaml:6:5: webhooks[0].url: expected an http:// or https:// URL, got "ftp://***@hooks.example.com/..."',
    );
    expect(msg).not.toContain('hunter2');
    expect(msg).not.toContain('XXXXSECRET');
  });

  it('names an unset environment variable and its line; $${ is a literal', () => {
    const file = lines(
      'hosts:',
      '  - name: a',
      '    address: 10.0.0.1',
      '    user: $${USER}',
      'webhooks:',
      '  - name: ops',
      '    url: https://hooks.example.com/x',
      '    secret: ${WEBHOOK_SECRET}',
    );
    expect(errorOf(file)).toBe(
      'entropy-watch.yaml:8:5: webhooks[0].secret: environment variable WEBHOOK_SECRET is not set (export it, or write "$${" for a literal "${")',
    );
    const inv = load(file, { WEBHOOK_SECRET: 'swordfish' });
    expect(inv.webhooks[0]?.secret).toBe('swordfish');
    expect(inv.targets[0]?.user).toBe('${USER}');
  });

  it('never prints a secret, even a malformed one', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: a',
        '    address: 10.0.0.1',
        'webhooks:',
        '  - name: ops',
        '    url: https://hooks.example.com/x',
        '    secret: [swordfish]',
      ),
    );
    expect(msg).toBe(
      'entropy-watch.yaml:7:5: webhooks[0].secret: expected a non-empty string (a "whsec_" secret must be base64 after the prefix), got a value of the wrong type',
    );
  });

  it('refuses a whsec_ secret that is not base64, without printing it', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: a',
        '    address: 10.0.0.1',
        'webhooks:',
        '  - name: ops',
        '    url: https://hooks.example.com/x',
        '    secret: whsec_not*base64',
      ),
    );
    expect(msg).toContain('webhooks[0].secret: expected a non-empty string');
    expect(msg).toContain('a "whsec_" secret that is not valid base64');
    expect(msg).not.toContain('not*base64');
  });

  it('takes allowSshRsa per host or guest only, and maxEventsPerCycle per webhook', () => {
    const inv = load(
      lines(
        'hosts:',
        '  - name: old-kvm',
        '    address: 10.0.0.1',
        '    allowSshRsa: true',
        '    guests:',
        '      - { name: g1, address: 10.0.0.2 }',
        'webhooks:',
        '  - { name: ops, url: "https://hooks.example.com/x", maxEventsPerCycle: 5 }',
      ),
      {},
    );
    expect(inv.targets.map((t) => `${t.name}:${t.allowSshRsa}`)).toEqual(['old-kvm:true', 'g1:false']);
    expect(inv.webhooks[0]!.maxEventsPerCycle).toBe(5);
    expect(
      errorOf(lines('defaults: { allowSshRsa: true }', 'hosts:', '  - { name: a, address: b }')),
    ).toMatch(/defaults\.allowSshRsa: unknown key/);
  });

  it('suggests the key a typo meant', () => {
    const msg = errorOf(
      lines('hosts:', '  - name: kvm-01', '    adress: 10.0.0.11', '    address: 10.0.0.11'),
    );
    expect(msg).toBe('entropy-watch.yaml:3:5: hosts[0].adress: unknown key; did you mean "address"?');
  });

  it('lists an unknown key with no close match together with the allowed keys', () => {
    const msg = errorOf(lines('colour: blue', 'hosts:', '  - name: kvm-01', '    address: 10.0.0.11'));
    expect(msg).toBe(
      'entropy-watch.yaml:1:1: colour: unknown key (allowed: interval, timeout, concurrency, defaults, thresholds, diskPolicy, hosts, webhooks)',
    );
  });

  it('lists every problem, one per line, in file order', () => {
    const msg = errorOf(
      lines(
        'timeout: soon',
        'hosts:',
        '  - name: kvm-01',
        '    adress: 10.0.0.11',
        '    address: 10.0.0.11',
        '    guests:',
        '      - name: web-01',
        '        address: 192.168.122.10',
        '        via: kvm-02',
        'thresholds:',
        '  entropyWarn: 100',
        '  entropyCrit: 150',
      ),
    );
    expect(msg.split('\n')).toEqual([
      'entropy-watch.yaml:1:1: timeout: expected a duration like "500ms", "10s", "2m", "4h", "1d" or a number of seconds, above 0, got "soon"',
      'entropy-watch.yaml:4:5: hosts[0].adress: unknown key; did you mean "address"?',
      'entropy-watch.yaml:9:9: hosts[0].guests[0].via: "kvm-02" is not a host in this file; did you mean "kvm-01"?',
    ]);
  });

  it('requires entropyCrit below entropyWarn, counting defaults', () => {
    const base = lines('hosts:', '  - name: a', '    address: 10.0.0.1', 'thresholds:');
    expect(errorOf(base + lines('  entropyWarn: 100', '  entropyCrit: 150'))).toBe(
      'entropy-watch.yaml:6:3: thresholds.entropyCrit: entropyCrit (150) must be below entropyWarn (100)',
    );
    expect(errorOf(base + lines('  entropyWarn: 80'))).toBe(
      'entropy-watch.yaml:5:3: thresholds.entropyWarn: entropyCrit (100) must be below entropyWarn (80) (defaults: warn 200, crit 100)',
    );
  });

  it('refuses an unknown disk cache mode with a suggestion', () => {
    const msg = errorOf(
      lines(
        'hosts:',
        '  - name: a',
        '    address: 10.0.0.1',
        'diskPolicy:',
        '  file: { cache: [writeback, nnone] }',
      ),
    );
    expect(msg).toBe(
      'entropy-watch.yaml:5:30: diskPolicy.file.cache[1]: expected default | none | writethrough | writeback | directsync | unsafe, got "nnone" (did you mean "none"?)',
    );
  });

  it('refuses an empty file and a file without hosts', () => {
    expect(errorOf('# nothing yet\n')).toBe(
      'entropy-watch.yaml:1:1: the file is empty; it needs at least a "hosts:" list (example: lib/inventory/entropy-watch.example.yaml)',
    );
    expect(errorOf('interval: 30s\n')).toBe(
      'entropy-watch.yaml:1:1: hosts: missing; expected a list of hosts',
    );
    expect(errorOf('hosts: []\n')).toBe('entropy-watch.yaml:1:1: hosts: expected at least one host');
  });
});

describe('loadInventory: valid files', () => {
  const example = lines(
    'interval: 60s            # poll interval (default 60s)',
    'timeout: 10s',
    'concurrency: 64',
    'defaults:',
    '  user: monitor',
    '  port: 22',
    '  identityFile: ~/.ssh/id_ed25519',
    '  knownHosts: ./data/known_hosts',
    '  trustOnFirstUse: false',
    'thresholds:',
    '  entropyWarn: 200',
    'diskPolicy:',
    '  file: { cache: [writeback, none], io: [threads, io_uring] }',
    '  block: { cache: [none, directsync], io: [native, io_uring] }',
    'hosts:',
    '  - name: kvm-01',
    '    address: 10.0.0.11',
    '    port: 22',
    '    libvirtUri: qemu:///system',
    '    guests:',
    '      - name: web-01',
    '        domain: web-01',
    '        address: 192.168.122.10',
    '        via: kvm-01',
    '      - name: db-01',
    '        address: 192.168.122.11',
    '        port: 2222',
    '        user: root',
    '        identityFile: keys/db',
    '        trustOnFirstUse: true',
    'webhooks:',
    '  - name: ops',
    '    url: https://hooks.example.com/entropy',
    '    format: json',
    '    secret: ${WEBHOOK_SECRET}',
    '    minSeverity: warning',
    '    for: 2m',
    '    repeat: 4h',
    '  - name: chat',
    '    url: http://chat.example.com/hook',
    '    format: slack',
    '    repeat: 0',
  );

  it('applies defaults, resolves paths against the file and substitutes the environment', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'conf'));
    fs.writeFileSync(path.join(cwd, 'conf', 'inventory.yaml'), example);
    const inv = loadInventory({
      configPath: 'conf/inventory.yaml',
      cwd,
      env: { HOME: '/home/ops', USER: 'ops', WEBHOOK_SECRET: 's3cret' },
    });
    const conf = path.join(cwd, 'conf');
    const host = {
      name: 'kvm-01',
      kind: 'host',
      address: '10.0.0.11',
      port: 22,
      user: 'monitor',
      identityFile: '/home/ops/.ssh/id_ed25519',
      knownHosts: path.join(conf, 'data/known_hosts'),
      trustOnFirstUse: false,
      allowSshRsa: false,
      via: null,
      libvirtUri: 'qemu:///system',
      domain: null,
      hostName: null,
    };
    expect(inv).toEqual({
      source: path.join(conf, 'inventory.yaml'),
      intervalMs: 60_000,
      timeoutMs: 10_000,
      concurrency: 64,
      accept: [],
      targets: [
        host,
        {
          ...host,
          name: 'web-01',
          kind: 'guest',
          address: '192.168.122.10',
          via: 'kvm-01',
          viaTarget: host,
          libvirtUri: null,
          domain: 'web-01',
          hostName: 'kvm-01',
        },
        {
          ...host,
          name: 'db-01',
          kind: 'guest',
          address: '192.168.122.11',
          port: 2222,
          user: 'root',
          identityFile: path.join(conf, 'keys/db'),
          trustOnFirstUse: true,
          libvirtUri: null,
          domain: 'db-01',
          hostName: 'kvm-01',
        },
      ],
      webhooks: [
        {
          name: 'ops',
          url: 'https://hooks.example.com/entropy',
          format: 'json',
          secret: 's3cret',
          minSeverity: 'warning',
          forMs: 120_000,
          repeatMs: 14_400_000,
          maxEventsPerCycle: 50,
        },
        {
          name: 'chat',
          url: 'http://chat.example.com/hook',
          format: 'slack',
          secret: null,
          minSeverity: 'warning',
          forMs: 0,
          repeatMs: 0,
          maxEventsPerCycle: 50,
        },
      ],
      rules: {
        entropyWarn: 200,
        entropyCrit: 100,
        unreachableCycles: 3,
        diskPolicy: {
          file: { cache: ['writeback', 'none'], io: ['threads', 'io_uring'] },
          block: { cache: ['none', 'directsync'], io: ['native', 'io_uring'] },
        },
      },
    });
  });

  it('accepts the documented example file', () => {
    const example = path.join(import.meta.dirname, 'entropy-watch.example.yaml');
    const inv = loadInventory({ configPath: example, env: { HOME: '/home/ops', WEBHOOK_SECRET: 'x' } });
    expect(inv.targets.map((t) => `${t.kind}:${t.name}:${t.via ?? '-'}`)).toEqual([
      'host:kvm-01:-',
      'guest:web-01:kvm-01',
      'guest:db-01:-',
    ]);
    expect(inv.webhooks.map((w) => w.name)).toEqual(['ops']);
    expect(inv.accept?.map((a) => `${a.target}:${a.rule}:${a.subject}`)).toEqual([
      'db-01:disk-cache-unsafe:vdb',
    ]);
  });

  it('fills in every default for a minimal file', () => {
    const inv = load(lines('hosts:', '  - name: kvm-01', '    address: kvm-01.example.com'), {
      USER: 'alice',
    });
    expect(inv.intervalMs).toBe(60_000);
    expect(inv.targets).toEqual([
      {
        name: 'kvm-01',
        kind: 'host',
        address: 'kvm-01.example.com',
        port: 22,
        user: 'alice',
        identityFile: null,
        knownHosts: '/home/ops/.ssh/known_hosts',
        trustOnFirstUse: false,
        allowSshRsa: false,
        via: null,
        libvirtUri: 'qemu:///system',
        domain: null,
        hostName: null,
      },
    ]);
    expect(inv.webhooks).toEqual([]);
  });

  it('accepts digits from a ${VAR} where a number is expected, and an empty identityFile meaning ssh-agent', () => {
    const inv = load(
      lines(
        'defaults: { identityFile: ~/.ssh/id }',
        'hosts:',
        '  - name: a',
        '    address: 10.0.0.1',
        '    port: ${SSH_PORT}',
        '    identityFile:',
      ),
      { SSH_PORT: '2222' },
    );
    expect(inv.targets[0]).toMatchObject({ port: 2222, identityFile: null });
  });
});

describe('resolveInventoryPath and the default inventory', () => {
  it('without a file, the inventory is this machine, read locally', () => {
    const cwd = tempDir();
    const inv = loadInventory({ cwd, env: { HOME: '/home/ops', USER: 'ops' } });
    expect(inv.source).toBeNull();
    expect(inv.targets).toHaveLength(1);
    expect(inv.targets[0]).toMatchObject({ name: os.hostname(), kind: 'local', user: 'ops', via: null });
    expect(inv.rules.entropyWarn).toBe(200);
  });

  it('prefers --config, then ENTROPY_WATCH_CONFIG, then ./entropy-watch.yaml', () => {
    const cwd = tempDir();
    for (const f of ['a.yaml', 'b.yaml', 'entropy-watch.yaml']) fs.writeFileSync(path.join(cwd, f), '');
    const env = { ENTROPY_WATCH_CONFIG: 'b.yaml' };
    expect(resolveInventoryPath('a.yaml', env, cwd)).toBe(path.join(cwd, 'a.yaml'));
    expect(resolveInventoryPath(undefined, env, cwd)).toBe(path.join(cwd, 'b.yaml'));
    expect(resolveInventoryPath(undefined, {}, cwd)).toBe(path.join(cwd, 'entropy-watch.yaml'));
    expect(resolveInventoryPath(undefined, {}, tempDir())).toBeUndefined();
  });

  it('refuses an explicit path that does not exist', () => {
    const cwd = tempDir();
    expect(() => resolveInventoryPath('missing.yaml', {}, cwd)).toThrow(
      'missing.yaml: no such file (named by --config); create it or fix the path',
    );
    expect(() => loadInventory({ cwd, env: { ENTROPY_WATCH_CONFIG: '/nope/x.yaml' } })).toThrow(
      '/nope/x.yaml: no such file (named by ENTROPY_WATCH_CONFIG); create it or fix the path',
    );
  });
});
