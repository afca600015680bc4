/**
 * Refuses a webhook list with a repeated name: events, delivery loops and the Alerts page are keyed by
 * it. The inventory loader already refuses such a file with the line of each entry
 * (lib/inventory/cross-checks.ts); this guards callers that build webhook lists themselves.
 */
export function assertUniqueWebhookNames(webhooks: readonly { name: string }[]): void {
  const names = webhooks.map((w) => w.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new Error(
      `webhook "${duplicate}" is configured twice; webhook names must be unique: rename one in the inventory`,
    );
  }
}
