import { ColdBootControl } from './cold-boot-control';
import { FindingList } from './finding-list';
import { requestNow } from './request-now';
import { loadTargetFindings } from './target-data';

/** A target's findings: open ones first, then the recently resolved. */
export async function TargetFindingsCard({ name }: { name: string }) {
  const all = await loadTargetFindings(name);
  const now = requestNow();
  const open = all.filter((f) => f.state === 'open');
  const resolved = all.filter((f) => f.state === 'resolved');
  const waiting = open.filter((f) => f.pendingColdBoot !== null).length;
  return (
    <>
      <section className="card" aria-labelledby="open-findings-title" data-testid="open-findings">
        <div className="card-header">
          <h2 id="open-findings-title">Open findings</h2>
          <span className="sub">
            {open.length}
            {waiting > 0 ? ` · ${waiting} waiting for a cold boot` : ''}
          </span>
        </div>
        {all[0]?.targetKind === 'guest' && <ColdBootControl target={name} waiting={waiting} />}
        <FindingList
          findings={open}
          now={now}
          showTarget={false}
          empty="No open findings: every rule passes."
        />
      </section>
      <section className="card" aria-labelledby="resolved-findings-title" data-testid="resolved-findings">
        <div className="card-header">
          <h2 id="resolved-findings-title">Resolved findings</h2>
          <span className="sub">{resolved.length}</span>
        </div>
        <FindingList findings={resolved} now={now} showTarget={false} empty="Nothing resolved yet." />
      </section>
    </>
  );
}
