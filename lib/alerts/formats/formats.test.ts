import { describe, expect, it } from 'vitest';
import { eventInput, snapshot, T0 } from '../../../test/support/alert-builders';
import type { AlertFormat } from '../types';
import { ALERTMANAGER_ZERO_TIME, alertmanagerFormat } from './alertmanager';
import { testFindingSnapshot } from './common';
import { fingerprintHex } from './fingerprint';
import { jsonFormat } from './json';
import { FormatRegistry, formats } from './registry';
import { slackFormat } from './slack';

describe('json format', () => {
  it('renders the documented version 1 schema with a link to the finding', () => {
    const body = JSON.parse(jsonFormat.render(eventInput()));
    expect(body).toEqual({
      version: 1,
      eventId: '0f8e6f7c-9a1b-4c2d-8e3f-1a2b3c4d5e6f',
      type: 'firing',
      webhook: 'ops',
      finding: {
        id: 42,
        target: 'web-01',
        host: 'kvm-01',
        rule: 'disk-aio-native-needs-direct',
        severity: 'critical',
        subject: 'vda',
        state: 'open',
        summary: 'vda uses io=native without cache=none/directsync',
        detail: 'disk vda: type=file cache=writeback io=native',
        openedAt: '2026-11-21T08:00:00.000Z',
        resolvedAt: null,
        url: 'https://entropy.example.com/findings?id=42',
      },
      remediation: { summary: 'Set cache="none" on vda', restartRequired: true },
    });
  });

  it('is deterministic (retries send the same bytes) and carries resolvedAt', () => {
    const resolved = eventInput({
      type: 'resolved',
      finding: snapshot({ state: 'resolved', resolvedAt: new Date(T0.getTime() + 60_000) }),
    });
    expect(jsonFormat.render(resolved)).toBe(jsonFormat.render(resolved));
    expect(JSON.parse(jsonFormat.render(resolved)).finding.resolvedAt).toBe('2026-11-21T08:01:00.000Z');
  });
});

describe('alertmanager format', () => {
  it('renders a firing v4 body with labels, annotations and the zero endsAt', () => {
    const body = JSON.parse(alertmanagerFormat.render(eventInput()));
    const labels = {
      alertname: 'disk-aio-native-needs-direct',
      target: 'web-01',
      host: 'kvm-01',
      severity: 'critical',
      subject: 'vda',
    };
    expect(body).toMatchObject({
      version: '4',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ops',
      groupLabels: labels,
      commonLabels: labels,
      externalURL: 'https://entropy.example.com',
    });
    expect(body.groupKey).toBe(
      '{}:{alertname="disk-aio-native-needs-direct", host="kvm-01", severity="critical", subject="vda", target="web-01"}',
    );
    expect(body.alerts).toEqual([
      {
        status: 'firing',
        labels,
        annotations: {
          summary: 'vda uses io=native without cache=none/directsync',
          description: 'disk vda: type=file cache=writeback io=native',
          remediation: 'Set cache="none" on vda (the guest must be restarted)',
          eventId: '0f8e6f7c-9a1b-4c2d-8e3f-1a2b3c4d5e6f',
        },
        startsAt: '2026-11-21T08:00:00.000Z',
        endsAt: ALERTMANAGER_ZERO_TIME,
        generatorURL: 'https://entropy.example.com/findings?id=42',
        fingerprint: fingerprintHex(labels),
      },
    ]);
  });

  it('omits empty subject and absent host, and ends a resolved alert at resolvedAt with the same fingerprint', () => {
    const f = snapshot({ subject: '', host: null, targetKind: 'host', target: 'kvm-01' });
    const firing = JSON.parse(alertmanagerFormat.render(eventInput({ finding: f })));
    expect(firing.alerts[0].labels).toEqual({ alertname: f.rule, target: 'kvm-01', severity: 'critical' });
    const resolvedAt = new Date(T0.getTime() + 3_600_000);
    const resolved = JSON.parse(
      alertmanagerFormat.render(
        eventInput({ type: 'resolved', finding: { ...f, state: 'resolved', resolvedAt } }),
      ),
    );
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts[0].status).toBe('resolved');
    expect(resolved.alerts[0].endsAt).toBe('2026-11-21T09:00:00.000Z');
    expect(resolved.alerts[0].fingerprint).toBe(firing.alerts[0].fingerprint);
  });

  it('ends a resolved alert of a still-open finding (severity change) at the event time', () => {
    const at = new Date(T0.getTime() + 600_000);
    const body = JSON.parse(alertmanagerFormat.render(eventInput({ type: 'resolved', at })));
    expect(body.alerts[0].endsAt).toBe(at.toISOString());
  });
});

