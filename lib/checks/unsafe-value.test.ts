// A value with control or bidi characters never reaches a command or XML to copy: the remediation
// says the value cannot be shown safely instead (issue 11: Ctrl-C in a pasted `virsh --domain '...'`).
import { describe, expect, it } from 'vitest';
import { hasForbiddenChars } from '../probe/input-policy';
import { PLAIN, triggeredHit, triggeringContexts } from '../../test/support/check-fixtures';

const CONTROL: typeof PLAIN = {
  ...PLAIN,
  domain: 'web-01\u0003; reboot\r',
  disk: 'vd\u001b[8ma',
  device: 'virtio\u202Erng',
};

describe('remediations with a value that cannot be shown safely', () => {
  const ids = Object.keys(triggeringContexts(CONTROL));

  it.each(ids)('%s never shows a control or bidi character in a step', (id) => {
    const { hit } = triggeredHit(id, CONTROL);
    const r = hit.remediation();
    const strings: string[] = [];
    JSON.stringify(r, (_k, v: unknown) => (typeof v === 'string' ? (strings.push(v), v) : v));
    expect(strings.filter(hasForbiddenChars)).toEqual([]);
  });

  it('says so in words, with the value escaped, and shows no command', () => {
    const r = triggeredHit('disk-cache-unsafe', CONTROL).hit.remediation();
    expect(r.summary).toMatch(/cannot be shown safely/);
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]?.command).toBeUndefined();
    expect(r.steps[0]?.description).toContain('"web-01\\u0003; reboot\\r"');
  });
});
