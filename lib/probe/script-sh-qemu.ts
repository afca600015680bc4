// The QEMU part of a host's probe: every QEMU process's command line (whatever manages it) and, on a
// Proxmox VE node, its VM configs. Each travels as one stream, compressed and encoded once, framed by
// lines that carry a nonce the kernel makes per run (so an argument or a config line cannot forge a
// frame; ./parse-host-qemu.ts reads them back):
//   EW-QEMU <nonce>            header                EW-PVE <nonce>           header
//   EWG <nonce>                every command line, as grep -z -H prints them (see ew_qemu_stream)
//   EWP <nonce> <pid>          a command line        EWF <nonce> <vmid>       a config file follows
//                              (NUL-separated) follows EWD <nonce> <vmid>     a config that is unreadable
//   EWE <nonce>                end                   EWE <nonce>              end
// A process is QEMU when /proc/PID/comm says so: "qemu-system-<arch>" (cut to 15 bytes), "qemu-kvm"
// (RHEL) or "kvm" (Proxmox VE and Debian's wrapper). Entropy-device holders are named from here too.
import { sh } from './script-sh-lib';

export const SH_QEMU = sh`ew_nonce() {
  EW_QN=
  { IFS= read -r EW_QN </proc/sys/kernel/random/uuid; } 2>/dev/null
  case $EW_QN in '' | *[!0-9a-f-]*) EW_QN=$$ ;; esac
}

# One grep prints every QEMU command line in place of a cat per process (a 19-domain host ran 19):
# -z makes each NUL-ended argument a record, -H puts "/proc/PID/cmdline:" before every one (so no
# argument can pass for another process's), -a skips the binary-file guess. Where grep cannot (no
# -z, or a process gone since the scan: exit 2, or none printed: exit 1) the cat loop runs as
# before, and the parser keeps each process's first record.
ew_qemu_stream() {
  printf 'EW-QEMU %s\n' "$EW_QN"
  set --
  for _f in /proc/[0-9]*/comm; do
    { IFS= read -r _c <"$_f"; } 2>/dev/null || continue
    # The same names as isQemuCommand (./parse-qemu.ts): the holders' domains are read from here.
    case $_c in qemu-system-* | qemu-kvm* | kvm) ;; *) continue ;; esac
    set -- "$@" "$\{_f%/comm}/cmdline"
  done
  if [ "$#" -gt 0 ] && ew_has grep; then
    printf '\nEWG %s\n' "$EW_QN"
    if LC_ALL=C grep -a -z -H '' "$@" 2>/dev/null; then
      printf '\nEWE %s\n' "$EW_QN"
      return 0
    fi
  fi
  for _f in "$@"; do
    _p=$\{_f#/proc/}
    printf '\nEWP %s %s\n' "$EW_QN" "$\{_p%/cmdline}"
    # The process may have exited since the scan: its command line is then empty.
    cat "$_f" 2>/dev/null
  done
  printf '\nEWE %s\n' "$EW_QN"
}

ew_qemu() {
  # Command lines hold NUL bytes: without an encoder they cannot travel.
  if [ -z "$EW_ENC" ]; then ew_notool qemu_cmdlines base64; return; fi
  ew_nonce
  ew_open qemu_cmdlines "$EW_ZIP$EW_ENC"
  ew_qemu_stream | ew_zip | ew_encode | ew_prefix
  ew_close ok
}

ew_pve_stream() {
  printf 'EW-PVE %s\n' "$EW_QN"
  for _f in /etc/pve/qemu-server/*.conf; do
    [ -e "$_f" ] || continue
    _v=$\{_f##*/}
    _v=$\{_v%.conf}
    case $_v in '' | *[!0-9]*) continue ;; esac
    if [ -r "$_f" ]; then
      printf '\nEWF %s %s\n' "$EW_QN" "$_v"
      cat "$_f" 2>/dev/null
    else
      printf '\nEWD %s %s\n' "$EW_QN" "$_v"
    fi
  done
  printf '\nEWE %s\n' "$EW_QN"
}

# A Proxmox VE node has /etc/pve (pmxcfs) and pveversion; EW_PLATFORM=proxmox forces the read.
ew_pve() {
  if [ "$EW_PLATFORM" != proxmox ] && [ ! -d /etc/pve ] && ! ew_has pveversion; then return 0; fi
  if ew_has pveversion; then ew_cmd pveversion ew_limit 15 pveversion; else ew_notool pveversion pveversion; fi
  if [ ! -d /etc/pve/qemu-server ]; then ew_open pve_configs; ew_close missing; return; fi
  if [ ! -r /etc/pve/qemu-server ]; then ew_open pve_configs; ew_close denied /etc/pve/qemu-server; return; fi
  if [ -z "$EW_ENC" ]; then ew_notool pve_configs base64; return; fi
  ew_nonce
  ew_open pve_configs "$EW_ZIP$EW_ENC"
  ew_pve_stream | ew_zip | ew_encode | ew_prefix
  ew_close ok
}
`;
