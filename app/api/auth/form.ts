import { NextResponse } from 'next/server';

/** Reads a string field of a submitted form ('' when absent or a file). */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** 303 to a path on this site (the browser follows with GET), carrying Set-Cookie headers when given. */
export function seeOther(request: Request, to: string, setCookies: string[] = []): NextResponse {
  const u = new URL(to, request.url);
  const res = new NextResponse(null, {
    status: 303,
    headers: { Location: u.pathname + u.search, 'Cache-Control': 'no-store' },
  });
  for (const c of setCookies) res.headers.append('Set-Cookie', c);
  return res;
}
