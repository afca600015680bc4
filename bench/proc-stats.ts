// What /proc says about this process and this machine: resident memory, open TCP connections and
// CPU busy time. Linux only (the bench runs on the lab machine).
import fs from 'node:fs';
import path from 'node:path';

/** A `VmXxx:  1234 kB` field of /proc/self/status, in KiB. */
export function statusKb(field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!m) throw new Error(`/proc/self/status has no ${field} line`);
  return Number(m[1]);
}

/** How many ESTABLISHED TCP connections this process holds (socket fds matched against /proc/net/tcp*). */
export function establishedConnections(): number {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // the fd closed while we listed them
    }
  }
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local rem st tx:rx tr:when retrnsmt uid timeout inode; st 01 = ESTABLISHED
      if (cols[3] === '01' && cols[9] !== undefined && inodes.has(cols[9])) count += 1;
    }
  }
  return count;
}

export interface CpuTimes {
  busy: number;
  total: number;
}

/** The machine's CPU jiffies (all cores) from the first line of /proc/stat. */
export function machineCpu(): CpuTimes {
  const first = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const nums = first.trim().split(/\s+/).slice(1).map(Number);
  const total = nums.reduce((a, b) => a + b, 0);
  const idle = (nums[3] ?? 0) + (nums[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** CPU time (all cores) the machine spent busy between two readings, in ms (USER_HZ is 100 on Linux). */
export function busyMs(before: CpuTimes, after: CpuTimes): number {
  return (after.busy - before.busy) * 10;
}

/** Share of the machine's CPU capacity that was busy between two readings, 0..1. */
export function busyShare(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** CPU ms (user + system, reaped children included) of the processes `roots` and all their descendants. */
export function treeCpuMs(roots: readonly number[]): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we listed
    }
    // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17); comm may hold spaces
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(f[1]);
    ticks.set(pid, Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(pid);
  }
  let total = 0;
  const stack = [...roots];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total * 10; // USER_HZ = 100
}

/** The pid of the PostgreSQL server listening on `port` (its postmaster), or null. */
export function postmasterPid(port: number): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(argv[0] ?? '') !== 'postgres') continue;
      const p = argv.indexOf('-p');
      if ((p >= 0 && argv[p + 1] === String(port)) || argv.includes(`-p ${port}`)) return Number(entry);
    } catch {
      // exited while we listed
    }
  }
  return null;
}
