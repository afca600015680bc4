// The libvirt part of a host's probe: two virsh processes per poll whatever the number of domains
// (one more per 400 domains). Every virsh process connects to libvirtd anew, so a per-domain loop
// cost ~35 ms of CPU per domain and hammered libvirtd every minute on hosts with 100+ domains.
//   virsh -q list --all --uuid        the domains, as UUIDs: safe tokens for virsh's own parser
//   virsh 'echo EWB N U; domstate U; echo EWX N; dumpxml --inactive U; ...'  one process reads them all
// --inactive: the definition, what the next cold boot runs. What runs now is read from the QEMU
// process's command line (./script-sh-qemu.ts), and the two are compared (config drift).
// Names never pass through virsh's command-line parser: each comes back inside its domain's XML,
// so quotes, semicolons, backslashes and even newlines in a name need no escaping at all.
// N is a nonce the kernel makes per run: the frame lines virsh echoes cannot be forged by text
// inside a domain's XML (a <description> may hold any line). virsh runs every command of a batch
// even when one fails (the error goes to stderr), so one unreadable domain hides no other.
// The batch output is compressed and encoded once (./parse-virsh-batch.ts reads it back).
import { sh } from './script-sh-lib';

export const SH_DOMAINS = sh`# ew_virsh SECONDS ARGS...: a read-only connection is all a monitor needs.
ew_virsh() {
  _vs=$1
  shift
  if [ -n "$EW_URI" ]; then ew_limit "$_vs" virsh -r -c "$EW_URI" "$@"; else ew_limit "$_vs" virsh -r "$@"; fi
}

# ew_batch_run COMMANDS: one virsh for the commands, then a trailer with its exit status.
ew_batch_run() {
  ew_virsh 30 "$1"
  printf '\nEWE %s %s\n' "$EW_NONCE" "$?"
}

# ew_batch UUIDS: the batch stream. Linux caps one argument at 128 KiB: 400 domains of ~230 bytes
# of commands each stay well under it.
ew_batch() {
  printf 'EW-BATCH %s\n' "$EW_NONCE"
  _b=
  _c=0
  _r4=$1
  while [ -n "$_r4" ]; do
    _u=$\{_r4%%"$EW_NL"*}
    case $_r4 in *"$EW_NL"*) _r4=$\{_r4#*"$EW_NL"} ;; *) _r4= ;; esac
    # Only a UUID reaches virsh's parser; the parser reports any other list line.
    case $_u in *[!0-9a-f-]* | '') continue ;; esac
    [ "$\{#_u}" -eq 36 ] || continue
    _b="$_b echo EWB $EW_NONCE $_u; domstate $_u; echo EWX $EW_NONCE; dumpxml --inactive $_u;"
    _c=$((_c + 1))
    if [ "$_c" -ge 400 ]; then
      ew_batch_run "$_b"
      _b=
      _c=0
    fi
  done
  if [ -n "$_b" ]; then ew_batch_run "$_b"; fi
}

ew_domains() {
  if ! ew_has virsh; then ew_notool virsh_list virsh; return; fi
  _list=$(ew_virsh 15 -q list --all --uuid 2>"$EW_ERR")
  _rc=$?
  ew_open virsh_list
  ew_put "$_list"
  if [ "$_rc" -ne 0 ]; then ew_fail "$_rc"; return; fi
  ew_close ok
  [ -n "$_list" ] || return 0
  EW_NONCE=
  { IFS= read -r EW_NONCE </proc/sys/kernel/random/uuid; } 2>/dev/null
  case $EW_NONCE in '' | *[!0-9a-f-]*) EW_NONCE=$$ ;; esac
  # One gzip for all domains: similar XML documents compress far under the parser's size cap.
  if [ -n "$EW_ENC" ]; then
    ew_open virsh_batch "$EW_ZIP$EW_ENC"
    ew_batch "$_list" 2>"$EW_ERR" | ew_zip | ew_encode | ew_prefix
  else
    # Without an encoder the XML travels as text: the value-line prefix still frames it.
    ew_open virsh_batch
    ew_batch "$_list" 2>"$EW_ERR" | ew_prefix
  fi
  ew_close ok
  # The errors of failed commands name their domain's UUID; the parser matches them up.
  ew_open virsh_batch_stderr
  _en=0
  while [ "$_en" -lt 40 ] && IFS= read -r _el; do
    printf '|%s\n' "$_el"
    _en=$((_en + 1))
  done <"$EW_ERR"
  ew_close ok
}
`;
