/** What Feishu's answers mean (answers.ts reads the HTTP status first; Feishu answers most errors 200 with a code). */
import { answerCode, classifyStatus, permanent, sent, transient, type AnswerOutcome, type ServiceAnswer } from '../answers';

/**
 * Feishu's codes: 19021 "sign match fail or timestamp is not within one hour from current time",
 * 19022 IP not allowed, 19024 keywords not found (the bot's security settings), 19001 "param invalid:
 * incoming webhook access token invalid" (a removed bot or a wrong URL) — answers recorded with HTTP
 * 200; 11232 the guide's own rate-limit error; 99991400 "request trigger frequency limit" (频控策略,
 * open.feishu.cn/document/server-docs/api-call-guide/frequency-control); 9499 is "Bad Request" and,
 * with "too many request", the per-second limit, so its message tells the two apart.
 */
export const classifyFeishu = (answer: ServiceAnswer): AnswerOutcome => {
  const byStatus = classifyStatus(answer);
  if (byStatus) return byStatus;
  const parsed = answerCode(answer.body, 'code');
  if (!parsed) return permanent('unknown');
  const { code, message } = parsed;
  switch (code) {
    case 0:
      return sent;
    case 11232:
    case 99991400:
      return transient('rate-limited', 60, code);
    case 9499:
      return /too many|frequen|limit/i.test(message) ? transient('rate-limited', 1, code) : permanent('bad-request', code);
    case 19021:
      return permanent('bad-sign', code);
    case 19022:
    case 19024:
      return permanent('blocked', code);
    case 19001:
      return permanent('bad-key', code);
    case 19002:
      return permanent('bad-request', code);
    default:
      return permanent('unknown', code);
  }
};
