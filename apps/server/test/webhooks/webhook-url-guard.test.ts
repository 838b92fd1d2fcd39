import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import {
  addressProblem,
  NOTHING_ALLOWED,
  parseWebhookUrl,
  type Resolver,
  resolveWebhookTarget,
  UnsafeUrlError,
} from '../../src/webhooks/webhook-url-guard.ts';

/** A DNS where these names point where an attacker wants; anything else does not exist. */
const hostileDns: Record<string, string[]> = {
  'internal.attacker.example': ['10.0.0.5'],
  'metadata.attacker.example': ['169.254.169.254'],
  'loop.attacker.example': ['127.0.0.1'],
  'loop6.attacker.example': ['::1'],
  'mapped.attacker.example': ['::ffff:127.0.0.1'],
  'ula.attacker.example': ['fd00:ec2::254'],
  'cgnat.attacker.example': ['100.100.100.200'],
  'mixed.attacker.example': ['93.184.215.14', '192.168.1.1'],
  'zero.attacker.example': ['0.0.0.0'],
  'linklocal6.attacker.example': ['fe80::1'],
  'public.example': ['93.184.215.14'],
  'public6.example': ['2606:4700:4700::1111'],
};
const resolver: Resolver = async (host) =>
  (hostileDns[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function check(raw: string, allow = NOTHING_ALLOWED) {
  return resolveWebhookTarget(parseWebhookUrl(raw), allow, resolver);
}

const hostile = [
  // loopback, every spelling WHATWG URL parsing accepts
  'http://127.0.0.1/',
  'http://127.0.0.1:8080/hook',
  'http://127.1/',
  'http://127.0.1/',
  'http://2130706433/',
  'http://0177.0.0.1/',
  'http://0177.1/',
  'http://0x7f.0x0.0x0.0x1/',
  'http://0x7f000001/',
  'http://0x7f.1/',
  'http://017700000001/',
  'http://127.0.0.1./',
  'http://127.255.255.254/',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://localhost/',
  'http://LOCALHOST/',
  'http://localhost./',
  'http://app.localhost/',
  'https://evil@127.0.0.1/',
  'https://user:pass@example.com/',
  'http://127.0.0.1#@example.com/',
  'http://127.0.0.1:80\\@example.com/',
  // unspecified, broadcast, multicast
  'http://0.0.0.0/',
  'http://0/',
  'http://[::]/',
  'http://255.255.255.255/',
  'http://224.0.0.1/',
  'http://[ff02::1]/',
  // private, CGNAT, link-local, metadata
  'http://10.0.0.1/',
  'http://167772161/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.0.1/',
  'http://0xc0a80001/',
  'http://100.64.0.1/',
  'http://100.100.100.200/',
  'http://169.254.169.254/latest/meta-data/',
  'http://2852039166/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[fd00:ec2::254]/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[fec0::1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[2001::1]/',
  'http://[100::1]/',
  'http://192.0.2.1/',
  'http://198.18.0.1/',
  'http://240.0.0.1/',
  // names that resolve where they should not (one bad address is enough)
  'https://internal.attacker.example/',
  'https://metadata.attacker.example/',
  'https://loop.attacker.example/',
  'https://loop6.attacker.example/',
  'https://mapped.attacker.example/',
  'https://ula.attacker.example/',
  'https://cgnat.attacker.example/',
  'https://mixed.attacker.example/',
  'https://zero.attacker.example/',
  'https://linklocal6.attacker.example/',
  'https://loop.attacker.example./',
  'https://nowhere.attacker.example/',
  // schemes and shapes
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_PING',
  'ftp://example.com/',
  'javascript:alert(1)',
  'data:text/plain,hi',
  'ws://public.example/',
  '//public.example/',
  '/relative/path',
  'not a url',
  `https://public.example/${'a'.repeat(2_000)}`,
];

describe('webhook URL guard', () => {
  it('covers at least 50 hostile URLs', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(50);
  });

  it.each(hostile)('refuses %s', async (raw) => {
    await expect(check(raw)).rejects.toThrow(UnsafeUrlError);
  });

  it.each([
    ['https://public.example/hooks', '93.184.215.14'],
    ['https://public6.example/', '2606:4700:4700::1111'],
    ['http://93.184.215.14:8443/x?y=1', '93.184.215.14'],
    ['https://[2606:4700:4700::1111]/', '2606:4700:4700::1111'],
  ])('accepts %s and connects to %s', async (raw, address) => {
    expect((await check(raw)).address).toBe(address);
  });

  it('says why, in words a person can act on', async () => {
    await expect(check('http://169.254.169.254/')).rejects.toThrow(
      /169\.254\.169\.254 is in the linkLocal range/,
    );
    await expect(check('http://[::ffff:7f00:1]/')).rejects.toThrow(/127\.0\.0\.1 is in the loopback range/);
    await expect(check('https://mixed.attacker.example/')).rejects.toThrow(
      /mixed\.attacker\.example resolves to a refused address: 192\.168\.1\.1 is in the private range/,
    );
    await expect(check('https://u:p@public.example/')).rejects.toThrow(/credentials/);
    await expect(check('gopher://public.example/')).rejects.toThrow(/Only http and https/);
  });

  it('lets an operator allow hosts, addresses and ranges', async () => {
    const { webhookAllow } = loadConfig({
      FLAGSTAFF_WEBHOOK_ALLOW: '127.0.0.1, 10.20.0.0/16, internal.attacker.example, ::1',
    });
    expect((await check('http://127.0.0.1:9/', webhookAllow)).address).toBe('127.0.0.1');
    expect((await check('http://[::ffff:127.0.0.1]/', webhookAllow)).address).toBe('::ffff:7f00:1');
    expect((await check('http://10.20.3.4/', webhookAllow)).address).toBe('10.20.3.4');
    expect((await check('http://[::1]/', webhookAllow)).address).toBe('::1');
    expect((await check('https://internal.attacker.example/', webhookAllow)).address).toBe('10.0.0.5');
    // Allowing some private addresses is not allowing all of them.
    await expect(check('http://10.21.0.1/', webhookAllow)).rejects.toThrow(UnsafeUrlError);
    await expect(check('http://127.0.0.2/', webhookAllow)).rejects.toThrow(UnsafeUrlError);
    await expect(check('http://169.254.169.254/', webhookAllow)).rejects.toThrow(UnsafeUrlError);
    await expect(check('http://localhost/', webhookAllow)).rejects.toThrow(UnsafeUrlError);
  });

  it('refuses a bad allow list at start, naming the variable', () => {
    for (const value of ['10.0.0.0/40', 'not a host!', 'http://x']) {
      expect(() => loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: value })).toThrow(ConfigError);
      expect(() => loadConfig({ FLAGSTAFF_WEBHOOK_ALLOW: value })).toThrow(/FLAGSTAFF_WEBHOOK_ALLOW/);
    }
    expect(loadConfig({}).webhookAllow.ranges).toEqual([]);
  });

  it('classifies addresses only as public unicast or refused', () => {
    expect(addressProblem('8.8.8.8')).toBeNull();
    expect(addressProblem('2001:4860:4860::8888')).toBeNull();
    expect(addressProblem('::ffff:8.8.8.8')).toBeNull();
    expect(addressProblem('not-an-ip')).toMatch(/not an IP address/);
    expect(addressProblem('::7f00:1')).toMatch(/not a global unicast/);
  });
});
