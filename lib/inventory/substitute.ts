/** Environment variables as loadInventory reads them (process.env or a plain object in tests). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

export type SubstituteResult = { ok: true; value: string } | { ok: false; error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaces each `${VAR}` with the environment's value; `$${` stands for a literal `${`. */
export function substituteEnv(text: string, env: EnvVars): SubstituteResult {
  if (!text.includes('${')) return { ok: true, value: text };
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      if (end < 0) return { ok: false, error: 'unterminated "${" (write "$${" for a literal "${")' };
      const name = text.slice(i + 2, end);
      if (!NAME.test(name)) {
        return { ok: false, error: `"\${${name}}" is not an environment variable name (letters, digits, _)` };
      }
      const value = env[name];
      if (value === undefined) {
        return {
          ok: false,
          error: `environment variable ${name} is not set (export it, or write "$\${" for a literal "\${")`,
        };
      }
      out += value;
      i = end + 1;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return { ok: true, value: out };
}

/** Substitutes every string value (not keys) of a parsed YAML tree; reports each failure with its path. */
export function substituteTree(
  value: unknown,
  env: EnvVars,
  onError: (path: PropertyKey[], error: string) => void,
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') {
    const r = substituteEnv(value, env);
    if (r.ok) return r.value;
    onError(path, r.error);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteTree(v, env, onError, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteTree(v, env, onError, [...path, k]);
    return out;
  }
  return value;
}
