/** What DingTalk's answers mean (answers.ts reads the HTTP status first; DingTalk answers most errors 200 with a code). */
import { answerCode, classifyStatus, permanent, sent, transient, type AnswerOutcome, type ServiceAnswer } from '../answers';
import { DINGTALK_BLOCK_SECONDS } from './limits';

/**
 * DingTalk's codes, from its 错误码 table (open.dingtalk.com) and answers others recorded:
 * 130101 and 410100 (限流) are rate limits, -1 系统繁忙 a passing fault; 310000 is the robot's security
 * check — "sign not match", "keywords not in content" or "ip … not in whitelist" share it, so the
 * message tells them apart; 300001 / 300005 / 400101 "token is not exist", 400102 robot stopped, 400106
 * robot not found, 400013 group dissolved and 40035 (access_token missing) mean the URL is no good;
 * 460101 too long; 43004 wrong content type.
 */
export const classifyDingtalk = (answer: ServiceAnswer): AnswerOutcome => {
  const byStatus = classifyStatus(answer);
  if (byStatus) return byStatus;
  const parsed = answerCode(answer.body, 'errcode');
  if (!parsed) return permanent('unknown');
  const { code, message } = parsed;
  switch (code) {
    case 0:
      return sent;
    case 130101:
    case 410100:
      return transient('rate-limited', DINGTALK_BLOCK_SECONDS, code);
    case -1:
      return transient('service-error', 30, code);
    case 310000:
      return permanent(/keyword|关键词|whitelist|白名单|\bip\b/i.test(message) ? 'blocked' : 'bad-sign', code);
    case 300001:
    case 300005:
    case 400101:
    case 400102:
    case 400106:
    case 400013:
    case 40035:
      return permanent('bad-key', code);
    case 460101:
      return permanent('too-long', code);
    case 43004:
      return permanent('bad-request', code);
    default:
      return permanent('unknown', code);
  }
};
