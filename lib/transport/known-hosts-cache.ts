import fs from 'node:fs';
import { parseKnownHosts, type KnownHostsEntry } from './known-hosts';

// known_hosts at fleet scale: with a pin per target, reading and scanning the whole file for every
// connection makes connecting N targets cost N × N lines (at 10,000 targets, minutes of CPU). The file
// is parsed once per change and indexed by host name; the entries that need a pattern match (hashed,
// wildcard, negated) are few and still checked for every name.

/** known_hosts entries by the plain names in their host field, plus those matched by pattern. */
export interface KnownHostsIndex {
  byName: Map<string, KnownHostsEntry[]>;
  /** hashed, wildcard or negated host fields: candidates for every name */
  other: KnownHostsEntry[];
}

const plain = (field: string) => !field.startsWith('|') && !/[*?!]/.test(field);

/** Indexes entries by each plain name of their host field (lower-cased). Pure. */
export function indexKnownHosts(entries: readonly KnownHostsEntry[]): KnownHostsIndex {
  const byName = new Map<string, KnownHostsEntry[]>();
  const other: KnownHostsEntry[] = [];
  for (const e of entries) {
    if (!plain(e.hosts)) {
      other.push(e);
      continue;
    }
    for (const name of new Set(e.hosts.split(',').map((p) => p.toLowerCase()))) {
      const list = byName.get(name) ?? [];
      list.push(e);
      byName.set(name, list);
    }
  }
  return { byName, other };
}

/**
 * Every entry that may match `name` (a superset: the caller still matches each with hostFieldMatches),
 * in file order, so judging them gives the verdict judging the whole file would. Pure.
 */
export function candidatesFor(index: KnownHostsIndex, name: string): KnownHostsEntry[] {
  const named = index.byName.get(name.toLowerCase()) ?? [];
  if (index.other.length === 0) return named;
  return [...new Set([...named, ...index.other])].sort((a, b) => a.line - b.line);
}

/** Parsed known_hosts files, read again only when the file changes (size, mtime, ctime or inode). */
export class KnownHostsCache {
  private readonly files = new Map<string, { stamp: string; index: KnownHostsIndex }>();

  /** The index of `file`; a missing file is empty. Throws when the file cannot be read. */
  read(file: string): KnownHostsIndex {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { byName: new Map(), other: [] };
      throw e;
    }
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    const cached = this.files.get(file);
    if (cached?.stamp === stamp) return cached.index;
    const index = indexKnownHosts(parseKnownHosts(fs.readFileSync(file, 'utf8')));
    this.files.set(file, { stamp, index });
    return index;
  }
}
