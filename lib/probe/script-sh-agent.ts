// The agent script: a host's second, small script of a poll, run only when host-view guests with a
// guest agent channel are running (./agent-plan.ts picks at most a few). It prints the probe's frame
// (./script.ts) with one section per guest, read back by ./parse-agent.ts:
//   libvirt   agent.<i>.open / agent.<i>.read   the stdout of three virsh processes per guest: one
//             opens the first file (guest-file-open), one the rest, one reads and closes what opened; each command
//             is preceded by `echo EWM <nonce> <slot>`, so the replies are told apart by slot
//   Proxmox   agent.<i>.<slot>                  `pvesh get /nodes/<node>/qemu/<vmid>/agent/file-read
//             --file PATH --output-format json` per file (qemu-server opens, reads and closes)
//   agent.<i>.err                               the first stderr lines (virsh's or pvesh's reasons)
// virsh qemu-agent-command needs a READ-WRITE libvirt connection: libvirt refuses it on `virsh -r`
// ("operation forbidden: read only access prevents virDomainQemuAgentCommand", libvirt 9.0 here).
// An agent reply is one line (the agent protocol ends each JSON reply with a newline and JSON
// strings escape theirs), and every value line is prefixed with "|": a guest cannot forge a frame.
import { shellQuote } from '../checks/remedy/shell-quote';
import { AGENT_READS, type AgentTarget } from './agent-plan';
import { sh, SH_LIB } from './script-sh-lib';
import { PROBE_VERSION } from './script';

/** Seconds virsh waits for one agent reply (`qemu-agent-command --timeout`). */
export const AGENT_REPLY_TIMEOUT_S = 2;

export interface AgentScriptOptions {
  targets: AgentTarget[];
  /** `virsh -c` URI; null → virsh's default connection */
  libvirtUri: string | null;
  /** marks the slot lines; random per poll, unknown to the guests */
  nonce: string;
}

const json = (execute: string, args: Record<string, unknown>) => JSON.stringify({ execute, arguments: args });

/** The virsh batch that opens files `from`..`to` of one guest: `echo EWM <nonce> <slot>; qemu-agent-command ...`. */
export function virshOpenBatch(
  uuid: string,
  nonce: string,
  from = 0,
  to: number = AGENT_READS.length,
): string {
  return AGENT_READS.slice(from, to)
    .map(
      (r, i) =>
        `echo EWM ${nonce} ${from + i}; qemu-agent-command --timeout ${AGENT_REPLY_TIMEOUT_S} ${uuid} ` +
        `'${json('guest-file-open', { path: r.path, mode: 'r' })}';`,
    )
    .join(' ');
}

