// The handlers of POST /api/v1/targets/{name}/cold-boot and POST /api/v1/cold-boot (the route files in
// app/ re-export them): the separately confirmed cold boot of guests whose fix waits for one.
import { z } from 'zod';
import { requireRole } from '../../auth/guard';
import { getDb } from '../../db/client';
import { coldBoot, MAX_WAIT_SECONDS, type ColdBootRequest } from '../../apply/cold-boot';
import { loadInventory } from '../../inventory/load';
import { createTransport } from '../../transport';
import { badRequest, invalidParams, ok, serverError } from '../response';

const seconds = (what: string) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .int({ error: `${what} must be a whole number of seconds` })
    .min(1, { error: `${what} must be at least 1` })
    .max(MAX_WAIT_SECONDS, { error: `${what} must be at most ${MAX_WAIT_SECONDS}` });

const options = {
  // Its own confirmation, apart from any apply: nothing restarts a guest without it.
  confirm: z.literal(true, {
    error: 'a cold boot shuts guests down: send "confirm": true to confirm it (docs/apply.md)',
  }),
  forceOffAfterSeconds: seconds('forceOffAfterSeconds').nullable().optional(),
  shutdownTimeoutSeconds: seconds('shutdownTimeoutSeconds').optional(),
};

const oneSchema = z.strictObject(options);
const bulkSchema = z.strictObject({
  targets: z
    .array(z.string().min(1).max(200), { error: 'targets must be a list of guest names' })
    .min(1, { error: 'targets must name at least one guest' })
    .max(500, { error: 'at most 500 guests at once' }),
  ...options,
});

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

async function run(
  req: ColdBootRequest,
  who: { username: string; via: 'session' | 'token' | 'proxy'; address: string | null },
) {
  const transport = createTransport();
  try {
    const results = await coldBoot({ db: getDb(), inventory: loadInventory(), transport }, req, {
      username: who.username,
      via: who.via,
      address: who.address,
    });
    return ok({ results });
  } catch (e) {
    return serverError(e);
  } finally {
    await transport.close();
  }
}

const NOT_JSON =
  'the body must be JSON: {"confirm": true, "forceOffAfterSeconds": 30} (forceOffAfterSeconds optional)';

/** POST /api/v1/targets/{name}/cold-boot {confirm: true, forceOffAfterSeconds?, shutdownTimeoutSeconds?} */
export async function POST_ONE(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const body = await readJson(request);
  if (body === undefined) return badRequest(NOT_JSON);
  const parsed = oneSchema.safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  const name = decodeURIComponent((await params).name);
  const { confirm: _confirm, ...rest } = parsed.data;
  return run({ targets: [name], ...rest }, who);
}

/** POST /api/v1/cold-boot {targets: [...], confirm: true, forceOffAfterSeconds?, shutdownTimeoutSeconds?} */
export async function POST_BULK(request: Request) {
  const who = await requireRole(request, 'operator');
  if (who instanceof Response) return who;
  const body = await readJson(request);
  if (body === undefined) return badRequest(NOT_JSON.replace('{', '{"targets": ["web-01"], '));
  const parsed = bulkSchema.safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  const { confirm: _confirm, ...rest } = parsed.data;
  return run(rest, who);
}
