// Writes the lab's inventory file from its targets (hosts in spec order, each with its guests).
import fs from 'node:fs';
import { inventoryYaml, type InventoryHost } from './inventory-file';
import type { LabPaths } from './lab-files';
import type { BuiltTargets } from './lab-spec';
import type { TargetRecord } from './target-runtime';

export function writeLabInventory(
  paths: LabPaths,
  built: BuiltTargets,
  records: Map<string, TargetRecord>,
): void {
  const all = [...records.values()];
  const hosts: InventoryHost[] = all
    .filter((t) => t.info.kind === 'host')
    .map((h) => ({
      name: h.info.name,
      port: h.info.port,
      libvirtUri: h.info.libvirtUri ?? `test://${paths.emptyNode}`,
      guests: all
        .filter((g) => g.info.kind === 'guest' && g.info.hostName === h.info.name)
        .map((g) => ({
          name: g.info.name,
          domain: g.info.domain ?? g.info.name,
          port: g.info.port,
          via: g.via ? h.info.name : null,
        })),
    }));
  fs.writeFileSync(
    paths.inventory,
    inventoryYaml({
      settings: built.settings,
      identityFile: paths.clientKey,
      knownHosts: paths.knownHosts,
      hosts,
    }),
  );
}
