// A stream the probe frames with nonce lines (./script-sh-qemu.ts), split back into records. Pure.
//   <HEADER> <nonce>            first line
//   \nEW<kind> <nonce> [<id>]\n a record of that kind opens; its body runs to the next frame line
//   \nEWE <nonce>\n             the end (missing when the output was cut short)
// Only lines carrying this run's nonce frame records, so a body cannot forge one.

export interface StreamRecord {
  kind: string;
  id: string;
  body: string;
}

export interface NonceStream {
  records: StreamRecord[];
  /** false when the EWE end line is missing: the records may be incomplete */
  complete: boolean;
}

/** Splits a framed stream; throws when it does not start with `header` and a nonce. */
export function parseNonceStream(text: string, header: string): NonceStream {
  const first = text.indexOf('\n');
  const head = first < 0 ? text : text.slice(0, first);
  const nonce = new RegExp(`^${header} ([0-9a-f-]+)$`).exec(head)?.[1];
  if (!nonce) throw new Error(`stream has no ${header} header: ${JSON.stringify(head.slice(0, 60))}`);
  // The nonce is [0-9a-f-] only, so it needs no escaping in a RegExp.
  const frame = new RegExp(`\\nEW([A-Z]) ${nonce}(?: (\\d+))?(?=\\n|$)`, 'g');
  const records: StreamRecord[] = [];
  let open: { kind: string; id: string; start: number } | null = null;
  let complete = false;
  const rest = first < 0 ? '' : text.slice(first);
  for (const m of rest.matchAll(frame)) {
    if (open) records.push({ kind: open.kind, id: open.id, body: rest.slice(open.start, m.index) });
    open = null;
    const [line, kind = '', id = ''] = m;
    if (kind === 'E') {
      complete = true;
      break;
    }
    // The body starts after the frame line's own newline.
    open = { kind, id, start: m.index + line.length + 1 };
  }
  if (open) records.push({ kind: open.kind, id: open.id, body: rest.slice(open.start) });
  return { records, complete };
}
