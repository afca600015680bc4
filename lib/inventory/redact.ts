/**
 * A URL safe to print: the password becomes `***` and the path and query (where webhook tokens live, e.g.
 * Slack's /services/T…/B…/secret) become `/...`: `https://user:***@host/...`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUnparsable(url);
  }
  const user = parsed.username ? `${parsed.username}${parsed.password ? ':***' : ''}@` : '';
  const rest = parsed.pathname !== '/' || parsed.search || parsed.hash ? '/...' : '/';
  const authority = parsed.host ? `//${user}${parsed.host}` : '';
  return `${parsed.protocol}${authority}${parsed.host ? rest : '...'}`;
}

function redactUnparsable(text: string): string {
  // Not a URL, yet it may still carry "user:password@": keep only what precedes the first path separator.
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?([^/?#]*)/.exec(text);
  const scheme = m?.[1] ?? '';
  const authority = (m?.[2] ?? '').replace(/^([^:@]*):[^@]*@/, '$1:***@');
  const rest = text.length > scheme.length + (m?.[2] ?? '').length ? '/...' : '';
  return `${scheme}${authority}${rest}`;
}
