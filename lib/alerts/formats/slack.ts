import type { Severity } from '../../probe/types';
import { toSeverity } from '../severity';
import type { AlertEventInput, AlertFormat } from '../types';
import { endedAt, findingUrl, guardEvent, parseObject } from './common';

// Slack limits: header text 150 characters, section text 3000, field text 2000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

const SEVERITY_ICON: Record<Severity, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack mrkdwn treats &, < and > as control characters; names like `<img src=x>` must show literally. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Names go in `code` so *, _ and ~ in them are not taken as formatting; a backtick would end the span.
function code(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, 'ˋ'))}\``;
}

// verbatim: Slack then leaves plain text alone: no URL, channel name or @mention in guest text turns into
// a link or a ping (docs.slack.dev/reference/block-kit/composition-objects/text-object, "verbatim").
function mrkdwn(text: string, max: number) {
  return { type: 'mrkdwn', text: truncate(text, max), verbatim: true };
}

function field(label: string, value: string) {
  return mrkdwn(`*${label}*\n${value}`, FIELD_MAX);
}

// The header (plain_text) and the notification line carry only our own words, the rule id and the
// inventory's target name: guest text (summaries quote kernel releases, rng words) goes in verbatim
// mrkdwn sections only, where Slack does not autolink it.
function headline(event: AlertEventInput): { header: string; text: string } {
  const f = event.finding;
  const what = `${f.rule} on ${f.target}`;
  if (event.type === 'resolved') return { header: `✅ RESOLVED · ${what}`, text: `[RESOLVED] ${what}` };
  if (event.type === 'test') return { header: `🧪 TEST · webhook ${event.webhook}`, text: `[TEST] ${what}` };
  if (event.type === 'overflow') {
    return { header: `⚠️ HELD BACK · webhook ${event.webhook}`, text: `[OVERFLOW] ${what}` };
  }
  const sev = f.severity.toUpperCase();
  return { header: `${SEVERITY_ICON[f.severity]} ${sev} · ${what}`, text: `[FIRING:${f.severity}] ${what}` };
}

/**
 * A Slack incoming-webhook message: `text` (the notification line) and Block Kit blocks. A resolved
 * alert gets a ✅ RESOLVED header, a "Resolved" time and no remediation, so it reads differently at a glance.
 */
export const slackFormat: AlertFormat = {
  name: 'slack',
  // Slack verifies nothing: the webhook URL itself is the credential.
  signed: false,
  render(input) {
    const event = guardEvent(input);
    const f = event.finding;
    const { header, text } = headline(event);
    const url = findingUrl(event.publicUrl, f);
    const fields = [field('Target', code(f.target))];
    if (f.host) fields.push(field('Host', code(f.host)));
    fields.push(field('Severity', f.severity), field('Rule', code(f.rule)));
    if (f.subject) fields.push(field('Subject', code(f.subject)));
    fields.push(
      event.type === 'resolved'
        ? field('Resolved', endedAt(event).toISOString())
        : field('Opened', f.openedAt.toISOString()),
    );
    const body: string[] = [escapeMrkdwn(f.summary)];
    if (f.detail) body.push(escapeMrkdwn(f.detail));
    if (event.type === 'firing') {
      const restart = f.remediation.restartRequired ? ' _(restart of the guest required)_' : '';
      body.push(`*Fix:* ${escapeMrkdwn(f.remediation.summary)}${restart}`);
    }
    const blocks: unknown[] = [
      { type: 'header', text: { type: 'plain_text', text: truncate(header, HEADER_MAX), emoji: true } },
      { type: 'section', fields },
      { type: 'section', text: mrkdwn(body.join('\n'), SECTION_MAX) },
      {
        type: 'context',
        elements: [
          mrkdwn(`<${url}|Open in Entropy Watch> · event ${escapeMrkdwn(event.eventId)}`, SECTION_MAX),
        ],
      },
    ];
    // The event id is in the context line; Slack's message schema has no field of ours to carry it.
    return JSON.stringify({
      text: escapeMrkdwn(text),
      blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  },
  severityOf(body) {
    const o = parseObject(body);
    if (!o || !Array.isArray(o.blocks)) return null;
    for (const block of o.blocks as { fields?: { text?: unknown }[] }[]) {
      for (const f of block.fields ?? []) {
        const m = typeof f.text === 'string' ? /^\*Severity\*\n(\w+)$/.exec(f.text) : null;
        if (m) return toSeverity(m[1]);
      }
    }
    return null;
  },
};
