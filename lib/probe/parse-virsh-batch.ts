// The probe's one virsh batch (./script-sh-virsh.ts), split back into one record per domain. Pure.
//   EW-BATCH <nonce>            written by the script before any virsh output
//   EWB <nonce> <uuid>          virsh `echo`: a domain's record opens; `domstate` output follows
//   EWX <nonce>                 virsh `echo`: `dumpxml` output follows
//   EWE <nonce> <exit status>   written by the script after each virsh process
// Only lines carrying this run's nonce frame records, so a domain's XML cannot forge one.

export interface VirshBatchRecord {
  uuid: string;
  /** first non-empty line domstate printed; null when it printed nothing (the command failed) */
  state: string | null;
  /** what dumpxml printed, trimmed; '' when it printed nothing (the command failed) */
  xml: string;
}

export interface VirshBatch {
  /** by UUID; a UUID listed twice keeps its first record */
  records: Map<string, VirshBatchRecord>;
  /** exit status of each virsh process, in order (missing when the output was cut short) */
  exits: number[];
}

const HEADER = /^EW-BATCH ([0-9a-f-]+)$/;
// dumpxml ends with a newline, so a frame line normally stands alone; text before one is kept anyway.
// The nonce is [0-9a-f-] only (HEADER), so it needs no escaping in a RegExp.
const frameLine = (nonce: string) => new RegExp(`EW([BXE]) ${nonce}(?: (\\S+))?$`);

/** Splits the decoded batch output into records; throws when it does not start with the batch header. */
export function parseVirshBatch(text: string): VirshBatch {
  const lines = text.split('\n');
  const nonce = HEADER.exec(lines[0] ?? '')?.[1];
  if (!nonce)
    throw new Error(`virsh batch output has no EW-BATCH header: ${JSON.stringify(text.slice(0, 60))}`);
  const frame = frameLine(nonce);
  const records = new Map<string, VirshBatchRecord>();
  const exits: number[] = [];
  let current: { uuid: string; state: string[]; xml: string[] | null } | null = null;
  const finish = () => {
    if (current && !records.has(current.uuid)) {
      const state = current.state.map((l) => l.trim()).find((l) => l !== '') ?? null;
      records.set(current.uuid, { uuid: current.uuid, state, xml: (current.xml ?? []).join('\n').trim() });
    }
    current = null;
  };
  const keep = (line: string) => {
    if (current) (current.xml ?? current.state).push(line);
  };
  for (const line of lines.slice(1)) {
    const m = frame.exec(line);
    if (!m) {
      keep(line);
      continue;
    }
    if (m.index > 0) keep(line.slice(0, m.index));
    const [, kind, arg] = m;
    if (kind === 'B' && arg) {
      finish();
      current = { uuid: arg, state: [], xml: null };
    } else if (kind === 'X') {
      if (current) current.xml = [];
    } else if (kind === 'E') {
      finish();
      exits.push(/^\d+$/.test(arg ?? '') ? Number(arg) : -1);
    }
  }
  finish();
  return { records, exits };
}
