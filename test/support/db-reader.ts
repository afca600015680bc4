// A web-like reader process for the fault tests: for DURATION_MS it reads what the dashboard reads
// (health, open findings, the fleet's targets) from DATABASE_URL through the app's own code, then
// prints one JSON line { reads, errors, firstError }.
import { getDb } from '../../lib/db/client';
import { getHealth } from '../../lib/queries/get-health';

const db = getDb(process.env.DATABASE_URL!);
const until = Date.now() + Number(process.env.DURATION_MS ?? 10_000);
let reads = 0;
let errors = 0;
let firstError: string | null = null;
while (Date.now() < until) {
  try {
    const health = await getHealth(db);
    if (health.status === 'down') throw new Error(`health down: ${health.database.error}`);
    await db.finding.findMany({ where: { state: 'open' }, include: { target: true } });
    await db.target.findMany({ select: { name: true, lastStatus: true, lastEntropyAvail: true } });
    reads++;
  } catch (e) {
    errors++;
    firstError ??= e instanceof Error ? e.message : String(e);
  }
  await new Promise((r) => setTimeout(r, 20));
}
console.log(JSON.stringify({ reads, errors, firstError }));
await db.$disconnect();
