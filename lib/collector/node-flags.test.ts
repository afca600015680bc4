import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_NODE_FLAGS } from './node-flags';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

describe('the flags of a collector process', () => {
  it.each(['start', 'collect'])('npm run %s runs node with them', (name) => {
    const script = name === 'start' ? 'scripts/start.ts' : 'scripts/collect.ts';
    expect(scripts[name]).toBe(`node ${COLLECTOR_NODE_FLAGS.join(' ')} --import tsx ${script}`);
  });

  it('are accepted by this Node (an unknown V8 flag stops node at start)', () => {
    const r = spawnSync(process.execPath, [...COLLECTOR_NODE_FLAGS, '-e', 'process.exit(0)'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
