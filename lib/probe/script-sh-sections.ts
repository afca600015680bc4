// The sh functions that read each field: every target (SH_COMMON) and the entropy-device holders
// of KVM hosts (SH_HOST; their libvirt domains are in ./script-sh-virsh.ts).
import { sh } from './script-sh-lib';

export const SH_COMMON = sh`# The scan reads /proc/PID/comm with the read builtin: a host may run thousands of processes,
# and pgrep may be missing. Names are deduplicated; the parser decides which are daemons.
ew_rng_daemons() {
  ew_open rng_daemons
  _seen=$EW_NL
  _any=
  for _f in /proc/[0-9]*/comm; do
    [ -e "$_f" ] || continue
    _any=1
    { IFS= read -r _c <"$_f"; } 2>/dev/null || continue
    case $_c in
      *rng* | *haveged*)
        case $_seen in
          *"$EW_NL$_c$EW_NL"*) ;;
          *) _seen="$_seen$_c$EW_NL"; printf '|%s\n' "$_c" ;;
        esac ;;
    esac
  done
  if [ -n "$_any" ]; then ew_close ok; else ew_close error "no /proc/PID/comm readable"; fi
}

ew_cpu_flags() {
  ew_open cpu_flags
  if [ ! -e /proc/cpuinfo ]; then ew_close missing; return; fi
  if [ ! -r /proc/cpuinfo ]; then ew_close denied; return; fi
  _fl=
  while IFS= read -r _l; do
    case $_l in flags*) _fl=$\{_l#*:}; break ;; esac
  done </proc/cpuinfo
  if [ -n "$_fl" ]; then ew_put "$_fl"; ew_close ok; else ew_close missing no flags line; fi
}

ew_ssh_host_keys() {
  ew_open ssh_host_keys
  _st=missing
  _det=
  for _f in /etc/ssh/ssh_host_*_key.pub; do
    [ -e "$_f" ] || continue
    if [ -r "$_f" ] && { ew_put_file "$_f"; } 2>/dev/null; then
      [ "$_st" = missing ] && _st=ok
    else
      _st=denied
      _det="$\{_det:+$_det }$_f"
    fi
  done
  ew_close "$_st" "$_det"
}

ew_sha256() { sha256sum <"$1"; }

# Only the digest leaves the target, never the seed.
ew_random_seed() {
  _f=/var/lib/systemd/random-seed
  if [ ! -e "$_f" ]; then ew_open random_seed_sha256; ew_close missing
  elif [ ! -r "$_f" ]; then ew_open random_seed_sha256; ew_close denied
  elif ! ew_has sha256sum; then ew_notool random_seed_sha256 sha256sum
  else ew_cmd random_seed_sha256 ew_sha256 "$_f"; fi
}

# entropy_avail and poolsize are /proc/sys files, which only cat reads right (see ew_file): one cat
# reads both. Anything but exactly one line from each (a missing or unreadable file, a failed cat,
# an empty or multi-line value) falls back to ew_file per field, with its statuses. (Only a target
# that forges /proc could blur the line between the two values, and it can forge both anyway.)
ew_random_counts() {
  _ea=/proc/sys/kernel/random/entropy_avail
  _ps=/proc/sys/kernel/random/poolsize
  if [ -r "$_ea" ] && [ -r "$_ps" ] && ew_has cat && _v=$(cat "$_ea" "$_ps" 2>/dev/null); then
    case $_v in
      *"$EW_NL"*"$EW_NL"* | "$EW_NL"* | *"$EW_NL") ;;
      *"$EW_NL"*)
        ew_open entropy_avail; ew_put "$\{_v%%"$EW_NL"*}"; ew_close ok
        ew_open poolsize; ew_put "$\{_v#*"$EW_NL"}"; ew_close ok
        return 0 ;;
    esac
  fi
  ew_file entropy_avail "$_ea"
  ew_file poolsize "$_ps"
}

ew_common() {
  if ew_has uname; then ew_cmd kernel_release uname -r; else ew_notool kernel_release uname; fi
  ew_file uptime /proc/uptime
  ew_random_counts
  ew_file rng_available /sys/devices/virtual/misc/hw_random/rng_available
  ew_file rng_current /sys/devices/virtual/misc/hw_random/rng_current
  ew_file rng_quality /sys/devices/virtual/misc/hw_random/rng_quality
  ew_open hwrng
  if [ -e /dev/hwrng ]; then ew_put yes; else ew_put no; fi
  ew_close ok
  ew_rng_daemons
  ew_cpu_flags
  ew_file machine_id /etc/machine-id
  ew_ssh_host_keys
  ew_random_seed
  ew_file os_release /etc/os-release /usr/lib/os-release
}
`;

// The holders' command lines are not read here: a QEMU holder's is in the QEMU stream
// (./script-sh-qemu.ts, read once for every QEMU process), and no other holder's is used. A base64
// process per holder cost a 19-domain host 19 forks and 19 execs per poll.
export const SH_HOST = sh`ew_holders() {
  if ! ew_has lsof; then ew_notool lsof lsof; return; fi
  set --
  for _d in /dev/random /dev/urandom /dev/hwrng; do [ -e "$_d" ] && set -- "$@" "$_d"; done
  # lsof with no file lists every open file on the machine.
  if [ "$#" -eq 0 ]; then ew_open lsof; ew_close missing; return; fi
  # Most of lsof's CPU went to things the probe never asks for: -X skips reading the TCP/UDP tables
  # in /proc/net (a host with thousands of sockets pays for every line; Linux lsof has had -X since
  # 4.76: dialects/linux/machine.h HASXOPT "skip TCP&UDP files"), and -K i skips each thread's view
  # of the fd table (QEMU runs a thread per vCPU and I/O thread; threads share the process's table;
  # "-K i" is lsof 4.90's, from its 00DIST). An lsof that rejects either is run again as before.
  # Not -O: lsof's forked helper is what keeps a stat of a hung NFS image from hanging the probe.
  _lo=$(ew_limit 20 lsof -w -X -K i -F pcfn "$@" 2>"$EW_ERR")
  _rc=$?
  if [ "$_rc" -ne 0 ] && [ "$_rc" -ne 124 ] && { [ "$_rc" -ne 1 ] || [ -s "$EW_ERR" ]; }; then
    _lo=$(ew_limit 20 lsof -w -F pcfn "$@" 2>"$EW_ERR")
    _rc=$?
  fi
  ew_open lsof
  ew_put "$_lo"
  # lsof exits 1 when no process holds the files; only stderr output means it failed.
  if [ "$_rc" -eq 0 ] || { [ "$_rc" -eq 1 ] && [ ! -s "$EW_ERR" ]; }; then ew_close ok; else ew_fail "$_rc"; fi
}
`;
