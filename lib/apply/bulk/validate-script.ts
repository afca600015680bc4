// Validation of a new definition WITHOUT defining it, so that every target of a bulk apply is checked
// before any is changed. `virsh define --validate` cannot do that: it validates and stores in one call.
// Two checks that store nothing, run over the remediation account's SSH session:
//  1. libvirt's RNG schema (what --validate checks) with `virt-xml-validate FILE domain`, where the host
//     has it (Debian: libvirt-clients; it needs xmllint from libxml2-utils). Skipped with a note where
//     absent: define --validate still checks the schema before storing.
//  2. `virsh domxml-to-native qemu-argv --xml FILE`: the QEMU driver parses the document with the same
//     parser and validation as define (e.g. "io='native' needs either no disk cache or directsync
//     cache mode") and prints the QEMU command line it would run; it registers no domain. It is also a
//     little stricter than define (it prepares a start), so a definition that could be stored but
//     never started is refused here too. Only for qemu:// URIs.
// Sources: libvirt docs, manpages/virsh.rst ("domxml-to-native"), manpages/virt-xml-validate.rst.
import { shellJoin, shellQuote, writeFileCommand } from '../../checks/remedy/shell-quote';

/** The host-side script that validates `xml` for `uri` and changes nothing; exit 0 = valid. */
export function validateScript(uri: string, xml: string): string {
  const lines = [
    // Something on stdout first: a failing script that printed nothing reads as a broken account.
    `echo ${shellQuote(`validating for ${uri}`)}`,
    'set -e',
    'dir=$(mktemp -d)',
    `trap 'rm -rf "$dir"' EXIT`,
    'cd "$dir"',
    writeFileCommand('domain.xml', xml),
    'if command -v virt-xml-validate >/dev/null 2>&1 && command -v xmllint >/dev/null 2>&1; then',
    '  virt-xml-validate domain.xml domain',
    'else',
    `  echo 'virt-xml-validate (with xmllint) is not on this host: the schema is checked by define --validate'`,
    'fi',
  ];
  if (/^qemu(\+[a-z]+)?:/.test(uri))
    lines.push(
      `${shellJoin(['virsh', '-c', uri, 'domxml-to-native', 'qemu-argv', '--xml', 'domain.xml'])} >/dev/null`,
      `echo 'the QEMU driver accepts the definition (domxml-to-native; nothing stored)'`,
    );
  return lines.join('\n');
}

/** The validation commands as a preview shows them. */
export function shownValidateCommands(uri: string): string[] {
  const cmds = ['virt-xml-validate domain.xml domain   # where installed'];
  if (/^qemu(\+[a-z]+)?:/.test(uri))
    cmds.push(shellJoin(['virsh', '-c', uri, 'domxml-to-native', 'qemu-argv', '--xml', 'domain.xml']));
  return cmds;
}
