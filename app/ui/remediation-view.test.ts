import { describe, expect, it } from 'vitest';
import { reasonBeyondRule } from './remediation-view';

describe('reasonBeyondRule', () => {
  it('keeps only the note a remediation adds to the rule reason', () => {
    expect(reasonBeyondRule('Rule says X. The pair is valid. Source: QEMU 2.6', 'Rule says X.')).toBe(
      'The pair is valid.',
    );
  });
  it('is empty when the remediation repeats the rule reason and its source', () => {
    expect(reasonBeyondRule('Rule says X. Source: QEMU 2.6', 'Rule says X.')).toBe('');
  });
  it('keeps a reason that is not built on the rule reason', () => {
    expect(reasonBeyondRule('Something else.', 'Rule says X.')).toBe('Something else.');
  });
});
