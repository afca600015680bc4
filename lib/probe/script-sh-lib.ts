// The sh helpers every probe section is built from (see the frame format in ./script.ts).
// Written as sh`...` templates: the raw text keeps sh's backslashes, and sh's ${...} is written
// $\{...} so that TypeScript does not read it as an interpolation.

/** Tag for sh source: raw text, with $\{ turned back into ${. */
export function sh(strings: TemplateStringsArray): string {
  return strings.raw.join('').replaceAll('$\\{', '${');
}

export const SH_LIB = sh`EW_NL='
'

ew_has() { command -v "$1" >/dev/null 2>&1; }
ew_open() { printf '@@ %s\n' "$*"; }
ew_close() { printf '@= %s\n' "$*"; }

# Prints each line of $1 as a value line; parameter expansion instead of sed saves a fork per field.
ew_put() {
  _r=$1
  [ -n "$_r" ] || return 0
  while :; do
    case $_r in
      *"$EW_NL"*) printf '|%s\n' "$\{_r%%"$EW_NL"*}"; _r=$\{_r#*"$EW_NL"} ;;
      *) printf '|%s\n' "$_r"; return 0 ;;
    esac
  done
}

# ew_put_file PATH: the file's lines as value lines, without a fork; fails when PATH cannot be opened.
ew_put_file() {
  while IFS= read -r _pl || [ -n "$_pl" ]; do printf '|%s\n' "$_pl"; done <"$1"
}

# Stdin to value lines (encoded blobs arrive through a pipe).
ew_prefix() {
  while IFS= read -r _pl || [ -n "$_pl" ]; do printf '|%s\n' "$_pl"; done
}

# EW_ET := the first stderr lines of the last command, joined on one line
# (virsh puts the useful reason on its second line).
ew_errtext() {
  EW_ET=
  _en=0
  while [ "$_en" -lt 4 ] && IFS= read -r _el; do
    [ -n "$_el" ] && EW_ET="$\{EW_ET:+$EW_ET / }$_el"
    _en=$((_en + 1))
  done <"$EW_ERR"
}

# Closes a section whose command exited with status $1.
ew_fail() {
  ew_errtext
  if [ "$1" -eq 124 ] && [ -n "$EW_TIMEOUT" ]; then ew_close error "timed out: $EW_ET"; return; fi
  case $EW_ET in
    *'ermission denied'* | *'Operation not permitted'*) ew_close denied "$EW_ET" ;;
    *) ew_close error "exit $1$\{EW_ET:+: $EW_ET}" ;;
  esac
}

# ew_limit SECONDS CMD...: a hung virsh or lsof must not eat the whole poll budget.
ew_limit() {
  _secs=$1
  shift
  if [ -n "$EW_TIMEOUT" ]; then timeout "$_secs" "$@"; else "$@"; fi
}

# EW_ERR := a temp file for commands' stderr, made at most once per run; true when made now.
# Guests start without one: mktemp and its rm were two of the six programs a guest's probe ran.
ew_errfile() {
  [ "$EW_ERR" = /dev/null ] && [ -z "$EW_ERRTRY" ] || return 1
  EW_ERRTRY=1
  EW_TMPF=$(mktemp 2>/dev/null) && [ -n "$EW_TMPF" ] && EW_ERR=$EW_TMPF
}

# ew_cmd KEY CMD...: a text section holding the command's stdout.
ew_cmd() {
  _k=$1
  shift
  _o=$("$@" 2>"$EW_ERR")
  _rc=$?
  # Without a stderr file yet, a failed command runs once more with one: its reason (e.g.
  # "Permission denied" → denied) is in its stderr. Never after a timeout (124): that would wait twice.
  if [ "$_rc" -ne 0 ] && [ "$_rc" -ne 124 ] && ew_errfile; then
    _o=$("$@" 2>"$EW_ERR")
    _rc=$?
  fi
  ew_open "$_k"
  ew_put "$_o"
  if [ "$_rc" -eq 0 ]; then ew_close ok; else ew_fail "$_rc"; fi
}

# ew_file KEY PATH...: the first existing PATH as a text section. The read builtin saves a fork
# per field, but dash reads one byte per read(2), and a /proc/sys file answers a read at an offset
# with EOF (poolsize 256 would read as "2"): those go through cat. A file that yields nothing may
# hide a read error (a sysfs driver failing with EIO or ENODEV), so cat reads it again to tell.
ew_file() {
  _k=$1
  shift
  for _p in "$@"; do
    [ -e "$_p" ] || continue
    if [ ! -r "$_p" ]; then ew_open "$_k"; ew_close denied; return 0; fi
    _v=
    case $_p in
      /proc/sys/*) ;;
      *) { while IFS= read -r _pl || [ -n "$_pl" ]; do _v="$_v$_pl$EW_NL"; done <"$_p"; } 2>/dev/null ;;
    esac
    if [ -n "$_v" ]; then ew_open "$_k"; ew_put "$\{_v%"$EW_NL"}"; ew_close ok
    elif ew_has cat; then ew_cmd "$_k" cat "$_p"
    else ew_open "$_k"; ew_close ok; fi
    return 0
  done
  ew_open "$_k"
  ew_close missing
}

ew_notool() { ew_open "$1"; ew_close no-tool "$2"; }

ew_encode() { if [ "$EW_ENC" = b64 ]; then base64; else od -An -v -tx1; fi; }
ew_zip() { if [ -n "$EW_ZIP" ]; then gzip -c; else cat; fi; }
`;
