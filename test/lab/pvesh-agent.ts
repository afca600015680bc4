// The lab Proxmox VE node's `pvesh`: only `pvesh get /nodes/<node>/qemu/<vmid>/agent/file-read --file
// PATH --output-format json`, done the way qemu-server does it (PVE/API2/Qemu/Agent.pm, file-read:
// guest-file-open, guest-file-read until eof, guest-file-close; the reply {"content", "bytes-read"}),
// against a REAL qemu-ga listening on a unix socket (the VM's agent). Its errors are qemu-server's words:
// "No QEMU guest agent configured" when the config has no `agent:` (PVE/QemuServer/Agent.pm
// assert_agent_available), "Agent error: <desc>" when the agent answers an error (check_agent_error),
// and "unable to connect to VM <vmid> qga socket" when nothing listens (PVE::QMPClient).
import fs from 'node:fs';
import path from 'node:path';

/** Writes bin-upper/pvesh: a node script mapping vmid → the qga socket of its (real) agent. */
export function writePveshAgent(binDir: string, sockets: Record<number, string>): void {
  const file = path.join(binDir, 'pvesh');
  fs.writeFileSync(file, `#!${process.execPath}\n${PVESH_SOURCE(JSON.stringify(sockets))}`);
  fs.chmodSync(file, 0o755);
}

const PVESH_SOURCE = (
  sockets: string,
) => `// Entropy Watch lab: qemu-server's agent/file-read, relayed to a real qemu-ga.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const SOCKETS = ${sockets};
const die = (msg) => { process.stderr.write(msg + '\\n'); process.exit(255); };
const args = process.argv.slice(2);
const m = /^\\/nodes\\/[^/]+\\/qemu\\/(\\d+)\\/agent\\/file-read$/.exec(args[1] || '');
if (args[0] !== 'get' || !m) die('lab pvesh: only "get /nodes/NODE/qemu/VMID/agent/file-read" is here');
const vmid = m[1];
const file = args[args.indexOf('--file') + 1];
let conf = '';
try { conf = fs.readFileSync('/etc/pve/qemu-server/' + vmid + '.conf', 'utf8'); } catch { die('Configuration file \\'nodes/lab/qemu-server/' + vmid + '.conf\\' does not exist'); }
if (!/^agent:\\s*(enabled=)?1/m.test(conf)) die('No QEMU guest agent configured');
const sock = SOCKETS[vmid];
const conn = net.connect(sock || '/nonexistent');
const fail = () => die("VM " + vmid + " qmp command 'guest-file-open' failed - unable to connect to VM " + vmid + " qga socket - timeout after 31 retries");
conn.setTimeout(10000, fail);
conn.on('error', fail);
let buf = '';
const waiting = [];
conn.on('data', (d) => {
  buf += d.toString('utf8');
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) { const line = buf.slice(0, nl); buf = buf.slice(nl + 1); const w = waiting.shift(); if (w) w(JSON.parse(line)); }
});
const ask = (execute, args) => new Promise((resolve) => { waiting.push(resolve); conn.write(JSON.stringify({ execute, arguments: args }) + '\\n'); });
const check = (res) => { if (res.error) die('Agent error: ' + res.error.desc); return res.return; };
conn.on('connect', async () => {
  const handle = check(await ask('guest-file-open', { path: file }));
  let content = Buffer.alloc(0);
  let eof = false;
  while (!eof) {
    const r = check(await ask('guest-file-read', { handle, count: 1024 * 1024 }));
    content = Buffer.concat([content, Buffer.from(r['buf-b64'], 'base64')]);
    eof = r.eof;
  }
  check(await ask('guest-file-close', { handle }));
  process.stdout.write(JSON.stringify({ 'bytes-read': content.length, content: content.toString('utf8') }) + '\\n');
  process.exit(0);
});
`;
