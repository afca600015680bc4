// URLs of webhooks carry credentials (user:password@, tokens in the path or query). Anything shown or
// logged goes through the inventory's redactUrl; error texts from the network go through scrubSecrets.
export { redactUrl } from '../inventory/redact';

/** `text` with every occurrence of the given secrets (and their URL-encoded forms) replaced by ***. */
export function scrubSecrets(text: string, secrets: (string | null | undefined)[]): string {
  let out = text;
  // Longest first, so a URL is hidden whole before its password inside it is.
  const forms = secrets
    .filter((s): s is string => !!s && s.length >= 3)
    .flatMap((s) => [s, encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length);
  for (const form of new Set(forms)) out = out.split(form).join('***');
  return out;
}
