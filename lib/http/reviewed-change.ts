// The request and the refusal of a change that is previewed before it is made (apply, revert): shared
// by POST /api/v1/findings/{id}/apply, /api/v1/findings/apply and /api/v1/domain-changes/{id}/revert.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { badRequest, invalidParams } from './response';

/** A plan id as a preview answers it (lib/apply: the first 32 hex digits of a SHA-256). */
export const PLAN_ID_PATTERN = /^[0-9a-f]{32}$/;

export type PlanBody = { dryRun: true } | { dryRun: false; planId: string };

const GERUND = { apply: 'applying', revert: 'reverting' } as const;

const bodySchema = (verb: keyof typeof GERUND) =>
  z.strictObject({
    dryRun: z.boolean({ error: `dryRun must be true (preview) or false (${verb})` }),
    planId: z
      .string()
      .regex(PLAN_ID_PATTERN, { error: 'planId must be the planId of a preview (32 hex digits)' })
      .optional(),
  });

/** `{dryRun: true}` (preview) or `{dryRun: false, planId}` (make that plan); else a 400 saying what to send. */
export async function readPlanBody(
  request: Request,
  verb: keyof typeof GERUND,
): Promise<PlanBody | NextResponse> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest(
      `the body must be JSON: {"dryRun": true} to preview, {"dryRun": false, "planId": "…"} to ${verb}`,
    );
  }
  const parsed = bodySchema(verb).safeParse(body);
  if (!parsed.success) return invalidParams(parsed.error);
  if (parsed.data.dryRun) return { dryRun: true };
  if (!parsed.data.planId)
    return badRequest(`${GERUND[verb]} needs the planId of a preview: POST {"dryRun": true} first`, [
      { param: 'planId', message: 'required when dryRun is false' },
    ]);
  return { dryRun: false, planId: parsed.data.planId };
}

/** The answer to a refused or failed change: its status and the message that says what to do. */
export const refused = (f: { status: number; error: string }) =>
  NextResponse.json({ error: f.error }, { status: f.status, headers: { 'Cache-Control': 'no-store' } });
