/** Port of the local webhook receiver the Alerts spec may start (nothing listens there otherwise). */
export const E2E_WEBHOOK_PORT = Number(process.env.E2E_WEBHOOK_PORT ?? 3199);

/** Webhooks of the e2e inventory: one JSON receiver on loopback, one Slack URL whose token must never show. */
export const E2E_WEBHOOKS = [
  {
    name: 'ops-json',
    url: `http://127.0.0.1:${E2E_WEBHOOK_PORT}/hook`,
    format: 'json',
    minSeverity: 'warning',
  },
  {
    name: 'team-slack',
    url: 'https://hooks.slack.example/services/T000/B000/secret-token',
    format: 'slack',
    minSeverity: 'critical',
  },
];
