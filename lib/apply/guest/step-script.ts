// One guest command as the script sent over SSH: its output (stderr merged, in order) and then a marker
// line with its exit status, so a command that fails silently still reports its exit code. A subshell,
// so not even an `exit` in the command skips the marker.
export interface StepResult {
  command: string;
  exitCode: number | null;
  output: string;
}

const MARKER = 'EW-STEP-EXIT';
const OUTPUT_KEPT = 4000;

/** The script that runs `command` and prints its exit status last. */
export function stepScript(command: string): string {
  return `( ${command}\n) 2>&1\nprintf '\\n${MARKER} %s\\n' "$?"`;
}

/** Splits what stepScript printed into the command's output and exit code (null: no marker, cut short). Pure. */
export function stepResult(command: string, stdout: string): StepResult {
  const m = new RegExp(`\\n${MARKER} (\\d+)\\n$`).exec(stdout);
  const output = m ? stdout.slice(0, m.index) : stdout;
  const kept = output.length > OUTPUT_KEPT ? `…${output.slice(-OUTPUT_KEPT)}` : output;
  return { command, exitCode: m ? Number(m[1]) : null, output: kept };
}
