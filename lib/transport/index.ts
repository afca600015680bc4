import { createLocalTransport } from './local-transport';
import { createSshTransport, type SshTransportOptions } from './ssh-transport';
import type { Transport } from './types';

export type { ExecResult, Transport } from './types';

/** The transport the collector uses: targets of kind "local" run on this machine, all others over SSH. */
export function createTransport(options: SshTransportOptions = {}): Transport {
  const local = createLocalTransport();
  const ssh = createSshTransport(options);
  return {
    run: (target, script, opts) => (target.kind === 'local' ? local : ssh).run(target, script, opts),
    retain: (names) => ssh.retain(names),
    close: async () => {
      await Promise.all([local.close(), ssh.close()]);
    },
  };
}
