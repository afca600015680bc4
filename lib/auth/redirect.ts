/** A post-sign-in destination: only a path on this site ("/x"), never "//host" or a full URL. Pure. */
export function safeNextPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return '/';
  }
  return value.length > 2000 ? '/' : value;
}
