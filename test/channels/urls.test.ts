/** Channel URLs refused and accepted, per kind; the resolver is a stub, so no DNS is asked. */
import { describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../functions/channels';
import { checkChannelUrl, isPublicAddress, type Resolver } from '../../functions/channels/urls';

const zone: Record<string, string[]> = {
  'hooks.example.org': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'localhost.example.org': ['127.0.0.1'],
  'intranet.example.org': ['10.20.30.40'],
  'metadata.example.org': ['169.254.169.254'],
  'mixed.example.org': ['93.184.215.14', '192.168.1.10'],
  'ula.example.org': ['fd00:ec2::254'],
  'compatible.example.org': ['::a9fe:a9fe'],
  'translated.example.org': ['::ffff:0:a9fe:a9fe'],
};
const resolve: Resolver = async (host) => {
  const addresses = zone[host];
  if (!addresses) throw new Error('ENOTFOUND');
  return addresses;
};
const check = (kind: ChannelKind, url: string, allowLocal = false) => checkChannelUrl(kind, url, { resolve, allowLocal });

const GOOD: Record<ChannelKind, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/0d1e-ab',
  webhook: 'https://hooks.example.org/checkpoint-watch',
};

describe('channel URLs', () => {
  it('accepts each kind on its own host over https (Feishu on Lark\'s host too)', async () => {
    for (const kind of Object.keys(GOOD) as ChannelKind[]) expect((await check(kind, GOOD[kind])).ok, kind).toBe(true);
    expect((await check('feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/x1')).ok).toBe(true);
  });

  it('refuses each chat kind on another host, a look-alike, another port, or over http', async () => {
    const bad: [ChannelKind, string][] = [
      ['wecom', 'https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k'],
      ['wecom', 'https://qyapi.weixin.qq.com./cgi-bin/webhook/send?key=k'],
      ['wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
      ['wecom', 'https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=k'],
      ['wecom', GOOD.dingtalk],
      ['dingtalk', 'https://oapi.dingtalk.com.cn/robot/send?access_token=a'],
      ['dingtalk', GOOD.wecom],
      ['feishu', 'https://open.feishu.com/open-apis/bot/v2/hook/x'],
      ['feishu', 'https://hooks.example.org/open-apis/bot/v2/hook/x'],
    ];
    for (const [kind, url] of bad) expect((await check(kind, url)).ok, `${kind} ${url}`).toBe(false);
  });

  it('refuses a chat URL without its key or token, with user info, or with a fragment', async () => {
    for (const [kind, url] of [
      ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'],
      ['dingtalk', 'https://oapi.dingtalk.com/robot/send?token=abc'],
      ['feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/'],
      ['feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/a/../../../x'],
      ['webhook', 'https://user:pw@hooks.example.org/in'],
      ['webhook', 'https://hooks.example.org/in#x'],
      ['webhook', 'not a url'],
    ] as const) expect((await check(kind, url)).ok, url).toBe(false);
  });

  it('refuses a webhook over http, or to a host that resolves to loopback, private, metadata, a ULA, or any non-public address among public ones', async () => {
    for (const url of [
      'http://hooks.example.org/in',
      'https://localhost.example.org/in',
      'https://intranet.example.org/in',
      'https://metadata.example.org/latest/meta-data/',
      'https://mixed.example.org/in',
      'https://ula.example.org/in',
      'https://compatible.example.org/in',
      'https://translated.example.org/in',
      'https://nowhere.example.org/in',
    ]) {
      const result = await check('webhook', url);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.reason).not.toContain('example.org');
    }
  });

  it('refuses address literals that are not public, however they are spelled', async () => {
    for (const url of [
      'https://127.0.0.1/in', 'https://2130706433/in', 'https://0x7f.1/in', 'https://[::1]/in', 'https://[::ffff:127.0.0.1]/in',
      'https://169.254.169.254/latest', 'https://[fd00:ec2::254]/latest', 'https://[fe80::1]/in', 'https://100.64.0.1/in',
      'https://172.16.5.4/in', 'https://192.168.0.1/in', 'https://0.0.0.0/in', 'https://[::]/in',
      // IPv4 inside IPv6 other than mapped: compatible (::a.b.c.d) and translated (::ffff:0:a.b.c.d), of metadata, loopback, and a public one.
      'https://[::a9fe:a9fe]/latest', 'https://[::169.254.169.254]/latest', 'https://[::ffff:0:a9fe:a9fe]/latest', 'https://[::ffff:0:169.254.169.254]/latest',
      'https://[::7f00:1]/in', 'https://[::ffff:0:7f00:1]/in', 'https://[::8.8.8.8]/in', 'https://[::ffff:0:8.8.8.8]/in',
    ]) expect((await check('webhook', url)).ok, url).toBe(false);
    expect((await check('webhook', 'https://93.184.215.14/in')).ok).toBe(true);
  });

  it('gives the addresses it checked, for the sender to connect to (no second lookup)', async () => {
    const result = await check('webhook', GOOD.webhook);
    expect(result).toMatchObject({ ok: true, addresses: zone['hooks.example.org'] });
  });

  it('the local stack alone may post to http://127.0.0.1:<port>, on each kind\'s own path', async () => {
    for (const [kind, url] of [
      ['wecom', 'http://127.0.0.1:8006/cgi-bin/webhook/send?key=k'],
      ['dingtalk', 'http://127.0.0.1:8006/robot/send?access_token=t'],
      ['feishu', 'http://127.0.0.1:8006/open-apis/bot/v2/hook/h'],
      ['webhook', 'http://127.0.0.1:8006/webhook/county'],
    ] as const) {
      expect((await check(kind, url, true)).ok, url).toBe(true);
      expect((await check(kind, url, false)).ok, url).toBe(false);
    }
    expect((await check('wecom', 'http://127.0.0.1:8006/other?key=k', true)).ok).toBe(false);
    expect((await check('webhook', 'http://127.0.0.1/webhook/x', true)).ok).toBe(false);
    expect((await check('webhook', 'http://10.0.0.5:8006/webhook/x', true)).ok).toBe(false);
  });

  it('isPublicAddress: public v4 and v6 yes; CGNAT, benchmark, multicast, documentation, NAT64 of loopback, IPv4-compatible and -translated no', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2400:3200::1')).toBe(true);
    for (const address of ['100.127.255.255', '198.18.0.1', '224.0.0.1', '192.0.2.1', '2001:db8::1', '64:ff9b::7f00:1', '::a9fe:a9fe', '::ffff:0:a9fe:a9fe', 'ff02::1', 'not an ip']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});
