// POST /api/v1/webhooks/[name]/test past authorization (lib/alerts/webhook-test-request.ts, which the
// route handler calls), with a real inventory file, database and receiver.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { listWebhookActivity } from '../queries/alerts';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import { requestWebhookTest } from './webhook-test-request';
import { webhook } from '../../test/support/alert-fixtures';
import { type EmptyDb, freshDbUrl } from '../../test/support/test-db';
import { type Receiver, startReceiver, waitFor } from '../../test/support/webhook-receiver';

let dir: string;
let store: EmptyDb | undefined;
let receiver: Receiver;
let dbUrl: string;
const saved = { ...process.env };

beforeAll(async () => {
  store = await freshDbUrl('ew-route-');
  dir = store.dir;
  receiver = await startReceiver();
  dbUrl = store.url;
  await migrateDatabase(dbUrl);
  fs.writeFileSync(path.join(dir, 'known_hosts'), '');
  fs.writeFileSync(
    path.join(dir, 'entropy-watch.yaml'),
    [
      'defaults:',
      '  knownHosts: ./known_hosts',
      'hosts:',
      '  - name: kvm-01',
      '    address: 127.0.0.1',
      'webhooks:',
      '  - name: ops',
      `    url: ${receiver.url}/hook`,
      '    format: json',
      '    secret: ${ROUTE_TEST_SECRET}',
      '',
    ].join('\n'),
  );
  process.env.DATABASE_URL = dbUrl;
  process.env.ENTROPY_WATCH_CONFIG = path.join(dir, 'entropy-watch.yaml');
  process.env.ENTROPY_WATCH_PUBLIC_URL = 'https://entropy.example.com';
  process.env.ROUTE_TEST_SECRET = 'route-secret';
});

afterAll(async () => {
  process.env = saved;
  await receiver.close();
  await closeDb();
  await store?.drop();
});

const call = (name: string) => requestWebhookTest({ name });

describe('POST /api/v1/webhooks/[name]/test', () => {
  it('enqueues a test event (202 { eventId }) that the delivery loop sends', async () => {
    const res = await call('ops');
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);

    const db = getDb(dbUrl);
    const hook = webhook({ name: 'ops', url: `${receiver.url}/hook`, secret: 'route-secret' });
    let delivery: AlertDelivery | undefined;
    try {
      delivery = startAlertDelivery({ db, webhooks: [hook], pollMs: 50 });
      await waitFor('the test event', () => receiver.accepted.length === 1);
    } finally {
      await delivery?.stop();
    }
    const got = receiver.requests[0]!;
    expect(got.headers['x-entropy-watch-event-id']).toBe(eventId);
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'test',
      webhook: 'ops',
      finding: { url: 'https://entropy.example.com/alerts' },
    });

    const [activity] = await listWebhookActivity(db, [hook]);
    expect(activity).toMatchObject({
      name: 'ops',
      format: 'json',
      signed: true,
      counts: { pending: 0, delivered: 1, dead: 0 },
    });
    expect(activity!.events).toHaveLength(1);
    expect(activity!.events[0]).toMatchObject({
      uid: eventId,
      type: 'test',
      state: 'delivered',
      finding: null,
    });
    expect(activity!.events[0]!.attemptLog.map((a) => a.statusCode)).toEqual([200]);
  });

  it('answers 404 with where webhooks come from for an unknown name, and 400 for an empty one', async () => {
    const res = await call('nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'unknown webhook nope; webhooks come from the inventory file',
    });
    const empty = await call(' ');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toBe('name: must name a webhook');
  });
});
