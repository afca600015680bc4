// The one POSIX sh script a target runs per poll. It only reads; it prints a framed report that
// lib/probe/parse.ts understands:
//   EW-PROBE 1                 header (PROBE_VERSION)
//   @@ <key> [<encoding>]      a section opens; encoding is b64 | hex | gz-b64 | gz-hex, else text
//   |<line>                    one line of the raw value
//   @= <status> [<detail>]     the section closes: ok | missing | denied | no-tool <tool> | error <stderr>
//   EW-END                     end marker: without it the output was cut short
// Every value line is prefixed with "|", so nothing a target prints can forge a frame line.
import type { TargetKind } from '../model';
import { sh, SH_LIB } from './script-sh-lib';
import { SH_COMMON, SH_HOST } from './script-sh-sections';
import { SH_DOMAINS } from './script-sh-virsh';
import { SH_QEMU } from './script-sh-qemu';
import { shellQuote } from '../checks/remedy/shell-quote';

/** Version written in the header line; the parser refuses any other. */
export const PROBE_VERSION = 1;

export interface ProbeScriptOptions {
  kind: TargetKind;
  /** `virsh -c` URI for hosts; null → virsh's default connection */
  libvirtUri: string | null;
  /** "proxmox" reads Proxmox VE's VM configs even where /etc/pve and pveversion are not found */
  platform?: 'proxmox' | null;
}

/** Builds the probe script for one target; hosts also list entropy-device holders, libvirt domains, QEMU processes and Proxmox VE configs. */
export function buildProbeScript(opts: ProbeScriptOptions): string {
  const vars = [
    `EW_KIND=${shellQuote(opts.kind)}`,
    `EW_URI=${shellQuote(opts.libvirtUri ?? '')}`,
    `EW_PLATFORM=${shellQuote(opts.platform ?? '')}`,
    `EW_VERSION=${PROBE_VERSION}`,
  ].join('\n');
  return [HEAD, vars, SH_LIB, SH_COMMON, SH_HOST, SH_DOMAINS, SH_QEMU, MAIN].join('\n');
}

const HEAD = `# Entropy Watch probe: read-only; prints framed sections and always reaches EW-END.
# Everything lives in functions and runs from the last line, so a script cut short in transit
# runs nothing, and commands cannot eat the rest of the script from stdin (sh reads it there).`;

const MAIN = sh`ew_main() {
  EW_ERR=/dev/null
  EW_ERRTRY=
  # Hosts read lsof's and virsh's stderr on every poll; a guest makes the file only if a command fails.
  [ "$EW_KIND" = host ] && ew_errfile
  EW_ENC=
  if ew_has base64; then EW_ENC=b64; elif ew_has od; then EW_ENC=hex; fi
  EW_ZIP=
  ew_has gzip && EW_ZIP=gz-
  EW_TIMEOUT=
  printf 'EW-PROBE %s\n' "$EW_VERSION"
  ew_common
  if [ "$EW_KIND" = host ]; then
    # Only hosts run commands that may hang (lsof, virsh): guests skip this fork.
    timeout 5 true >/dev/null 2>&1 && EW_TIMEOUT=1
    ew_holders
    ew_domains
    ew_qemu
    ew_pve
  fi
  printf 'EW-END\n'
}

EW_TMPF=
trap '[ -n "$EW_TMPF" ] && rm -f "$EW_TMPF"' EXIT
trap 'exit 1' HUP INT TERM PIPE
ew_main </dev/null
`;
