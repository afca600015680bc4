// What a lab target's sshd does beyond the tests' one sshd_config (test/support/sshd.ts).

/** Output of garbage targets: looks like a restricted shell's banner, not like the probe's frames. */
export const GARBAGE_OUTPUT = 'This account is restricted by lab policy. \\033[31m<garbage>\\033[0m';

/** Extra sshd_config lines of a target that answers every command with garbage. */
export function garbageConfig(garbage: boolean): string[] {
  return garbage ? [`ForceCommand printf '${GARBAGE_OUTPUT}\\n'`] : [];
}
