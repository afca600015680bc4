// The host-side commands of a libvirt apply, run over the remediation account's SSH session. Every word
// is shell-quoted (lib/checks/remedy/shell-quote.ts); the new definition travels in a quoted heredoc.
import { shellJoin, writeFileCommand } from '../checks/remedy/shell-quote';

/** `virsh dumpxml --inactive`: the persistent definition (what the next start uses), not the live one. */
export function readDefinitionScript(uri: string, domain: string): string {
  return shellJoin(['virsh', '-c', uri, 'dumpxml', '--inactive', '--domain', domain]);
}

/** The live definition (what the running QEMU process uses), for "applied, waiting for a cold boot". */
export function readLiveDefinitionScript(uri: string, domain: string): string {
  return shellJoin(['virsh', '-c', uri, 'dumpxml', '--domain', domain]);
}

/**
 * Writes `xml` to a private temporary directory and defines it with `virsh define --validate`, which
 * checks it against libvirt's RNG schema first and stores nothing when that fails. Nothing is started,
 * stopped or hot-plugged: a running guest keeps its QEMU process until its next cold boot.
 */
export function defineScript(uri: string, xml: string): string {
  return [
    'set -e',
    'dir=$(mktemp -d)',
    `trap 'rm -rf "$dir"' EXIT`,
    'cd "$dir"',
    writeFileCommand('domain.xml', xml),
    shellJoin(['virsh', '-c', uri, 'define', '--validate', 'domain.xml']),
  ].join('\n');
}

/** The commands a preview shows (the heredoc body is the "after" side of the diff). */
export function shownCommands(uri: string, domain: string): string[] {
  return [
    readDefinitionScript(uri, domain),
    `${shellJoin(['virsh', '-c', uri, 'define', '--validate', 'domain.xml'])}   # domain.xml: the "after" side of the diff`,
  ];
}
