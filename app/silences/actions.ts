'use server';

import { appNow } from '@/lib/config/clock';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ForbiddenError, requireActionRole } from '@/lib/auth/guard';
import type { Identity } from '@/lib/auth/identity';
import { getDb } from '@/lib/db/client';
import {
  checkExpiry,
  matchersSchema,
  silenceCommentSchema,
  SILENCE_DURATIONS,
  type SilenceDuration,
} from '@/lib/silences/input';
import { createSilence, expireSilence, updateSilence, type Actor } from '@/lib/silences/store';

// Server actions of the silence forms. Each one: operator role, zod on the form, lib/silences, then back
// to a page. Errors a person can fix come back as { error } for the form to show.

export interface SilenceFormState {
  error: string | null;
}

const durationField = z.enum(Object.keys(SILENCE_DURATIONS) as [SilenceDuration, ...SilenceDuration[]], {
  error: 'choose how long the silence lasts (at most 90 days)',
});

const optionalText = (v: FormDataEntryValue | null) => {
  const s = typeof v === 'string' ? v.trim() : '';
  return s === '' ? undefined : s;
};

function formMatchers(form: FormData) {
  const subject = form.get('subject');
  return {
    rule: optionalText(form.get('rule')),
    target: optionalText(form.get('target')),
    host: optionalText(form.get('host')),
    // An empty subject box means "any subject"; matching "no subject" is for the API.
    subject: optionalText(subject),
  };
}

function actorOf(who: Identity): Actor {
  return { name: who.username, via: who.via, address: who.address };
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'the form is not valid';
}

async function operator(): Promise<Identity | SilenceFormState> {
  try {
    return await requireActionRole('operator');
  } catch (e) {
    if (e instanceof ForbiddenError) return { error: `Not allowed: ${e.message}.` };
    throw e;
  }
}

/** Creates a silence from the form; back to the finding it came from, else to the list. */
export async function createSilenceAction(
  _prev: SilenceFormState,
  form: FormData,
): Promise<SilenceFormState> {
  const who = await operator();
  if ('error' in who) return who;
  const matchers = matchersSchema.safeParse(formMatchers(form));
  if (!matchers.success) return { error: firstMessage(matchers.error) };
  const comment = silenceCommentSchema.safeParse(form.get('comment') ?? '');
  if (!comment.success) return { error: firstMessage(comment.error) };
  const duration = durationField.safeParse(form.get('duration'));
  if (!duration.success) return { error: firstMessage(duration.error) };
  const now = appNow();
  const expiresAt = new Date(now.getTime() + SILENCE_DURATIONS[duration.data]);
  await createSilence(
    getDb(),
    { matchers: matchers.data, comment: comment.data, expiresAt },
    actorOf(who),
    now,
  );
  revalidatePath('/', 'layout');
  const from = /^\d{1,9}$/.test(String(form.get('from') ?? '')) ? String(form.get('from')) : null;
  redirect(from ? `/findings?id=${from}` : '/silences');
}

/** Changes matchers and comment, and optionally sets a new duration from now. */
export async function updateSilenceAction(
  _prev: SilenceFormState,
  form: FormData,
): Promise<SilenceFormState> {
  const who = await operator();
  if ('error' in who) return who;
  const id = Number(form.get('id'));
  if (!Number.isInteger(id) || id < 1) return { error: 'unknown silence' };
  const matchers = matchersSchema.safeParse(formMatchers(form));
  if (!matchers.success) return { error: firstMessage(matchers.error) };
  const comment = silenceCommentSchema.safeParse(form.get('comment') ?? '');
  if (!comment.success) return { error: firstMessage(comment.error) };
  const now = appNow();
  let expiresAt: Date | undefined;
  const d = String(form.get('duration') ?? '');
  if (d !== '') {
    const duration = durationField.safeParse(d);
    if (!duration.success) return { error: firstMessage(duration.error) };
    expiresAt = new Date(now.getTime() + SILENCE_DURATIONS[duration.data]);
    const problem = checkExpiry(expiresAt, now);
    if (problem) return { error: problem };
  }
  const r = await updateSilence(
    getDb(),
    id,
    { matchers: matchers.data, comment: comment.data, ...(expiresAt ? { expiresAt } : {}) },
    actorOf(who),
    now,
  );
  if (!r.ok) return { error: r.error };
  revalidatePath('/', 'layout');
  redirect('/silences');
}

/** Expires a silence now. */
export async function expireSilenceAction(
  _prev: SilenceFormState,
  form: FormData,
): Promise<SilenceFormState> {
  const who = await operator();
  if ('error' in who) return who;
  const id = Number(form.get('id'));
  if (!Number.isInteger(id) || id < 1) return { error: 'unknown silence' };
  const r = await expireSilence(getDb(), id, actorOf(who), appNow());
  if (!r.ok) return { error: r.error };
  revalidatePath('/', 'layout');
  const back = String(form.get('back') ?? '');
  redirect(back.startsWith('/findings?id=') && /^\/findings\?id=\d{1,9}$/.test(back) ? back : '/silences');
}
