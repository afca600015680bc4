import { redactUrl, scrubSecrets } from './redact';

export interface PostWebhookInput {
  /** the webhook URL as configured; user:password@ becomes an Authorization: Basic header */
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** hidden from every error message, with the URL's credentials */
  secret: string | null;
}

/** The outcome of one HTTP attempt, as AlertAttempt records it. */
export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  /** null when delivered; never contains the secret or URL credentials */
  error: string | null;
  /** the raw Retry-After header of a failed response */
  retryAfter: string | null;
  durationMs: number;
}

const SNIPPET_BYTES = 300;

/**
 * POSTs one body: redirects are not followed (a 3xx is a failure: a webhook that moved must be
 * reconfigured, and following would resend a signed body to a place nobody configured), the whole
 * exchange is bounded by timeoutMs, and only a 2xx counts as delivered.
 */
export async function postWebhook(input: PostWebhookInput): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { target, authorization, hidden } = splitCredentials(input.url);
  const scrub = (text: string) => scrubSecrets(text, [input.secret, ...hidden]);
  const headers = { ...input.headers };
  if (authorization) headers.Authorization = authorization;
  try {
    const res = await fetch(target, {
      method: 'POST',
      body: input.body,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    const snippet = await readSnippet(res);
    if (res.status >= 200 && res.status < 300) {
      return { ok: true, statusCode: res.status, error: null, retryAfter: null, durationMs: elapsed() };
    }
    let error: string;
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      error = `HTTP ${res.status} redirect${location ? ` to ${redactUrl(location)}` : ''} not followed; set the webhook url to the final address`;
    } else {
      error = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${snippet ? `: ${snippet}` : ''}`;
    }
    return {
      ok: false,
      statusCode: res.status,
      error: scrub(error),
      retryAfter: res.headers.get('retry-after'),
      durationMs: elapsed(),
    };
  } catch (e) {
    return {
      ok: false,
      statusCode: null,
      error: scrub(describeFetchError(e, input.timeoutMs)),
      retryAfter: null,
      durationMs: elapsed(),
    };
  }
}

/** fetch refuses URLs with credentials (and would print them); send them as Basic auth instead. */
function splitCredentials(url: string): { target: string; authorization: string | null; hidden: string[] } {
  const u = new URL(url);
  if (!u.username && !u.password) return { target: url, authorization: null, hidden: [] };
  const user = decodeURIComponent(u.username);
  const rawPassword = u.password;
  const password = decodeURIComponent(rawPassword);
  u.username = '';
  u.password = '';
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return { target: u.toString(), authorization, hidden: [password, rawPassword, url] };
}

// The first bytes of the receiver's answer help whoever reads lastError; the rest is discarded so a huge
// or endless body cannot hold the attempt.
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still leaves the status code, which is what decides.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, SNIPPET_BYTES));
  return text.replace(/\s+/g, ' ').trim();
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms without a complete response`;
  }
  if (e instanceof Error) {
    // undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND, TLS...) in cause.
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return typeof code === 'string' && !cause.message.includes(code)
        ? `${cause.message} (${code})`
        : cause.message;
    }
    return e.message;
  }
  return String(e);
}
