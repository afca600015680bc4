import { NextResponse } from 'next/server';
import type { z } from 'zod';

// Every API answer goes through these helpers so clients always get JSON with the same error
// shape: { error: "what is wrong and what to do", issues?: [...] }.

export interface ApiError {
  error: string;
  issues?: { param: string; message: string }[];
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** 200 with a JSON body; monitoring data is never cached by intermediaries. */
export function ok<T>(
  data: T,
  init?: { status?: number; headers?: Record<string, string> },
): NextResponse<T> {
  return NextResponse.json(data, { status: init?.status ?? 200, headers: { ...init?.headers, ...NO_STORE } });
}

/** ok() for a body already written as JSON text (a large body masked as text: lib/auth/mask-json.ts). */
export function okJsonText(json: string, init?: { headers?: Record<string, string> }): NextResponse {
  return new NextResponse(json, {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...init?.headers, ...NO_STORE },
  });
}

/** 400 with a message saying which parameter is wrong and what a valid value looks like. */
export function badRequest(message: string, issues?: ApiError['issues']): NextResponse<ApiError> {
  return NextResponse.json<ApiError>(issues ? { error: message, issues } : { error: message }, {
    status: 400,
    headers: NO_STORE,
  });
}

/** 404 for an unknown resource, with a hint where valid names come from. */
export function notFound(message: string): NextResponse<ApiError> {
  return NextResponse.json<ApiError>({ error: message }, { status: 404, headers: NO_STORE });
}

/** 500 without internals; the cause goes to the server log. */
export function serverError(cause: unknown): NextResponse<ApiError> {
  console.error('[api] unexpected error:', cause);
  return NextResponse.json<ApiError>(
    { error: 'internal error; see the server log for details' },
    { status: 500, headers: NO_STORE },
  );
}

/** 400 from a failed zod parse of query parameters: one line per bad parameter. */
export function invalidParams(error: z.ZodError): NextResponse<ApiError> {
  const issues = describeIssues(error);
  return badRequest(issues.map((i) => `${i.param}: ${i.message}`).join('; '), issues);
}

/** Flattens zod issues to { param, message } pairs ("query" when an issue has no path). */
export function describeIssues(error: z.ZodError): { param: string; message: string }[] {
  return error.issues.map((i) => ({ param: i.path.length ? i.path.join('.') : 'query', message: i.message }));
}
