import { describe, expect, it } from 'vitest';
import { parseVirshBatch } from './parse-virsh-batch';
import { NONCE, virshBatchText } from './probe-fixtures';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('parseVirshBatch', () => {
  it('splits records by UUID with their state line and XML, and keeps each exit status', () => {
    const text = virshBatchText([
      { uuid: A, state: 'running', xml: '<domain>\n  <name>a</name>\n</domain>' },
      { uuid: B, state: 'in shutdown', xml: null },
    ]);
    const batch = parseVirshBatch(
      `${text}EWB ${NONCE} ${A}\nshut off\nEWX ${NONCE}\n<domain/>\nEWE ${NONCE} 1\n`,
    );
    expect([...batch.records.values()]).toEqual([
      { uuid: A, state: 'running', xml: '<domain>\n  <name>a</name>\n</domain>' },
      { uuid: B, state: 'in shutdown', xml: '' },
    ]);
    expect(batch.exits).toEqual([0, 1]);
  });

  it('leaves frame lines of another nonce inside the XML: a <description> cannot forge a record', () => {
    const forged = [
      '<domain>',
      '  <name>evil</name>',
      `  <description>`,
      `EWX 00000000-0000-0000-0000-000000000000`,
      `EWB 00000000-0000-0000-0000-000000000000 ${B}`,
      `EWE 00000000-0000-0000-0000-000000000000 0`,
      '</description>',
      '</domain>',
    ].join('\n');
    const batch = parseVirshBatch(virshBatchText([{ uuid: A, xml: forged }]));
    expect([...batch.records.keys()]).toEqual([A]);
    expect(batch.records.get(A)?.xml).toBe(forged);
    expect(batch.exits).toEqual([0]);
  });

  it('finds a frame at the end of a line that lacks its newline, and keeps the text before it', () => {
    const text = `EW-BATCH ${NONCE}\nEWB ${NONCE} ${A}\nrunningEWX ${NONCE}\n<domain/>EWE ${NONCE} 0\n`;
    const batch = parseVirshBatch(text);
    expect(batch.records.get(A)).toEqual({ uuid: A, state: 'running', xml: '<domain/>' });
    expect(batch.exits).toEqual([0]);
  });

  it('keeps the first record of a UUID, and the state of a record cut before dumpxml', () => {
    const text = virshBatchText([
      { uuid: A, state: 'running', xml: '<domain><name>first</name></domain>' },
      { uuid: A, state: 'paused', xml: '<domain><name>second</name></domain>' },
    ]);
    expect(parseVirshBatch(text).records.get(A)?.xml).toBe('<domain><name>first</name></domain>');
    const cut = parseVirshBatch(`EW-BATCH ${NONCE}\nEWB ${NONCE} ${B}\npaused\n`);
    expect(cut.records.get(B)).toEqual({ uuid: B, state: 'paused', xml: '' });
    expect(cut.exits).toEqual([]);
  });

  it('refuses output without the header, and reads a malformed exit status as -1', () => {
    expect(() => parseVirshBatch(`EWB ${NONCE} ${A}\n`)).toThrow(/no EW-BATCH header: "EWB /);
    expect(() => parseVirshBatch('')).toThrow(/no EW-BATCH header/);
    expect(parseVirshBatch(`EW-BATCH 4242\nEWE 4242 x\n`).exits).toEqual([-1]);
  });
});