describe('slack format', () => {
  it('has text and header/section/context blocks; resolved reads differently', () => {
    const firing = JSON.parse(slackFormat.render(eventInput()));
    const resolved = JSON.parse(
      slackFormat.render(
        eventInput({ type: 'resolved', finding: snapshot({ state: 'resolved', resolvedAt: T0 }) }),
      ),
    );
    expect(firing.text).toMatch(/^\[FIRING:critical\]/);
    expect(resolved.text).toMatch(/^\[RESOLVED\]/);
    expect(firing.blocks.map((b: { type: string }) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
    ]);
    expect(firing.blocks[0].text.text).toBe('🔴 CRITICAL · disk-aio-native-needs-direct on web-01');
    expect(resolved.blocks[0].text.text).toMatch(/^✅ RESOLVED · /);
    expect(firing.blocks[2].text.text).toMatch(/^vda uses io=native/);
    expect(JSON.stringify(firing)).toContain('*Fix:*');
    expect(JSON.stringify(resolved)).not.toContain('*Fix:*');
    expect(firing.blocks.at(-1).elements[0].text).toContain('<https://entropy.example.com/findings?id=42|');
  });

  it('escapes mrkdwn control characters in names and truncates the header to 150 characters', () => {
    const f = snapshot({
      target: '<img src=x onerror=alert(1)>',
      summary: 'x'.repeat(400),
      detail: 'a & b <c>',
    });
    const body = JSON.parse(slackFormat.render(eventInput({ finding: f })));
    const all = JSON.stringify(body.blocks.slice(1));
    expect(all).not.toContain('<img');
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(all).toContain('a &amp; b &lt;c&gt;');
    expect(body.blocks[0].text.text.length).toBeLessThanOrEqual(150);
  });

  it('never autolinks guest text: verbatim mrkdwn, no unfurling, guest text only in sections', () => {
    const f = snapshot({
      summary: 'kernel 6.1 see https://evil.example/x and <!channel> @here',
      detail: 'rng_current=<https://evil.example|click me>',
    });
    const body = JSON.parse(slackFormat.render(eventInput({ finding: f })));
    expect(body.unfurl_links).toBe(false);
    expect(body.unfurl_media).toBe(false);
    for (const block of body.blocks.slice(1)) {
      for (const t of [block.text, ...(block.fields ?? []), ...(block.elements ?? [])].filter(Boolean)) {
        expect(t).toMatchObject({ type: 'mrkdwn', verbatim: true });
      }
    }
    expect(body.text).not.toContain('evil');
    expect(body.blocks[0].text.text).not.toContain('evil');
    const section = body.blocks[2].text.text as string;
    expect(section).toContain('&lt;!channel&gt;');
    expect(section).toContain('&lt;https://evil.example|click me&gt;');
    expect(section).not.toMatch(/<https:\/\/evil/);
  });
});

describe('every format', () => {
  const hostile = snapshot({
    summary: `kernel ${'6.1.0-'.repeat(40_000)}\u001b]52;c;cHduZWQ=\u0007`,
    detail: 'rng words \u202eevil\u202c \u009b2J '.repeat(5_000),
    subject: '\u001b[31mvda',
    remediation: { summary: 'x\r\nInjected: yes', restartRequired: false },
  });

  it.each<[AlertFormat]>([[jsonFormat], [alertmanagerFormat], [slackFormat]])(
    '%s: carries the event id and no control character; guest text is bounded',
    (format) => {
      const body = format.render(eventInput({ finding: hostile }));
      expect(body).toContain('0f8e6f7c-9a1b-4c2d-8e3f-1a2b3c4d5e6f');
      // After JSON decoding, not one C0/C1 control or bidi override survives anywhere in the body.
      const strings: string[] = [];
      JSON.parse(body, (_k, v) => (typeof v === 'string' ? (strings.push(v), v) : v));
      for (const s of strings)
        expect(s).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(body.length).toBeLessThan(12_000);
      // The escape shows as text (a backslash and "e"), so a reader still sees what the guest sent.
      expect(strings.some((s) => s.includes('\\e[31mvda'))).toBe(true);
    },
  );
});

describe('format registry', () => {
  it('refuses a duplicate name and names the known formats for an unknown one', () => {
    expect(() =>
      new FormatRegistry().register(jsonFormat).register({ ...slackFormat, name: 'json' }),
    ).toThrow(/"json" is registered twice/);
    expect(() => formats.get('teams')).toThrow(
      'unknown webhook format "teams"; use one of: json, alertmanager, slack',
    );
  });

  it.each<[AlertFormat]>([[jsonFormat], [alertmanagerFormat], [slackFormat]])(
    '%s: reads back the severity its own body announced, whatever the registry',
    (format) => {
      for (const severity of ['info', 'warning', 'critical'] as const) {
        const body = format.render(eventInput({ finding: snapshot({ severity }) }));
        expect(format.severityOf(body)).toBe(severity);
        expect(formats.severityOf(body)).toBe(severity);
      }
      expect(format.severityOf('not json')).toBeNull();
    },
  );

  it('renders a test event in every format without a finding behind it', () => {
    const finding = testFindingSnapshot('ops', T0);
    for (const name of formats.names()) {
      const body = JSON.parse(formats.get(name).render(eventInput({ type: 'test', finding })));
      expect(JSON.stringify(body)).toContain('https://entropy.example.com/alerts');
    }
  });
});
