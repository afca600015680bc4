import type { TargetDetail } from '@/lib/queries/get-target';

/**
 * A host-view guest's entropy state as its QEMU guest agent reported it in the host's latest poll, or
 * why it was not read (docs/platforms.md): the source is said plainly, never an alarm.
 */
export function GuestAgentCard({ t }: { t: TargetDetail }) {
  const agent = t.domainConfig?.seenByHost?.agent;
  if (!agent || t.observation) return null;
  const host = t.host?.name ?? 'the host';
  return (
    <section className="card" aria-labelledby="agent-title" data-testid="guest-agent">
      <div className="card-header">
        <h2 id="agent-title">Guest agent</h2>
        <span className="sub">
          {agent.status === 'read'
            ? `read through the guest agent (${agent.via}) in ${host}'s latest poll`
            : 'host view only'}
        </span>
      </div>
      <div className="card-body">
        {agent.status === 'read' ? (
          <dl className="kv">
            <dt>Kernel</dt>
            <dd className="mono">{agent.kernelRelease ?? '—'}</dd>
            <dt>entropy_avail</dt>
            <dd>
              <b>{agent.entropyAvail ?? '—'}</b> / poolsize {agent.poolsize ?? '—'}
            </dd>
            <dt>rng_available</dt>
            <dd className="mono">
              {agent.rngAvailable === null ? '—' : agent.rngAvailable.join(' ') || '(none)'}
            </dd>
            <dt>rng_current</dt>
            <dd className="mono">{agent.rngCurrent ?? '—'}</dd>
            <dt>uptime</dt>
            <dd>{agent.uptimeSec === null ? '—' : `${Math.round(agent.uptimeSec)} s`}</dd>
            {Object.entries(agent.fieldErrors).map(([field, why]) => (
              <FieldError key={field} field={field} why={why} />
            ))}
          </dl>
        ) : (
          <p className="muted" data-testid="guest-agent-reason">
            Not read through the guest agent: {agent.reason}. The checks judge this guest from {host}
            &apos;s side only.
          </p>
        )}
      </div>
    </section>
  );
}

function FieldError({ field, why }: { field: string; why: string }) {
  return (
    <>
      <dt>{field}</dt>
      <dd className="muted">{why}</dd>
    </>
  );
}
