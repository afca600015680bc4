import { describe, expect, it } from 'vitest';
import { hostEntropyDrain } from './host-entropy-drain';
import {
  context,
  holder,
  hostFacts,
  hostTarget,
  legacyObservation,
  observation,
} from '../../../test/support/check-builders';
import type { DeviceHolder } from '../types';

function run(kernel: string, entropyAvail: number, holders: DeviceHolder[], poolsize = 4096) {
  const host = hostTarget({
    observation: legacyObservation(kernel, { entropyAvail, poolsize, host: hostFacts({ holders }) }),
  });
  return hostEntropyDrain.evaluate(context({ target: host, host: null, domain: null }));
}

describe('host-entropy-drain', () => {
  const qemu = [holder({ pid: 4242, domain: 'web-01' }), holder({ pid: 17, domain: null })];

  it('is critical and names domains and PIDs when a legacy host < 5.6 is low while qemu holds /dev/random', () => {
    const hits = run('4.19.0', 150, qemu);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subject: '', severity: 'critical' });
    expect(hits[0]?.summary).toContain('web-01 (pid 4242)');
    expect(hits[0]?.summary).toContain('pid 17');
    expect(hits[0]?.facts).toMatchObject({ domains: ['web-01'], pids: [17, 4242] });
  });

  it('needs the entropy-low condition at warning or critical (kernel < 5.6, below 200)', () => {
    expect(run('4.19.0', 200, qemu)).toEqual([]);
    expect(run('5.5.0', 199, qemu)).toHaveLength(1);
    // 5.6+: entropy-low is only info there, so no drain.
    expect(run('5.6.0', 20, qemu)).toEqual([]);
    // modern pool
    expect(run('5.4.0', 20, qemu, 256)).toEqual([]);
  });

  it('needs a qemu process holding /dev/random (not urandom, not another program)', () => {
    expect(run('4.19.0', 20, [])).toEqual([]);
    expect(run('4.19.0', 20, [holder({ device: '/dev/urandom' })])).toEqual([]);
    expect(run('4.19.0', 20, [holder({ command: 'gpg-agent', domain: null })])).toEqual([]);
    expect(run('4.19.0', 20, [holder({ command: 'kvm' })])).toHaveLength(1);
  });

  it('is silent for a target without host facts', () => {
    const t = hostTarget({
      observation: observation({ poolsize: 4096, kernelRelease: '4.19.0', entropyAvail: 5 }),
    });
    expect(
      hostEntropyDrain.evaluate(
        context({ target: { ...t, observation: { ...t.observation!, host: null } } }),
      ),
    ).toEqual([]);
  });
});
