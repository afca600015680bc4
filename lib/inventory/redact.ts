/**
 * A URL safe to print: all user-info becomes `***` (a user name can be the secret itself, as in
 * `https://ghp_TOKEN@host/`), and the path and query (where webhook tokens live, e.g. Slack's
 * /services/T…/B…/secret) become `/...`: `https://***@host/...`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUnparsable(url);
  }
  const user = parsed.username || parsed.password ? '***@' : '';
  const rest = parsed.pathname !== '/' || parsed.search || parsed.hash ? '/...' : '/';
  const authority = parsed.host ? `//${user}${parsed.host}` : '';
  return `${parsed.protocol}${authority}${parsed.host ? rest : '...'}`;
}

function redactUnparsable(text: string): string {
  // Not a URL, yet it may still carry "user:password@": keep only what precedes the first path separator,
  // and nothing of what precedes an "@" in it.
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?([^/?#]*)/.exec(text);
  const scheme = m?.[1] ?? '';
  const authority = (m?.[2] ?? '').replace(/^.*@/, '***@');
  const rest = text.length > scheme.length + (m?.[2] ?? '').length ? '/...' : '';
  return `${scheme}${authority}${rest}`;
}
