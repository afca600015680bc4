// A host-view guest's guest-agent read on its page and in the API (docs/platforms.md). The collector side
// (asking real qemu-ga through the lab's Proxmox VE node) is tested in lib/collector/agent.int.test.ts;
// here the host's stored observation carries the read as that collector writes it, restored afterwards.
import { getDb } from '../lib/db/client';
import type { GuestAgentRead, Observation } from '../lib/probe/types';
import { E2E_DB_FILE } from './support/paths';
import { expect, test } from './support/fixtures';
import { E2E_TARGETS as T } from './support/targets';

const db = () => getDb(`file:${E2E_DB_FILE}`);
const NAME = 'agent-view-tenant';
const DOMAIN = 'agent-view-domain';

const READ: GuestAgentRead = {
  status: 'read',
  reason: null,
  via: 'virsh qemu-agent-command',
  kernelRelease: '6.1.0-27-amd64',
  uptimeSec: 900,
  entropyAvail: 40,
  poolsize: 256,
  rngAvailable: ['virtio_rng.0'],
  rngCurrent: 'none',
  fieldErrors: {},
};
const BLOCKED: GuestAgentRead = {
  ...READ,
  status: 'blocked',
  reason:
    "the guest agent refuses guest-file-open (blocked by its policy: --block-rpcs/--allow-rpcs, RHEL's default): " +
    'Command guest-file-open has been disabled',
  kernelRelease: null,
  uptimeSec: null,
  entropyAvail: null,
  poolsize: null,
  rngAvailable: null,
  rngCurrent: null,
};

test('a host-view guest shows what its guest agent read, or plainly why not', async ({ page }) => {
  // Its own domain on the second host, added to that host's stored observation: the first host's
  // unclaimed domains belong to the discovery spec, which may run at the same time.
  const host = await db().target.findUniqueOrThrow({
    where: { name: T.otherHost },
    include: { observation: true },
  });
  const original = host.observation?.data;
  if (!original) throw new Error(`the e2e lab's ${T.otherHost} has no observation`);
  const obs = JSON.parse(original) as Observation;
  if (!obs.host) throw new Error(`the e2e lab's ${T.otherHost} has no host facts`);
  const domain = {
    name: DOMAIN,
    uuid: null,
    state: 'running',
    genid: null,
    disks: [],
    rngs: [],
    agentChannel: true,
  };
  const withAgent = async (agent: GuestAgentRead) => {
    const domains = [...obs.host!.domains, { ...domain, agent }];
    await db().observation.update({
      where: { targetId: host.id },
      data: { data: JSON.stringify({ ...obs, host: { ...obs.host, domains } }) },
    });
  };
  await db().target.create({
    data: { name: NAME, kind: 'guest', hostId: host.id, domain: DOMAIN, discovered: true },
  });
  try {
    await withAgent(READ);
    await page.goto(`/guests/${NAME}`);
    const card = page.getByTestId('guest-agent');
    await expect(card).toContainText(
      `read through the guest agent (virsh qemu-agent-command) in ${T.otherHost}'s latest poll`,
    );
    await expect(card).toContainText('6.1.0-27-amd64');
    await expect(card).toContainText('40 / poolsize 256');
    const api = await page.request.get(`/api/v1/targets/${NAME}`);
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { domainConfig: { seenByHost: { agent: GuestAgentRead } } };
    expect(body.domainConfig.seenByHost.agent).toMatchObject({
      status: 'read',
      entropyAvail: 40,
      via: READ.via,
    });

    await withAgent(BLOCKED);
    await page.reload();
    await expect(page.getByTestId('guest-agent')).toContainText('host view only');
    await expect(page.getByTestId('guest-agent-reason')).toContainText(
      'Not read through the guest agent: the guest agent refuses guest-file-open (blocked by its policy',
    );
  } finally {
    await db().target.delete({ where: { name: NAME } });
    await db().observation.update({ where: { targetId: host.id }, data: { data: original } });
  }
});
