/** One problem found in an inventory file, with where it is. */
export interface InventoryIssue {
  /** the file as the user named it (relative to the working directory when inside it) */
  file: string;
  /** 1-based; absent when the problem is the file itself (missing, unreadable) */
  line?: number;
  col?: number;
  /** field path such as `hosts[0].guests[1].port`; "" for the whole file */
  path: string;
  message: string;
}

/** Thrown by loadInventory; `message` lists every issue, one per line, as `file:line:col: path: what to fix`. */
export class InventoryError extends Error {
  override name = 'InventoryError';
  readonly issues: InventoryIssue[];

  constructor(issues: InventoryIssue[]) {
    super(sortIssues(issues).map(formatIssue).join('\n'));
    this.issues = sortIssues(issues);
  }
}

/** Formats an issue as `file:line:col: path: message` (the form editors and terminals link to). */
export function formatIssue(issue: InventoryIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.col ?? 1}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

function sortIssues(issues: InventoryIssue[]): InventoryIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** `["hosts", 0, "guests", 1, "port"]` → `hosts[0].guests[1].port`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** A value as it should appear after "got" in a message: short, quoted, with its YAML kind when not a scalar. */
export function show(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

/** The closest candidate to a mistyped word (for "did you mean"), or null when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // One edit per three letters keeps "adress"→"address" and "intreval"→"interval" but not "foo"→"for".
  return best !== null && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  // Damerau (optimal string alignment): a swapped pair of letters counts as one typo.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}
