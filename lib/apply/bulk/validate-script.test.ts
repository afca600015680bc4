import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateScript } from './validate-script';

describe('validateScript', () => {
  it('checks the schema where virt-xml-validate and xmllint exist, then asks the QEMU driver', () => {
    const s = validateScript('qemu:///system', "<domain type='qemu'/>");
    expect(s).toContain(
      'if command -v virt-xml-validate >/dev/null 2>&1 && command -v xmllint >/dev/null 2>&1; then',
    );
    expect(s).toContain('virsh -c qemu:///system domxml-to-native qemu-argv --xml domain.xml >/dev/null');
    expect(s).not.toMatch(/virsh[^\n]* define/);
  });

  it('asks no QEMU driver for a URI of another driver', () => {
    expect(validateScript('lxc:///system', '<domain/>')).not.toContain('domxml-to-native');
  });

  it('quotes an odd URI and carries the document unexpanded', () => {
    const xml = '<domain><name>$(touch /tmp/x)</name></domain>';
    const s = validateScript("qemu+ssh://h/system?x='1'", xml);
    expect(s).toContain(`virsh -c 'qemu+ssh://h/system?x='\\''1'\\''' domxml-to-native`);
    // Run the heredoc part with sh: the file holds the document byte for byte.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-validate-'));
    const write = s.split('\n').slice(s.split('\n').findIndex((l) => l.startsWith('cat > domain.xml')));
    const end = write.findIndex((l, i) => i > 0 && /^ENTROPY_WATCH_EOF_*$/.test(l));
    execFileSync('sh', ['-c', write.slice(0, end + 1).join('\n')], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'domain.xml'), 'utf8')).toBe(`${xml}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
