// SSH host keys of the lab, by key name: targets whose fixtures name the same key present the same
// host key (clones). Keys are generated once, in parallel, before any target needs them.
import path from 'node:path';
import { generateKey } from '../support/keys';

const KEYGEN_CONCURRENCY = 8;

export class LabKeys {
  private readonly dirs = new Map<string, string>();
  private readonly publicKeys = new Map<string, string>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly root: string) {}

  /** Generates the keys not generated yet. */
  async ensure(names: string[]): Promise<void> {
    const todo = [...new Set(names)].filter((n) => !this.publicKeys.has(n));
    const queue = [...todo];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await this.generate(name);
    };
    await Promise.all(Array.from({ length: Math.min(KEYGEN_CONCURRENCY, todo.length) }, worker));
  }

  private generate(name: string): Promise<void> {
    let p = this.pending.get(name);
    if (!p) {
      const dir = path.join(this.root, `k${this.pending.size + 1}`);
      this.dirs.set(name, dir);
      p = generateKey(path.join(dir, 'ssh_host_ed25519_key'), { comment: 'root@lab' }).then((pub) => {
        this.publicKeys.set(name, pub);
      });
      this.pending.set(name, p);
    }
    return p;
  }

  /** Directory holding ssh_host_ed25519_key(.pub) of a generated key. */
  dir(name: string): string {
    const dir = this.dirs.get(name);
    if (!dir || !this.publicKeys.has(name)) throw new Error(`lab key "${name}" has not been generated`);
    return dir;
  }

  /** "ssh-ed25519 AAAA..." of a generated key. */
  publicKey(name: string): string {
    const key = this.publicKeys.get(name);
    if (!key) throw new Error(`lab key "${name}" has not been generated`);
    return key;
  }
}
