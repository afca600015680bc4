import { describe, expect, it } from 'vitest';
import { buildProbeScript, PROBE_VERSION } from './script';

describe('buildProbeScript', () => {
  it('embeds kind and the quoted URI as plain assignments', () => {
    const s = buildProbeScript({ kind: 'host', libvirtUri: `qemu+ssh://root@kvm-1/system?keyfile=/k'ey` });
    expect(s).toContain(`\nEW_KIND=host\n`);
    expect(s).toContain(`\nEW_URI='qemu+ssh://root@kvm-1/system?keyfile=/k'\\''ey'\n`);
    expect(s).toContain(`\nEW_VERSION=${PROBE_VERSION}\n`);
    expect(buildProbeScript({ kind: 'guest', libvirtUri: null })).toContain(`\nEW_KIND=guest\nEW_URI=''\n`);
  });

  it('runs everything from its last line with stdin closed', () => {
    const s = buildProbeScript({ kind: 'local', libvirtUri: null });
    expect(s.endsWith('\new_main </dev/null\n')).toBe(true);
  });

  it('leaves no TypeScript escape behind and uses no bash-only syntax', () => {
    const s = buildProbeScript({ kind: 'host', libvirtUri: 'qemu:///system' });
    expect(s).not.toContain('$\\{');
    expect(s).toContain('${_r%%"$EW_NL"*}');
    const code = s
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    for (const bashism of [
      '[[',
      '<<<',
      "$'",
      'function ',
      'local ',
      'pipefail',
      '&>',
      'echo -e',
      '${!',
      '$RANDOM',
      'source ',
    ]) {
      expect(code, bashism).not.toContain(bashism);
    }
  });
});
