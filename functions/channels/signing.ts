/**
 * The three signatures, as each service publishes them, and their checks (for the local receiver).
 * test/channels/signing.test.ts pins each against the published examples, not only against itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const hmacBase64 = (key: string | Buffer, message: string): string => createHmac('sha256', key).update(message, 'utf8').digest('base64');

/** Compares two signatures in constant time (a signing oracle otherwise: Standard Webhooks, "Verifying signatures"). */
export const sameSignature = (a: string, b: string): boolean => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * DingTalk custom robot, 加签 (open.dingtalk.com, 自定义机器人安全设置): "把 timestamp+"\n"+密钥当做签名
 * 字符串，使用 HmacSHA256 算法计算签名，然后进行 Base64 encode，最后再把签名参数再进行 urlEncode"; the
 * key is the secret (SEC…), the timestamp in milliseconds, within an hour of DingTalk's clock. Returns
 * the base64; URLSearchParams does the urlEncode (+ → %2B, / → %2F, = → %3D, as the doc's quote_plus).
 */
export const dingtalkSign = (timestampMs: number, secret: string): string => hmacBase64(secret, `${timestampMs}\n${secret}`);

/**
 * Feishu/Lark custom bot, 签名校验 (open.feishu.cn, 自定义机器人使用指南): "timestamp + "\n" + 密钥 当做签名
 * 字符串，使用 HmacSHA256 算法计算签名，再进行 Base64 编码" — the doc's sample code makes that string the
 * HMAC *key* and signs an empty message. The timestamp is in seconds, within an hour.
 */
export const feishuSign = (timestampSeconds: number, secret: string): string => hmacBase64(`${timestampSeconds}\n${secret}`, '');

/** Both services refuse a timestamp more than an hour from their clock (DingTalk 310000, Feishu 19021). */
export const CHAT_SIGN_WINDOW_MS = 60 * 60_000;

export const dingtalkSignValid = (timestamp: string, sign: string, secret: string, nowMs: number): boolean => {
  const ms = Number(timestamp);
  return /^\d{13}$/.test(timestamp) && Math.abs(nowMs - ms) <= CHAT_SIGN_WINDOW_MS && sameSignature(sign, dingtalkSign(ms, secret));
};

export const feishuSignValid = (timestamp: string, sign: string, secret: string, nowMs: number): boolean => {
  const seconds = Number(timestamp);
  return /^\d{1,11}$/.test(timestamp) && Math.abs(nowMs - seconds * 1000) <= CHAT_SIGN_WINDOW_MS && sameSignature(sign, feishuSign(seconds, secret));
};

/**
 * A Standard Webhooks secret (spec 1.0.0, "Signature scheme"): `whsec_` then base64 of 24 to 64 random
 * bytes ("at least 24 bytes (192 bits, 512 maximum)"). Returns the key bytes; throws on anything else,
 * so a mistyped secret is refused when the channel is saved, not found out by the receiver.
 */
export const webhookKey = (secret: string): Buffer => {
  const encoded = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)?.[1];
  const key = encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
  // Buffer.from skips what is not base64; encoding the bytes again tells a clean secret from a mangled one.
  if (!key || key.toString('base64').replace(/=+$/, '') !== encoded!.replace(/=+$/, '')) throw new Error('a webhook secret is whsec_ followed by base64');
  if (key.length < 24 || key.length > 64) throw new Error('a webhook secret holds 24 to 64 bytes');
  return key;
};

/**
 * `webhook-signature` (spec, "Webhook headers"): `v1,` and the base64 HMAC-SHA256 of
 * `{msg_id}.{timestamp}.{payload}`, the timestamp in seconds. The id and timestamp may hold no `.`.
 */
export const webhookSignature = (key: Buffer, id: string, timestampSeconds: number, body: string): string => {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw new Error('a webhook id is letters, digits, - and _');
  return `v1,${hmacBase64(key, `${id}.${timestampSeconds}.${body}`)}`;
};

/** The receivers' default tolerance in the spec's libraries: five minutes either way. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/** True when one of the space-separated signatures is a v1 signature of this id, timestamp and body. */
export const webhookSignatureValid = (
  key: Buffer,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string,
  nowMs: number,
): boolean => {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d{1,11}$/.test(timestamp)) return false;
  const seconds = Number(timestamp);
  if (Math.abs(nowMs - seconds * 1000) > WEBHOOK_TOLERANCE_MS) return false;
  let expected: string;
  try {
    expected = webhookSignature(key, id, seconds, body);
  } catch {
    return false;
  }
  return signature.split(' ').some((candidate) => candidate.startsWith('v1,') && sameSignature(candidate, expected));
};
