import { z } from 'zod';
import { boolField, identityField, shapeError, userField } from './fields';
import type { BuildContext } from './build';

// `remediation:` (in defaults, per host, per guest): whether fixes may be applied from the dashboard, and
// the SSH account that makes them. It is a separate account on purpose: the monitoring account stays
// read-only, and turning this off (or leaving it out) leaves every fix copy-only.

export const remediationShape = {
  apply: boolField().optional(),
  user: userField().optional(),
  identityFile: identityField().optional(),
};

export const remediationField = () =>
  z.strictObject(remediationShape, { error: shapeError('a map with apply, user and identityFile') });

export type RemediationEntry = z.output<ReturnType<typeof remediationField>>;

/** The effective `remediation:` of one target: apply on, with the account that makes the changes. */
export interface RemediationAccount {
  user: string;
  /** absolute path; null → ssh-agent */
  identityFile: string | null;
}

/**
 * Merges `remediation:` from defaults, the host and (for guests) the guest, nearest wins. Returns null when
 * apply is off; reports (at the nearest entry that turned apply on) a missing user or one that is the
 * monitoring account itself.
 */
export function buildRemediation(
  chain: { entry: RemediationEntry | undefined; path: PropertyKey[] }[],
  monitoringUser: string,
  resolvePath: (p: string) => string,
  ctx: Pick<BuildContext, 'report'>,
): RemediationAccount | null {
  let apply = false;
  let user: string | undefined;
  let identityFile: string | null | undefined;
  let where: PropertyKey[] = [];
  for (const { entry, path } of chain) {
    if (!entry) continue;
    if (entry.apply !== undefined) {
      apply = entry.apply;
      where = path;
    }
    if (entry.user !== undefined) user = entry.user;
    if (entry.identityFile !== undefined) identityFile = entry.identityFile;
  }
  if (!apply) return null;
  if (user === undefined) {
    ctx.report(
      [...where, 'user'],
      'apply: true needs the SSH user that makes the changes (a separate account from the monitoring one, e.g. "ew-remedy"); set remediation.user',
    );
    return null;
  }
  if (user === monitoringUser) {
    ctx.report(
      [...where, 'user'],
      `remediation.user "${user}" is the monitoring account; changes need their own account so the monitoring one stays read-only`,
    );
    return null;
  }
  return { user, identityFile: identityFile == null ? null : resolvePath(identityFile) };
}
