// The finding budget: one target cannot flood the findings table, the pages and the alert outbox.
// A hostile guest printing thousands of distinct values would otherwise open thousands of findings
// per cycle (issue 11: 25,368 critical findings from eight guests).
import { SEVERITIES, type Severity } from '../model';
import type { Check, JudgedHit } from './types';

/** Findings kept per (target, check) per cycle; the rest are counted in one summary finding. */
export const MAX_FINDINGS_PER_CHECK = 32;

/** The subject of the summary finding; no check uses it for a real subject. */
export const WITHHELD_SUBJECT = '(withheld)';

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/**
 * At most MAX_FINDINGS_PER_CHECK hits, the most severe first and then by subject (so the same ones
 * stay open from cycle to cycle), plus one summary hit saying how many were withheld.
 */
export function withinBudget(check: Pick<Check, 'id' | 'title'>, hits: JudgedHit[]): JudgedHit[] {
  if (hits.length <= MAX_FINDINGS_PER_CHECK) return hits;
  const ordered = [...hits].sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
  );
  const kept = ordered.slice(0, MAX_FINDINGS_PER_CHECK);
  const withheld = ordered.slice(MAX_FINDINGS_PER_CHECK);
  const severity = withheld[0]?.severity ?? 'info';
  const examples = withheld.slice(0, 3).map((h) => h.subject || '(target)');
  const summary = `${withheld.length} more ${check.id} findings withheld (at most ${MAX_FINDINGS_PER_CHECK} per target and check per cycle)`;
  return [
    ...kept,
    {
      subject: WITHHELD_SUBJECT,
      severity,
      summary,
      detail: `${withheld.length} findings of ${check.id} beyond the first ${MAX_FINDINGS_PER_CHECK} are not stored this cycle, e.g. ${examples.join(', ')}`,
      remediation: () => ({
        summary: `Fix the ${MAX_FINDINGS_PER_CHECK} ${check.title} findings shown first`,
        reason:
          `Entropy Watch keeps at most ${MAX_FINDINGS_PER_CHECK} findings per target and check each cycle, so one ` +
          'target (for example a guest printing thousands of values) cannot flood the findings, the pages and ' +
          'the alerts. The withheld ones appear as the shown ones are resolved.',
        steps: [
          {
            description:
              `Work through the ${MAX_FINDINGS_PER_CHECK} findings shown for this check; if they come from values ` +
              'this target should not report at all, look at the target itself first.',
          },
        ],
        restartRequired: false,
      }),
    },
  ];
}
