/**
 * What a service's answer means for the notice: sent, worth trying again (a rate limit, the service
 * busy or down), or not (a bad key or sign, a robot removed, a message refused). The HTTP status is
 * read first; WeCom, DingTalk and Feishu answer most errors with 200 and a code in the body, so the
 * code decides there. Each service's table of codes is in its folder (<kind>/answers.ts).
 */

/** Why a notice did not go, in words a person can act on (the next level is told the reason). */
export type Problem = 'bad-key' | 'bad-sign' | 'blocked' | 'too-long' | 'bad-request' | 'rate-limited' | 'service-error' | 'redirect' | 'unknown';

export const PROBLEM_TEXT: Record<Problem, { zh: string; en: string }> = {
  'bad-key': { zh: '地址或密钥无效（机器人已删除或地址有误）', en: 'key invalid (robot removed or URL wrong)' },
  'bad-sign': { zh: '签名无效（密钥不符或时钟偏差）', en: 'signature invalid (secret wrong or clock off)' },
  blocked: { zh: '被机器人的安全设置拒绝（关键词或 IP 白名单）', en: "refused by the robot's security settings (keywords or IP allow-list)" },
  'too-long': { zh: '消息过长', en: 'message too long' },
  'bad-request': { zh: '消息格式被拒绝', en: 'message format refused' },
  'rate-limited': { zh: '发送过于频繁，稍后重发', en: 'rate limited, will retry' },
  'service-error': { zh: '服务暂时不可用，稍后重发', en: 'service unavailable, will retry' },
  redirect: { zh: '地址被重定向（未跟随）', en: 'redirected (not followed)' },
  unknown: { zh: '未知应答', en: 'unrecognised answer' },
};

export type AnswerOutcome =
  | { outcome: 'sent' }
  | { outcome: 'transient'; problem: Problem; code?: number; retryAfterSeconds: number }
  | { outcome: 'permanent'; problem: Problem; code?: number };

/** What a sender read of the answer: the status, the start of the body, and Retry-After if any. */
export interface ServiceAnswer {
  status: number;
  body: string;
  retryAfter?: string | null;
}

export const sent: AnswerOutcome = { outcome: 'sent' };
export const transient = (problem: Problem, retryAfterSeconds: number, code?: number): AnswerOutcome => ({ outcome: 'transient', problem, retryAfterSeconds, ...(code === undefined ? {} : { code }) });
export const permanent = (problem: Problem, code?: number): AnswerOutcome => ({ outcome: 'permanent', problem, ...(code === undefined ? {} : { code }) });

/** Retry-After in seconds (delta form; a date or nonsense gives the fallback), capped at an hour. */
const retryAfterSeconds = (value: string | null | undefined, fallback: number): number => {
  const seconds = value && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : fallback;
  return Math.min(Math.max(seconds, 1), 3600);
};

/**
 * The HTTP layer, the same for every kind (Standard Webhooks, "Delivery success and failure"): 2xx
 * goes on to the body; 3xx is a failure (redirects are not followed); 408, 425, 429 and 5xx are worth
 * trying again, honouring Retry-After; any other 4xx will not change by retrying. Returns undefined
 * for a 2xx, whose body the kind reads.
 */
export const classifyStatus = (answer: ServiceAnswer): AnswerOutcome | undefined => {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  if (status === 429) return transient('rate-limited', retryAfterSeconds(answer.retryAfter, 60));
  if (status >= 500 || status === 408 || status === 425) return transient('service-error', retryAfterSeconds(answer.retryAfter, 60));
  if (status >= 300 && status < 400) return permanent('redirect');
  if (status === 401 || status === 403) return permanent('bad-sign');
  if (status === 404 || status === 410) return permanent('bad-key');
  if (status === 413) return permanent('too-long');
  return permanent('bad-request');
};

/** The numeric code and message of a JSON answer, or undefined when the body is not one. */
export const answerCode = (body: string, field: 'errcode' | 'code'): { code: number; message: string } | undefined => {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    // Feishu's older answers carry StatusCode beside (or instead of) code.
    const code = parsed[field] ?? (field === 'code' ? parsed.StatusCode : undefined);
    const message = parsed[field === 'errcode' ? 'errmsg' : 'msg'];
    return typeof code === 'number' ? { code, message: typeof message === 'string' ? message : '' } : undefined;
  } catch {
    return undefined;
  }
};
