import { describe, expect, it } from 'vitest';
import { assertUniqueWebhookNames } from './webhook-names';

describe('assertUniqueWebhookNames', () => {
  it('accepts distinct names and an empty list', () => {
    expect(() => assertUniqueWebhookNames([{ name: 'ops' }, { name: 'chat' }])).not.toThrow();
    expect(() => assertUniqueWebhookNames([])).not.toThrow();
  });

  it('names the repeated webhook and says what to do', () => {
    expect(() => assertUniqueWebhookNames([{ name: 'ops' }, { name: 'chat' }, { name: 'ops' }])).toThrow(
      'webhook "ops" is configured twice; webhook names must be unique: rename one in the inventory',
    );
  });
});