const SH_AGENT = sh`# ew_agent_handles OUTPUT: appends a read and a close to _ab for each handle in OUTPUT (a reply
# line after its slot marker). A handle is what the guest returned: only digits go back to virsh.
ew_agent_handles() {
  _slot=
  _r5=$1
  while [ -n "$_r5" ]; do
    _l=$\{_r5%%"$EW_NL"*}
    case $_r5 in *"$EW_NL"*) _r5=$\{_r5#*"$EW_NL"} ;; *) _r5= ;; esac
    case $_l in
      "EWM $EW_AN "*) _slot=$\{_l##* } ;;
      '{"return":'*'}')
        _h=$\{_l#'{"return":'}
        _h=$\{_h%'}'}
        _h=$\{_h# }
        _h=$\{_h% }
        case $_h in '' | *[!0-9]*) continue ;; esac
        case $_slot in '' | *[!0-9]*) continue ;; esac
        _ab="$_ab echo EWM $EW_AN $_slot; qemu-agent-command --timeout $EW_AT $_au '{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":$_h,\"count\":4096}}'; qemu-agent-command --timeout $EW_AT $_au '{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":$_h}}';"
        _slot= ;;
    esac
  done
}

# ew_agent_virsh I UUID OPEN0 OPENREST: the first file alone (an agent that does not answer costs one
# timeout, not five), then the other files in one virsh, then every read and close in one more.
ew_agent_virsh() {
  _ai=$1
  _au=$2
  _ab=
  _ao=$(ew_agent_vc 10 "$3" 2>"$EW_ERR")
  ew_open "agent.$_ai.open"
  ew_put "$_ao"
  ew_agent_handles "$_ao"
  if [ -n "$_ab" ]; then
    _ao=$(ew_agent_vc 20 "$4" 2>>"$EW_ERR")
    ew_put "$_ao"
    ew_agent_handles "$_ao"
  fi
  ew_close ok
  ew_agent_err "$_ai"
  [ -n "$_ab" ] || return 0
  _ao=$(ew_agent_vc 30 "$_ab" 2>"$EW_ERR")
  ew_open "agent.$_ai.read"
  ew_put "$_ao"
  ew_close ok
  ew_agent_err "$_ai.read"
}

# Read-write on purpose: libvirt refuses qemu-agent-command on a read-only connection.
ew_agent_vc() {
  _vs=$1
  shift
  if [ -n "$EW_URI" ]; then ew_limit "$_vs" virsh -c "$EW_URI" "$@"; else ew_limit "$_vs" virsh "$@"; fi
}

ew_agent_err() {
  ew_open "agent.$1.err"
  _en=0
  while [ "$_en" -lt 8 ] && IFS= read -r _el; do
    printf '|%s\n' "$_el"
    _en=$((_en + 1))
  done <"$EW_ERR"
  ew_close ok
}

# ew_agent_pve I VMID PATH...: qemu-server's file-read per file. When the first file fails (agent
# blocked, not running, none configured) the others would fail the same way: the guest's turn ends.
ew_agent_pve() {
  _ai=$1
  _av=$2
  shift 2
  _node=$(uname -n 2>/dev/null)
  _node=$\{_node%%.*}
  _slot=0
  for _p in "$@"; do
    _ao=$(ew_limit 15 pvesh get "/nodes/$_node/qemu/$_av/agent/file-read" --file "$_p" --output-format json 2>"$EW_ERR")
    _rc=$?
    ew_open "agent.$_ai.$_slot"
    ew_put "$_ao"
    if [ "$_rc" -eq 0 ]; then ew_close ok; else ew_fail "$_rc"; fi
    [ "$_rc" -ne 0 ] && [ "$_slot" -eq 0 ] && return 0
    _slot=$((_slot + 1))
  done
}
`;

/** The whole agent script for one host's poll (a frame the probe parser reads). */
export function buildAgentScript(opts: AgentScriptOptions): string {
  if (!/^[0-9a-f-]{8,64}$/.test(opts.nonce)) throw new Error('agent script nonce must be hex');
  const paths = AGENT_READS.map((r) => shellQuote(r.path)).join(' ');
  const calls = opts.targets.map((t, i) =>
    t.platform === 'proxmox'
      ? `  if ew_has pvesh; then ew_agent_pve ${i} ${shellQuote(t.id)} ${paths}; else ew_notool agent.${i}.0 pvesh; fi`
      : `  if ew_has virsh; then ew_agent_virsh ${i} ${shellQuote(t.id)} ${shellQuote(virshOpenBatch(t.id, opts.nonce, 0, 1))} ${shellQuote(virshOpenBatch(t.id, opts.nonce, 1))}; else ew_notool agent.${i}.open virsh; fi`,
  );
  return [
    '# Entropy Watch agent read: asks the guest agents of host-view guests for their entropy state.',
    `EW_URI=${shellQuote(opts.libvirtUri ?? '')}`,
    `EW_AN=${opts.nonce}`,
    `EW_AT=${AGENT_REPLY_TIMEOUT_S}`,
    SH_LIB,
    SH_AGENT,
    'ew_agent_main() {',
    '  EW_ERR=/dev/null',
    '  EW_TMPF=$(mktemp 2>/dev/null) && [ -n "$EW_TMPF" ] && EW_ERR=$EW_TMPF',
    '  EW_TIMEOUT=',
    '  timeout 5 true >/dev/null 2>&1 && EW_TIMEOUT=1',
    `  printf 'EW-PROBE %s\\n' ${PROBE_VERSION}`,
    ...calls,
    "  printf 'EW-END\\n'",
    '}',
    'EW_TMPF=',
    `trap '[ -n "$EW_TMPF" ] && rm -f "$EW_TMPF"' EXIT`,
    "trap 'exit 1' HUP INT TERM PIPE",
    'ew_agent_main </dev/null',
    '',
  ].join('\n');
}
