import { describe, expect, it } from 'vitest';
import { cloneMachineId } from './clone-machine-id';
import { context, observation, target } from '../../../test/support/check-builders';
import type { Observation, CheckContext } from '../types';

function fleet(...patches: Partial<Observation>[]): CheckContext {
  const targets = patches.map((p, i) => target({ name: `g${i + 1}`, observation: observation(p) }));
  return context({ target: targets[0], fleet: targets, host: null });
}

describe('clone-machine-id', () => {
  const ID = '0123456789abcdef0123456789abcdef';

  it('warns for a shared machine-id', () => {
    const hits = cloneMachineId.evaluate(fleet({ machineId: ID }, { machineId: ID }));
    expect(hits).toEqual([expect.objectContaining({ subject: ID, severity: 'warning' })]);
    expect(hits[0]?.facts.others).toEqual(['g2']);
  });

  it('ignores empty and "uninitialized" ids and singletons', () => {
    expect(cloneMachineId.evaluate(fleet({ machineId: '' }, { machineId: '' }))).toEqual([]);
    expect(
      cloneMachineId.evaluate(fleet({ machineId: 'uninitialized' }, { machineId: 'uninitialized' })),
    ).toEqual([]);
    expect(cloneMachineId.evaluate(fleet({ machineId: ID }, { machineId: ID.replace('0', '1') }))).toEqual(
      [],
    );
  });
});
