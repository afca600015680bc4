// npm run bench:known-hosts -- [--targets 10000] [--sample 200]
// What checking host keys costs the collector when known_hosts pins every target, old and new way in
// one run: old (before lib/transport/known-hosts-cache.ts) read and parsed the whole file twice per
// connection (key types to ask for, then the verdict) and scanned every entry; new reads it once per
// change and looks the name up in an index. The old way is timed on a sample of connections (it is
// quadratic: all of them would take minutes), the new way on all of them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { judgeHostKey, knownHostsName, pinnedKeyTypes, readKnownHosts } from '../lib/transport/known-hosts';
import { candidatesFor, KnownHostsCache } from '../lib/transport/known-hosts-cache';

const { values } = parseArgs({
  options: { targets: { type: 'string', default: '10000' }, sample: { type: 'string', default: '200' } },
  strict: true,
});
const N = Number(values.targets);
const SAMPLE = Math.min(N, Number(values.sample));
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(SAMPLE) || SAMPLE < 1) {
  throw new Error('--targets and --sample take whole numbers ≥ 1');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-kh-'));
try {
  const file = path.join(dir, 'known_hosts');
  // ed25519 key blobs are 51 bytes; distinct per target.
  const key = (i: number) =>
    Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0\x20'), Buffer.alloc(32, i % 251)]);
  const port = (i: number) => 20000 + i;
  const lines = Array.from(
    { length: N },
    (_, i) => `${knownHostsName('127.0.0.1', port(i))} ssh-ed25519 ${key(i).toString('base64')}`,
  );
  fs.writeFileSync(file, `${lines.join('\n')}\n`);

  const old = (i: number) => {
    pinnedKeyTypes(readKnownHosts(file), '127.0.0.1', port(i));
    return judgeHostKey(readKnownHosts(file), '127.0.0.1', port(i), key(i)).verdict;
  };
  const cache = new KnownHostsCache();
  const now = (i: number) => {
    const name = knownHostsName('127.0.0.1', port(i));
    pinnedKeyTypes(candidatesFor(cache.read(file), name), '127.0.0.1', port(i));
    return judgeHostKey(candidatesFor(cache.read(file), name), '127.0.0.1', port(i), key(i)).verdict;
  };
  const step = Math.max(1, Math.floor(N / SAMPLE));
  let t0 = performance.now();
  for (let k = 0; k < SAMPLE; k++) if (old(k * step) !== 'known') throw new Error('old: not known');
  const oldPer = (performance.now() - t0) / SAMPLE;
  t0 = performance.now();
  for (let i = 0; i < N; i++) if (now(i) !== 'known') throw new Error('new: not known');
  const newPer = (performance.now() - t0) / N;
  console.log(
    [
      `bench:known-hosts: ${N} pinned targets, one connection each; ${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      `old  parse the file twice per connection: ${oldPer.toFixed(2)} ms per connection (sample of ${SAMPLE}) → ${((oldPer * N) / 1000).toFixed(1)} s CPU to connect all`,
      `new  parse once, indexed lookup:          ${(newPer * 1000).toFixed(1)} µs per connection → ${((newPer * N) / 1000).toFixed(2)} s CPU to connect all`,
    ].join('\n'),
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
