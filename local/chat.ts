/**
 * The local chat receiver: a stand-in for WeCom, DingTalk and Feishu group robots and for a county's
 * Standard Webhooks endpoint, where no emulator of them exists. It answers on the services' own paths
 * with their success and error bodies, checks DingTalk's and Feishu's signatures (a wrong sign is
 * refused with the service's code), keeps their rate limits per robot, and shows every message it got
 * in a small web inbox (zh/en) at `/` and as JSON at `GET /store` (`DELETE /store` empties it).
 *
 * What it cannot know it says so: the codes are the ones the services publish or were seen to answer
 * (see each kind's slice, functions/channels/<kind>/), and so are the messages where we saw them; where we found no code (a
 * body that is not JSON, an oversized Feishu body, a GET to WeCom) the message ends in "(local)".
 * A robot is any key or token it is sent, unless `strict`; a registered robot with a secret is checked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DINGTALK_BLOCK_SECONDS, DINGTALK_MAX_BYTES, DINGTALK_PER_MINUTE } from '../functions/channels/dingtalk';
import { FEISHU_MAX_BYTES, FEISHU_PATH_PREFIX, FEISHU_PER_MINUTE, FEISHU_PER_SECOND } from '../functions/channels/feishu';
import type { ChannelKind } from '../functions/channels/notice';
import { dingtalkSignValid, feishuSignValid, webhookKey, webhookSignatureValid } from '../functions/channels/signing';
import { WECOM_MARKDOWN_MAX_BYTES, WECOM_PATH, WECOM_PER_MINUTE, WECOM_TEXT_MAX_BYTES } from '../functions/channels/wecom';
import { escapeHtml } from '../functions/domain/html';
import { assertPortFree } from './ports';

export const DEFAULT_CHAT_PORT = 8006;
const MAX_BODY = 1024 * 1024;
const MINUTE = 60_000;

export interface ChatRobot {
  kind: ChannelKind;
  /** The WeCom key, DingTalk access_token, Feishu hook token, or the webhook's name in /webhook/:name. */
  token: string;
  /** DingTalk's SEC… or Feishu's signing secret, or a webhook's whsec_…: posts are then checked. */
  secret?: string;
}

export interface ChatReceiverOptions {
  port: number;
  host: '127.0.0.1';
  robots?: ChatRobot[];
  /** Refuse robots not registered, as the services refuse an unknown key (default: take any). */
  strict?: boolean;
  /** The clock for signature windows and rate limits (tests move it). */
  now?: () => number;
  /** Messages kept, oldest dropped first. */
  keep?: number;
}

export interface ReceivedChatMessage {
  id: number;
  at: string;
  kind: ChannelKind;
  robot: string;
  accepted: boolean;
  /** What the receiver answered, as the service would. */
  answer: { status: number; body: unknown };
  /** The message's text as the group would read it. */
  text: string;
  mentions: { mobiles: string[]; names: string[] };
  payload: unknown;
}

export interface ChatReceiver {
  url: string;
  port: number;
  messages(): ReceivedChatMessage[];
  clear(): void;
  addRobot(robot: ChatRobot): void;
  stop(): Promise<void>;
}

