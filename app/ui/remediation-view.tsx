import type { Remediation } from '@/lib/checks/remedy/types';
import { CopyButton } from './copy-button';
import { Icon } from './icons';

function CodeBlock({ kind, text }: { kind: 'command' | 'xml'; text: string }) {
  return (
    <div className="codeblock" data-kind={kind}>
      <div className="codeblock-head">
        <span>{kind === 'command' ? 'Shell' : 'Libvirt XML'}</span>
        <CopyButton text={text} what={kind === 'command' ? 'command' : 'XML'} />
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}

/** A remediation: summary, why (unless the rule's reason already says it), restart note, and copyable steps. */
export function RemediationView({
  remediation,
  ruleReason,
}: {
  remediation: Remediation;
  ruleReason?: string;
}) {
  const reason = reasonBeyondRule(remediation.reason, ruleReason);
  const showReason = reason !== '';
  return (
    <section className="remediation" aria-label="Remediation">
      <h3>Fix: {remediation.summary}</h3>
      {showReason && <p style={{ margin: '0 0 6px' }}>{reason}</p>}
      {remediation.restartRequired ? (
        <span className="restart-note needed" data-restart="required">
          <Icon name="restart" size={13} />
          Guest restart required: shut the guest down and start it again (a reboot inside the guest keeps the
          old QEMU process).
        </span>
      ) : (
        <span className="restart-note not-needed" data-restart="not-required">
          <Icon name="check" size={12} />
          No guest restart needed.
        </span>
      )}
      {remediation.steps.length > 0 && (
        <ol>
          {remediation.steps.map((s, i) => (
            <li key={i}>
              <div className="step-head">
                <span>{s.description}</span>
                {s.runOn && <span className="run-on">Run on {s.runOn}</span>}
              </div>
              {s.command && <CodeBlock kind="command" text={s.command} />}
              {s.xml && <CodeBlock kind="xml" text={s.xml} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What the remediation's reason adds to the rule's reason (shown above it with its source): its note, if any. */
export function reasonBeyondRule(reason: string, ruleReason: string | undefined): string {
  const r = reason.trim();
  const rule = ruleReason?.trim();
  if (!rule || !r.startsWith(rule)) return r;
  return r
    .slice(rule.length)
    .replace(/\s*Source: [\s\S]*$/, '')
    .trim();
}
