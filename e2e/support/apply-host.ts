// A host of one spec's own for Apply… and Revert… in the browser: the remediation account's sshd, one
// domain on libvirt's embedded QEMU driver, the host in the server's inventory (apply on) and one open
// finding on it whose fix is `edit`; removed again, rows and all, by removeApplyHost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApplyPlan } from '../../lib/checks/remedy/types';
import { getDb } from '../../lib/db/client';
import {
  defineLocal,
  libvirtRemediation,
  remediationHostEntry,
  seedFinding,
  startRemediationSshd,
} from '../../test/support/apply-lab';
import { embeddedLibvirt } from '../../test/support/libvirt-embed';
import type { TestSshd } from '../../test/support/sshd';
import { addInventoryHost, removeInventoryHost } from './inventory-edit';
import { E2E_DB_FILE } from './paths';

export interface ApplyHost {
  host: string;
  dir: string;
  sshd: TestSshd | undefined;
  /** the embedded driver's `virsh -c` URI */
  uri: string;
  findingId: number;
}

const db = () => getDb(`file:${E2E_DB_FILE}`);

/** Makes it all; the finding is on the host row, about `domain` (`summary`, fix text `fixSummary`). */
export async function addApplyHost(o: {
  host: string;
  domain: string;
  rule: string;
  edit: ApplyPlan['edit'];
  summary: string;
  fixSummary: string;
}): Promise<ApplyHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ew-${o.host}-`));
  let sshd: TestSshd | undefined;
  try {
    const lab = await startRemediationSshd(dir);
    sshd = lab.sshd;
    const uri = embeddedLibvirt(path.join(dir, 'libvirt'));
    defineLocal(dir, uri, o.domain);
    await addInventoryHost(
      remediationHostEntry(o.host, lab, uri, { user: 'monitor', knownHosts: lab.knownHosts }),
    );
    const findingId = await seedFinding(db(), {
      target: { kind: 'host', name: o.host, address: '127.0.0.1' },
      rule: o.rule,
      subject: o.domain,
      summary: o.summary,
      remediation: libvirtRemediation(o.host, o.domain, o.edit, {
        restartRequired: false,
        summary: o.fixSummary,
        reason: 'e2e',
      }),
    });
    return { host: o.host, dir, sshd, uri, findingId };
  } catch (e) {
    // a half-made host is removed as a whole one is
    await removeApplyHost({ host: o.host, dir, sshd, uri: '', findingId: 0 });
    throw e;
  }
}

/** Removes only this spec's host (another spec may have added one meanwhile), its rows and its files. */
export async function removeApplyHost(h: ApplyHost | undefined): Promise<void> {
  if (!h) return;
  await removeInventoryHost(h.host);
  await db().domainChange.deleteMany({ where: { host: h.host } });
  await db().finding.deleteMany({ where: { target: { name: h.host } } });
  await db().target.deleteMany({ where: { name: h.host } });
  await h.sshd?.stop();
  fs.rmSync(h.dir, { recursive: true, force: true });
}
