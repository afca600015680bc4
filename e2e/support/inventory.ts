import fs from 'node:fs';
import path from 'node:path';
import { E2E_TARGETS as T, XSS_DOMAIN } from './targets';

/** Port of the local webhook receiver the Alerts spec may start (nothing listens there otherwise). */
export const E2E_WEBHOOK_PORT = Number(process.env.E2E_WEBHOOK_PORT ?? 3199);

/** Writes the inventory that matches the populated fleet, with two webhooks for the Alerts page. */
export function writeE2eInventory(file: string): void {
  const yaml = `# Written by e2e/global-setup.ts
interval: 60s
defaults:
  user: monitor
hosts:
  - name: ${T.host}
    address: 10.0.0.11
    guests:
      - { name: ${T.criticalGuest}, address: 10.20.0.21 }
      - { name: ${T.okGuest}, address: 10.20.0.22 }
      - { name: ${T.unreachableGuest}, address: 10.20.0.23 }
  - name: ${T.otherHost}
    address: 10.0.0.12
    guests:
      - { name: ${T.staleGuest}, address: 10.20.1.31 }
      - { name: ${T.legacyGuest}, address: 10.20.1.32, domain: ${JSON.stringify(XSS_DOMAIN)} }
      - { name: ${T.infoGuest}, address: 10.20.1.33 }
webhooks:
  - name: ops-json
    url: http://127.0.0.1:${E2E_WEBHOOK_PORT}/hook
    format: json
    minSeverity: warning
  - name: team-slack
    url: https://hooks.slack.example/services/T000/B000/secret-token
    format: slack
    minSeverity: critical
`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, yaml);
}
