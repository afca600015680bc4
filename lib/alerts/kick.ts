// Delivery loops running in this process, so code that enqueues (a test event from the API) can wake
// them instead of waiting for the next poll. Kept on globalThis because Next.js may load this module
// more than once (route bundles vs. the server that started the loop).
const registry = ((globalThis as { entropyWatchAlertKicks?: Set<() => void> }).entropyWatchAlertKicks ??=
  new Set());

/** Registers a loop's kick(); returns the function that unregisters it. */
export function registerKick(kick: () => void): () => void {
  registry.add(kick);
  return () => registry.delete(kick);
}

/** Wakes every delivery loop running in this process (none: a no-op; the loop's poll picks events up). */
export function kickAlertDelivery(): void {
  for (const kick of registry) kick();
}