type Answer = { status: number; body: unknown };
type Post = { kind: ChannelKind; robot: string; payload: unknown; text: string; mentions: ReceivedChatMessage['mentions'] };
const reply = (status: number, body: unknown): Answer => ({ status, body });
const wecomError = (errcode: number, errmsg: string) => reply(200, { errcode, errmsg });
const dingtalkError = wecomError;
const feishuError = (code: number, msg: string) => reply(200, { code, data: {}, msg });
const OK = { wecom: reply(200, { errcode: 0, errmsg: 'ok' }), dingtalk: reply(200, { errcode: 0, errmsg: 'ok' }), feishu: reply(200, { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }) };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const parseJson = (body: Buffer): Record<string, unknown> | undefined => {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** Accepted posts per robot, for the services' sliding windows. */
class RateWindows {
  private readonly sent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  count(robot: string, now: number, windowMs: number): number {
    return (this.sent.get(robot) ?? []).filter((at) => at > now - windowMs).length;
  }
  record(robot: string, now: number): void {
    this.sent.set(robot, [...(this.sent.get(robot) ?? []).filter((at) => at > now - MINUTE), now]);
  }
  block(robot: string, until: number): void {
    this.blockedUntil.set(robot, until);
  }
  blocked(robot: string, now: number): boolean {
    return (this.blockedUntil.get(robot) ?? 0) > now;
  }
}

export const startChatReceiver = async (options: ChatReceiverOptions): Promise<ChatReceiver> => {
  await assertPortFree(options.port, 'the chat receiver');
  const now = options.now ?? Date.now;
  const keep = options.keep ?? 1000;
  const robots = new Map<string, ChatRobot>();
  const addRobot = (robot: ChatRobot) => {
    if (robot.kind === 'webhook' && robot.secret) webhookKey(robot.secret); // a bad whsec_ fails here, not on the first post
    robots.set(`${robot.kind}:${robot.token}`, robot);
  };
  for (const robot of options.robots ?? []) addRobot(robot);
  const known = (kind: ChannelKind, token: string) => robots.get(`${kind}:${token}`);
  const unknown = (kind: ChannelKind, token: string) => options.strict === true && !known(kind, token);
  const rates = new RateWindows();
  let messages: ReceivedChatMessage[] = [];
  let nextId = 1;

  const wecom = (url: URL, body: Buffer, post: Post): Answer => {
    const key = url.searchParams.get('key') ?? '';
    if (!key || unknown('wecom', key)) return wecomError(93000, 'invalid webhook url, hint: [local receiver]');
    const robot = `wecom:${key}`;
    if (rates.count(robot, now(), MINUTE) >= WECOM_PER_MINUTE) return wecomError(45009, 'api freq out of limit');
    const json = parseJson(body);
    const type = json?.msgtype;
    if (type !== 'text' && type !== 'markdown') return wecomError(40008, json ? 'invalid message type' : 'invalid json (local)');
    const message = record(json![type]);
    const content = typeof message.content === 'string' ? message.content : '';
    if (!content) return wecomError(44004, 'empty content');
    if (Buffer.byteLength(content) > (type === 'text' ? WECOM_TEXT_MAX_BYTES : WECOM_MARKDOWN_MAX_BYTES)) return wecomError(45002, 'content size out of limit');
    Object.assign(post, { text: content, mentions: { mobiles: strings(message.mentioned_mobile_list), names: strings(message.mentioned_list) } });
    rates.record(robot, now());
    return OK.wecom;
  };

  const dingtalk = (request: IncomingMessage, url: URL, body: Buffer, post: Post): Answer => {
    if (request.method !== 'POST') return dingtalkError(43002, '需要POST请求');
    const token = url.searchParams.get('access_token') ?? '';
    if (!token) return dingtalkError(40035, '缺少参数 access_token');
    if (unknown('dingtalk', token)) return dingtalkError(300005, 'token is not exist');
    const secret = known('dingtalk', token)?.secret;
    if (secret && !dingtalkSignValid(url.searchParams.get('timestamp') ?? '', url.searchParams.get('sign') ?? '', secret, now())) {
      return dingtalkError(310000, 'sign not match, more: [https://open.dingtalk.com/document/robots/customize-robot-security-settings]');
    }
    const robot = `dingtalk:${token}`;
    // Beyond 20 a minute DingTalk blocks the robot for ten minutes, whatever it sends meanwhile.
    if (rates.blocked(robot, now())) return dingtalkError(130101, 'send too fast, exceed 20 times per minute');
    if (rates.count(robot, now(), MINUTE) >= DINGTALK_PER_MINUTE) {
      rates.block(robot, now() + DINGTALK_BLOCK_SECONDS * 1000);
      return dingtalkError(130101, 'send too fast, exceed 20 times per minute');
    }
    if (!/^application\/json/i.test(request.headers['content-type'] ?? '')) return dingtalkError(43004, '无效的HTTP HEADER Content-Type');
    if (body.length > DINGTALK_MAX_BYTES) return dingtalkError(460101, 'message too long, exceed 20000 bytes');
    const json = parseJson(body);
    const type = json?.msgtype;
    if (type !== 'text' && type !== 'markdown') return dingtalkError(400105, 'unsupported msgtype (local)');
    const message = record(json![type]);
    const text = typeof message.content === 'string' ? message.content : typeof message.text === 'string' ? message.text : '';
    Object.assign(post, { text, mentions: { mobiles: strings(record(json!.at).atMobiles), names: [] } });
    rates.record(robot, now());
    return OK.dingtalk;
  };

  const feishu = (token: string, body: Buffer, post: Post): Answer => {
    if (!/^[\w-]+$/.test(token) || unknown('feishu', token)) return feishuError(19001, 'param invalid: incoming webhook access token invalid');
    if (body.length > FEISHU_MAX_BYTES) return feishuError(9499, 'Bad Request: request body too large (local)');
    const json = parseJson(body);
    if (!json) return feishuError(9499, 'Bad Request: fail to parse content (local)');
    const secret = known('feishu', token)?.secret;
    if (secret && !feishuSignValid(String(json.timestamp ?? ''), String(json.sign ?? ''), secret, now())) {
      return feishuError(19021, 'sign match fail or timestamp is not within one hour from current time');
    }
    const robot = `feishu:${token}`;
    if (rates.count(robot, now(), 1000) >= FEISHU_PER_SECOND) return feishuError(9499, 'too many request');
    if (rates.count(robot, now(), MINUTE) >= FEISHU_PER_MINUTE) return feishuError(11232, 'frequency limited');
    if (json.msg_type !== 'text') return feishuError(9499, 'Bad Request: unsupported msg_type (local)');
    const text = record(json.content).text;
    // A sign stays good for an hour: the inbox keeps the message, not a signature one could replay.
    Object.assign(post, { text: typeof text === 'string' ? text : '', mentions: { mobiles: [], names: [] }, payload: { ...json, ...(json.sign ? { sign: '(checked)' } : {}) } });
    rates.record(robot, now());
    return OK.feishu;
  };

  const webhook = (request: IncomingMessage, name: string, body: Buffer, post: Post): Answer => {
    if (unknown('webhook', name)) return reply(404, { error: 'no such endpoint' });
    const secret = known('webhook', name)?.secret;
    const header = (key: string) => (typeof request.headers[key] === 'string' ? (request.headers[key] as string) : undefined);
    const signed = { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') };
    if (secret && !webhookSignatureValid(webhookKey(secret), signed, body.toString('utf8'), now())) return reply(401, { error: 'invalid signature' });
    const json = parseJson(body);
    if (!json) return reply(400, { error: 'the body is not a JSON object' });
    const data = record(json.data);
    const lines = [typeof json.type === 'string' ? `[${json.type}]` : '', typeof data.title === 'string' ? data.title : '', ...strings(data.lines)];
    for (const action of Array.isArray(data.actions) ? data.actions : []) lines.push(`${String(record(action).label ?? '')}：${String(record(action).url ?? '')}`);
    const mentions = record(data.mentions);
    Object.assign(post, { text: lines.filter(Boolean).join('\n'), mentions: { mobiles: strings(mentions.mobiles), names: strings(mentions.names) } });
    return reply(204, null);
  };

  const route = (request: IncomingMessage, url: URL, body: Buffer): { post: Post; answer: Answer } | undefined => {
    const post: Post = { kind: 'wecom', robot: '', payload: parseJson(body) ?? body.toString('utf8').slice(0, 2000), text: '', mentions: { mobiles: [], names: [] } };
    const path = url.pathname;
    if (path === WECOM_PATH) {
      Object.assign(post, { kind: 'wecom', robot: url.searchParams.get('key') ?? '' });
      return { post, answer: request.method === 'POST' ? wecom(url, body, post) : wecomError(43002, 'require POST method (local)') };
    }
    if (path === '/robot/send') return { post: Object.assign(post, { kind: 'dingtalk', robot: url.searchParams.get('access_token') ?? '' }), answer: dingtalk(request, url, body, post) };
    if (path.startsWith(FEISHU_PATH_PREFIX) && request.method === 'POST') {
      const token = decodeURIComponent(path.slice(FEISHU_PATH_PREFIX.length));
      return { post: Object.assign(post, { kind: 'feishu', robot: token }), answer: feishu(token, body, post) };
    }
    const hook = /^\/webhook\/([\w-]+)$/.exec(path);
    if (hook && request.method === 'POST') return { post: Object.assign(post, { kind: 'webhook', robot: hook[1]! }), answer: webhook(request, hook[1]!, body, post) };
    return undefined;
  };

  const server: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      if (body === undefined) return send(response, 413, { error: 'body over 1 MB' });
      const url = new URL(request.url ?? '/', 'http://local');
      if (url.pathname === '/store') {
        if (request.method === 'DELETE') {
          messages = [];
          return send(response, 204, null);
        }
        return send(response, 200, { messages });
      }
      if (url.pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
        const html = renderInbox(messages, url.searchParams.get('lang') === 'en' ? 'en' : 'zh');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' });
        return response.end(request.method === 'HEAD' ? undefined : html);
      }
      const routed = route(request, url, body);
      if (!routed) return send(response, 404, { error: `nothing at ${request.method} ${url.pathname}` });
      const { post, answer } = routed;
      // The service took it when its answer is its success: errcode or code 0, or a 2xx for a webhook.
      const answered = record(answer.body);
      const accepted = answer.status < 300 && (post.kind === 'webhook' || (answered.errcode ?? answered.code) === 0);
      messages.push({ id: nextId++, at: new Date(now()).toISOString(), kind: post.kind, robot: post.robot, accepted, answer, text: post.text, mentions: post.mentions, payload: post.payload });
      if (messages.length > keep) messages = messages.slice(-keep);
      send(response, answer.status, answer.body);
    } catch (error) {
      send(response, 500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    url: `http://${options.host}:${options.port}`,
    port: options.port,
    messages: () => [...messages],
    clear: () => {
      messages = [];
    },
    addRobot,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const send = (response: ServerResponse, status: number, body: unknown) => {
  if (status === 204 || body === null) return response.writeHead(status).end();
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

const readBody = async (request: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** The messages a receiver holds (tests, and what `npm start` will point at). */
export const receivedChatMessages = async (url: string): Promise<ReceivedChatMessage[]> =>
  ((await (await fetch(`${url}/store`)).json()) as { messages: ReceivedChatMessage[] }).messages;

const KIND_NAMES: Record<ChannelKind, { zh: string; en: string }> = {
  wecom: { zh: '企业微信', en: 'WeCom' },
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
  feishu: { zh: '飞书', en: 'Feishu' },
  webhook: { zh: 'Webhook', en: 'Webhook' },
};
const WORDS = {
  zh: { title: '本地群消息收件箱', empty: '尚未收到消息。', accepted: '已接收', refused: '已拒绝', robot: '机器人', mentions: '提醒', other: 'English', otherLang: 'en', note: '本地替身：企业微信、钉钉、飞书与 Webhook 的接收端（非官方模拟器）。每 5 秒刷新。' },
  en: { title: 'Local chat inbox', empty: 'No messages yet.', accepted: 'accepted', refused: 'refused', robot: 'robot', mentions: 'mentions', other: '中文', otherLang: 'zh', note: 'A local stand-in for WeCom, DingTalk, Feishu and webhook receivers (not an official emulator). Refreshes every 5 s.' },
} as const;

/** A robot's key is a credential even here: the inbox shows only its start. */
const masked = (token: string): string => (token.length > 6 ? `${token.slice(0, 6)}…` : token);

/** The inbox page, newest first: everything escaped, styles inline, nothing fetched from elsewhere. */
export const renderInbox = (messages: ReceivedChatMessage[], lang: 'zh' | 'en'): string => {
  const words = WORDS[lang];
  const items = [...messages].reverse().map((message) => {
    const mentions = [...message.mentions.mobiles, ...message.mentions.names];
    const answer = JSON.stringify(message.answer.body);
    return `<li class="${message.accepted ? 'ok' : 'no'}"><p class="meta"><b>${escapeHtml(KIND_NAMES[message.kind][lang])}</b> · ${words.robot} <code>${escapeHtml(masked(message.robot))}</code> · <time>${escapeHtml(message.at)}</time> · ${message.accepted ? words.accepted : words.refused} <code>${escapeHtml(String(message.answer.status))} ${escapeHtml(answer ?? '')}</code></p>`
      + `<pre>${escapeHtml(message.text)}</pre>${mentions.length > 0 ? `<p class="meta">${words.mentions}: ${mentions.map((m) => `@${escapeHtml(m)}`).join(' ')}</p>` : ''}</li>`;
  });
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta http-equiv="refresh" content="5"><link rel="icon" href="data:,"><title>${words.title}</title><style>`
    + 'body{font:15px/1.5 system-ui,sans-serif;margin:1rem auto;max-width:48rem;padding:0 1rem;color:#1a1a1a}ol{list-style:none;padding:0}'
    + 'li{border:1px solid #ccc;border-left:6px solid #2e7d32;border-radius:4px;margin:.75rem 0;padding:.5rem .75rem}li.no{border-left-color:#c62828}'
    + '.meta{color:#555;font-size:13px;margin:.25rem 0}pre{white-space:pre-wrap;word-break:break-word;margin:.5rem 0;font:inherit}code{font-size:12px}'
    + `</style></head><body><header><h1>${words.title}</h1><p><a href="/?lang=${words.otherLang}">${words.other}</a> · <a href="/store">/store</a></p><p class="meta">${words.note}</p></header>`
    + `<main>${items.length > 0 ? `<ol>${items.join('')}</ol>` : `<p>${words.empty}</p>`}</main></body></html>`;
};

// `npx tsx local/chat.ts`: the receiver alone, on CHAT_PORT.
if (import.meta.main) {
  const port = Number(process.env.CHAT_PORT ?? DEFAULT_CHAT_PORT);
  const receiver = await startChatReceiver({ port, host: '127.0.0.1' });
  console.log(`chat receiver on ${receiver.url} — inbox at ${receiver.url}/ (English: /?lang=en), JSON at /store`);
}
