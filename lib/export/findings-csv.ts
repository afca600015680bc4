import { stringify } from 'csv-stringify/sync';
import type { FindingView } from '../queries/list-findings';
import { FINDING_CSV_COLUMNS, toFindingCsvRow } from './finding-record';

/**
 * The findings as RFC 4180 CSV with a header row. Summaries, subjects and comments carry text a guest
 * or a person wrote (domain names, disk targets, silence comments), so csv-stringify's escape_formulas
 * prefixes a value starting with =, +, -, @, tab or CR with ' : a spreadsheet then shows the text
 * instead of running it as a formula (OWASP "CSV Injection"; csv.js.org/stringify/options/escape_formulas).
 */
export function findingsToCsv(findings: readonly FindingView[]): string {
  return stringify(findings.map(toFindingCsvRow), {
    header: true,
    columns: [...FINDING_CSV_COLUMNS],
    escape_formulas: true,
    record_delimiter: 'windows',
  });
}

/** A download name that says what and when, e.g. entropy-watch-findings-open-2026-11-21T1200Z.csv */
export function exportFileName(state: string, now: Date, ext: 'csv' | 'json'): string {
  const stamp = now.toISOString().slice(0, 16).replace(/:/g, '') + 'Z';
  return `entropy-watch-findings-${state.replace(/[^a-z]/g, '')}-${stamp}.${ext}`;
}
