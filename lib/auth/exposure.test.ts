import { describe, expect, it } from 'vitest';
import { exposureMasks, maskDeep, redactLibvirtUri, webhookOrigin } from './exposure';

describe('least exposure', () => {
  it('strips user-info and query from libvirt URIs', () => {
    expect(redactLibvirtUri('qemu+ssh://root@kvm-01/system?keyfile=/root/.ssh/libvirt_key')).toBe(
      'qemu+ssh://kvm-01/system',
    );
    expect(redactLibvirtUri('qemu+ssh://root:pw@kvm-01:2222/system')).toBe('qemu+ssh://kvm-01:2222/system');
    expect(redactLibvirtUri('qemu:///system')).toBe('qemu:///system');
  });

  it('shows webhook URLs as scheme and host, with no user-info at all', () => {
    expect(webhookOrigin('https://hooks.slack.example/services/T0/B0/secret')).toBe(
      'https://hooks.slack.example',
    );
    expect(webhookOrigin('https://tok3n@hooks.example.com:8443/x?y=1')).toBe(
      'https://hooks.example.com:8443',
    );
    expect(webhookOrigin('https://user:***@host/...')).toBe('https://host');
    expect(webhookOrigin('not a url')).toBe('(hidden)');
  });

  it('masks identity files, known_hosts and libvirt URIs anywhere in nested data', () => {
    const masks = exposureMasks([
      {
        identityFile: '/root/.ssh/id_ed25519',
        knownHosts: '/etc/ew/known_hosts',
        libvirtUri: 'qemu+ssh://root@kvm/system?keyfile=/k',
      },
    ]);
    const data = {
      steps: [
        {
          command: 'ssh -i /root/.ssh/id_ed25519 -o UserKnownHostsFile=/etc/ew/known_hosts x',
          at: new Date(0),
        },
      ],
      uri: 'virsh -c qemu+ssh://root@kvm/system?keyfile=/k list',
    };
    const out = maskDeep(data, masks);
    expect(out.steps[0]!.command).toBe('ssh -i IDENTITY_FILE -o UserKnownHostsFile=KNOWN_HOSTS x');
    expect(out.steps[0]!.at).toBeInstanceOf(Date);
    expect(out.uri).toBe('virsh -c qemu+ssh://kvm/system list');
    expect(data.uri).toContain('root@'); // the input is not changed
  });
});
