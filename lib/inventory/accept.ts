import { z } from 'zod';
import { shapeError } from './fields';
import { didYouMean } from './issues';

// `accept:` entries: findings that are policy, not incidents ("this CI guest runs cache='unsafe' on
// purpose"). Per target (hosts[].accept, hosts[].guests[].accept) or for every target (defaults.accept).

/** One accepted finding pattern, with the target it applies to. */
export interface AcceptEntry {
  /** null: every target (`defaults.accept`) */
  target: string | null;
  rule: string;
  /** null: any subject */
  subject: string | null;
  reason: string;
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const ruleField = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string' && RULE_ID.test(v)) return v;
  ctx.addIssue({
    code: 'custom',
    message:
      v === undefined
        ? 'missing; expected a rule id such as disk-cache-unsafe (docs/checks.md lists them)'
        : `expected a rule id such as disk-cache-unsafe, got ${JSON.stringify(v)}`,
  });
  return z.NEVER;
});

const subjectField = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string' && v.length <= 200 && !/[\n\r]/.test(v)) return v;
  if (typeof v === 'number') return String(v);
  ctx.addIssue({
    code: 'custom',
    message: `expected the finding's subject (e.g. a disk "vda"), got ${JSON.stringify(v)}`,
  });
  return z.NEVER;
});

const reasonField = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string' && v.trim() !== '' && v.length <= 2000) return v.trim();
  ctx.addIssue({
    code: 'custom',
    message:
      v === undefined || (typeof v === 'string' && v.trim() === '')
        ? 'missing; say why this finding is accepted (who decided, a ticket): auditors read it'
        : `expected a sentence saying why this finding is accepted, got ${JSON.stringify(v)}`,
  });
  return z.NEVER;
});

export const acceptEntryShape = { rule: ruleField, subject: subjectField.optional(), reason: reasonField };

/** The `accept:` list of a target or of `defaults`. */
export const acceptListField = () =>
  z.array(z.strictObject(acceptEntryShape, { error: shapeError('a map with rule, subject and reason') }), {
    error: shapeError('a list of accepted findings (rule, optional subject, reason)'),
  });

interface AcceptSource {
  defaults?: { accept?: { rule: string; subject?: string; reason: string }[] };
  hosts: {
    name: string;
    accept?: { rule: string; subject?: string; reason: string }[];
    guests?: { name: string; accept?: { rule: string; subject?: string; reason: string }[] }[];
  }[];
}

/**
 * Every accept entry with the target it applies to (null = every target, from `defaults`). An entry naming
 * a rule that does not exist is reported (with the closest rule id), since it would silently accept nothing.
 */
export function buildAccepts(
  file: AcceptSource,
  knownRules: readonly string[],
  report: (path: PropertyKey[], message: string) => void,
): AcceptEntry[] {
  const out: AcceptEntry[] = [];
  const add = (target: string | null, list: AcceptSource['hosts'][number]['accept'], path: PropertyKey[]) => {
    (list ?? []).forEach((e, i) => {
      if (knownRules.length > 0 && !knownRules.includes(e.rule)) {
        const hint = didYouMean(e.rule, knownRules);
        report(
          [...path, i, 'rule'],
          `"${e.rule}" is not a rule${hint ? `; did you mean "${hint}"?` : ' (docs/checks.md lists the rule ids)'}`,
        );
        return;
      }
      out.push({ target, rule: e.rule, subject: e.subject ?? null, reason: e.reason });
    });
  };
  add(null, file.defaults?.accept, ['defaults', 'accept']);
  file.hosts.forEach((h, hi) => {
    add(h.name, h.accept, ['hosts', hi, 'accept']);
    (h.guests ?? []).forEach((g, gi) => add(g.name, g.accept, ['hosts', hi, 'guests', gi, 'accept']));
  });
  return out;
}
