// User names: what the CLI, the setup page and the auth proxy accept. Pure.

export const USERNAME_MIN = 2;
export const USERNAME_MAX = 64;
/** Letters, digits and . _ - @ (so a proxy's "jane@example.com" fits); stored lower-case. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._@-]*$/;

/** The stored form of a user name, or an error saying what a valid one looks like. */
export function normalizeUsername(
  raw: string,
): { ok: true; username: string } | { ok: false; error: string } {
  const name = raw.trim();
  if (name.length < USERNAME_MIN || name.length > USERNAME_MAX || !USERNAME_PATTERN.test(name)) {
    return {
      ok: false,
      error: `user name "${raw}" is not valid: use ${USERNAME_MIN}–${USERNAME_MAX} letters, digits, ".", "_", "-" or "@", starting with a letter or digit`,
    };
  }
  return { ok: true, username: name.toLowerCase() };
}
