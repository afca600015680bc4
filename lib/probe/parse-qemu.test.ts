import { describe, expect, it } from 'vitest';
import { cmdlineArgv, isQemuCommand, qemuGuestName, splitQemuOpts } from './parse-qemu';

describe('isQemuCommand', () => {
  it('recognises QEMU names, including the 15-character lsof cut', () => {
    for (const c of ['qemu-system-x86', 'qemu-system-x86_64', 'qemu-system-aar', 'qemu-kvm', 'kvm']) {
      expect(isQemuCommand(c)).toBe(true);
    }
    for (const c of ['rngd', 'haveged', 'qemu-img', 'qemu-ga', 'libvirtd', ''])
      expect(isQemuCommand(c)).toBe(false);
  });
});

describe('splitQemuOpts', () => {
  it('splits on single commas and unescapes doubled ones', () => {
    expect(splitQemuOpts('guest=a,,b,debug-threads=on')).toEqual(['guest=a,b', 'debug-threads=on']);
    expect(splitQemuOpts('x,,,,y,')).toEqual(['x,,y', '']);
    expect(splitQemuOpts('plain')).toEqual(['plain']);
  });
});

describe('qemuGuestName', () => {
  const argv = (name: string) => ['/usr/bin/qemu-system-x86_64', '-machine', 'q35', '-name', name, '-S'];
  it('reads the libvirt form guest=NAME,... with escaped commas', () => {
    expect(qemuGuestName(argv('guest=web-1,debug-threads=on'))).toBe('web-1');
    expect(qemuGuestName(argv('guest=a,,b c,debug-threads=on'))).toBe('a,b c');
    expect(qemuGuestName(argv("guest=x'; rm -rf / #"))).toBe("x'; rm -rf / #");
  });
  it('reads the bare form -name NAME and the implied key after other keys', () => {
    expect(qemuGuestName(argv('web-2'))).toBe('web-2');
    expect(qemuGuestName(argv('web-3,process=qemu-web-3'))).toBe('web-3');
    expect(qemuGuestName(argv('process=p,guest=web-4'))).toBe('web-4');
    expect(qemuGuestName(['qemu-kvm', '--name', 'guest=web-5'])).toBe('web-5');
  });
  it('returns null when there is no usable name', () => {
    expect(qemuGuestName(['qemu-system-x86_64', '-m', '512'])).toBeNull();
    expect(qemuGuestName(['qemu-system-x86_64', '-name'])).toBeNull();
    expect(qemuGuestName(argv(''))).toBeNull();
    expect(qemuGuestName(argv('guest=,debug-threads=on'))).toBeNull();
    expect(qemuGuestName(argv('process=p'))).toBeNull();
  });
});

describe('cmdlineArgv', () => {
  it('splits NUL-terminated arguments, keeping empty ones in the middle', () => {
    expect(cmdlineArgv(Buffer.from('qemu\0-name\0\0guest=a\0'))).toEqual(['qemu', '-name', '', 'guest=a']);
    expect(cmdlineArgv(Buffer.from(''))).toEqual([]);
  });
});
