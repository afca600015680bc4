import { describe, expect, it } from 'vitest';
import { readPlanBody } from './reviewed-change';

const req = (body: string) => new Request('http://ew.test/x', { method: 'POST', body });

async function error(verb: 'apply' | 'revert', body: string): Promise<string> {
  const r = await readPlanBody(req(body), verb);
  if (!(r instanceof Response)) throw new Error(`accepted ${body}`);
  expect(r.status).toBe(400);
  return ((await r.json()) as { error: string }).error;
}

describe('readPlanBody', () => {
  it('reads a preview and an apply of a previewed plan', async () => {
    expect(await readPlanBody(req('{"dryRun": true}'), 'apply')).toEqual({ dryRun: true });
    const planId = 'ab'.repeat(16);
    expect(await readPlanBody(req(JSON.stringify({ dryRun: false, planId })), 'revert')).toEqual({
      dryRun: false,
      planId,
    });
  });

  it('says what to send, in the words of the action', async () => {
    expect(await error('revert', 'not json')).toMatch(/must be JSON.*to revert$/);
    expect(await error('apply', '{}')).toMatch(/dryRun must be true \(preview\) or false \(apply\)/);
    expect(await error('revert', '{"dryRun": false}')).toMatch(/^reverting needs the planId of a preview/);
    expect(await error('apply', '{"dryRun": false}')).toMatch(/^applying needs the planId of a preview/);
    expect(await error('apply', '{"dryRun": false, "planId": "nope"}')).toMatch(/32 hex digits/);
    expect(await error('apply', '{"dryRun": true, "extra": 1}')).toMatch(/extra/);
  });
});
