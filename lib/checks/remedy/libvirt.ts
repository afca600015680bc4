import { DEFAULT_LIBVIRT_URI, hostLabel, libvirtUriFor, type RemediationContext } from './context';
import { shellJoin, writeFileCommand } from './shell-quote';
import type { RemediationStep } from './types';
import { xmlEscape } from './xml-escape';
import {
  plainQemu,
  plainQemuStep,
  proxmoxVmid,
  QEMU_RNG_OPTIONS,
  qmColdBootSteps,
  qmRngStep,
} from './proxmox';

// Host-side libvirt steps. Every virsh command names the domain with --domain so that a domain
// whose name starts with "-" cannot be read as an option, and every value is shell-quoted. A guest
// that Proxmox VE defines gets qm steps instead (./proxmox.ts), one no manager defines the QEMU options.

/** The recommended `<rng>` device: virtio, rate-limited, backed by the host's non-blocking /dev/urandom. */
export function rngDeviceXml(model = 'virtio'): string {
  return [
    `<rng model='${xmlEscape(model)}'>`,
    `  <rate bytes='1024' period='1000'/>`,
    `  <backend model='random'>/dev/urandom</backend>`,
    `</rng>`,
  ].join('\n');
}

/** `virsh -c URI <subcommand> <args...>` with every word quoted. */
export function virsh(uri: string, subcommand: string, ...args: string[]): string {
  return shellJoin(['virsh', '-c', uri, subcommand, ...args]);
}

/** The `<driver/>` line of a disk with a new cache and io mode, keeping its type and discard. */
export function driverLine(
  driverType: string | null,
  cache: string,
  io: string,
  discard: string | null,
): string {
  const attrs = [`name='qemu'`];
  if (driverType) attrs.push(`type='${xmlEscape(driverType)}'`);
  attrs.push(`cache='${xmlEscape(cache)}'`, `io='${xmlEscape(io)}'`);
  if (discard) attrs.push(`discard='${xmlEscape(discard)}'`);
  return `<driver ${attrs.join(' ')}/>`;
}

/** A note that the virsh URI is a default, when the inventory entry was not available. */
function uriNote(known: boolean): string {
  return known
    ? ''
    : ` (URI assumed: ${DEFAULT_LIBVIRT_URI}; use the host's libvirtUri from the inventory if it differs)`;
}

/** `virsh edit` of a domain with the XML to change, as one step on the host. */
export function editDomainStep(
  ctx: RemediationContext,
  domain: string,
  what: string,
  xml: string,
): RemediationStep {
  const { uri, known } = libvirtUriFor(ctx);
  return {
    description: `${what} Then save and quit: virsh validates the XML before it stores it${uriNote(known)}.`,
    runOn: hostLabel(ctx),
    command: virsh(uri, 'edit', '--domain', domain),
    xml,
  };
}

/**
 * Steps for a cold boot (shutdown, wait for "shut off", start): the new configuration applies only
 * when QEMU starts again; `virsh reboot` keeps the old QEMU process and its old devices.
 */
export function coldBootSteps(ctx: RemediationContext, domain: string): RemediationStep[] {
  const vmid = proxmoxVmid(ctx, domain);
  if (vmid !== null) return qmColdBootSteps(ctx, vmid);
  if (plainQemu(ctx, domain)) return [];
  const { uri } = libvirtUriFor(ctx);
  const runOn = hostLabel(ctx);
  return [
    {
      description:
        'Cold boot the guest so QEMU starts with the new configuration (a "virsh reboot" keeps the old QEMU ' +
        'process and its old devices). First shut it down…',
      runOn,
      command: virsh(uri, 'shutdown', '--domain', domain),
    },
    {
      description: '…wait until this prints "shut off" (the guest OS has to finish shutting down)…',
      runOn,
      command: virsh(uri, 'domstate', '--domain', domain),
    },
    { description: '…then start it again.', runOn, command: virsh(uri, 'start', '--domain', domain) },
  ];
}

/** Steps that add the recommended `<rng>`: write the XML file, then hot-plug it or add it for the next boot. */
export function attachRngSteps(
  ctx: RemediationContext,
  domain: string,
  state: string | null,
): RemediationStep[] {
  const vmid = proxmoxVmid(ctx, domain);
  if (vmid !== null)
    return [qmRngStep(ctx, vmid), ...(state === 'shut off' ? [] : qmColdBootSteps(ctx, vmid))];
  if (plainQemu(ctx, domain))
    return [plainQemuStep(ctx, domain, 'add a rate-limited virtio-rng device', QEMU_RNG_OPTIONS)];
  const { uri, known } = libvirtUriFor(ctx);
  const runOn = hostLabel(ctx);
  const file = 'rng-device.xml';
  const write: RemediationStep = {
    description: `Write the device XML to ${file} in the current directory.`,
    runOn,
    command: writeFileCommand(file, rngDeviceXml()),
    xml: rngDeviceXml(),
  };
  if (state === 'shut off') {
    return [
      write,
      {
        description: `Add the device to the persistent configuration; it is there at the next start${uriNote(known)}.`,
        runOn,
        command: virsh(uri, 'attach-device', '--domain', domain, '--file', file, '--config'),
      },
    ];
  }
  return [
    write,
    {
      description: `Hot-plug the device now and keep it in the persistent configuration${uriNote(known)}.`,
      runOn,
      command: virsh(uri, 'attach-device', '--domain', domain, '--file', file, '--live', '--config'),
    },
    {
      description:
        'If hot-plug fails (no free PCI slot, or a machine type without hot-plug), add it to the persistent ' +
        'configuration only; it takes effect at the next cold boot (shutdown + start; a "virsh reboot" keeps ' +
        'the old QEMU process).',
      runOn,
      command: virsh(uri, 'attach-device', '--domain', domain, '--file', file, '--config'),
    },
  ];
}

/**
 * The step that fixes a guest's RNG device: `virsh edit` with `xml` for libvirt, `qm set --rng0` for
 * Proxmox VE, the QEMU options for a QEMU nobody manages. A cold boot (coldBootSteps) follows.
 */
export function rngEditStep(
  ctx: RemediationContext,
  domain: string,
  what: string,
  xml: string,
): RemediationStep {
  const vmid = proxmoxVmid(ctx, domain);
  if (vmid !== null) return qmRngStep(ctx, vmid);
  if (plainQemu(ctx, domain)) return plainQemuStep(ctx, domain, 'use this RNG device', QEMU_RNG_OPTIONS);
  return editDomainStep(ctx, domain, what, xml);
}
