/** What WeCom's answers mean (answers.ts reads the HTTP status first; WeCom answers most errors 200 with a code). */
import { answerCode, classifyStatus, permanent, sent, transient, type AnswerOutcome, type ServiceAnswer } from '../answers';

/**
 * WeCom's codes: 93000 "invalid webhook url, hint: …" is what a wrong key or a removed robot gets
 * (answers recorded in public robot clients' tests); 45009 "api freq out of limit" the rate limit;
 * from the 全局错误码 table (as mirrored on kancloud.cn): -1 系统繁忙, 45033 concurrent calls over the
 * limit, 40008 invalid msgtype, 44004 empty content, 45002 content over the size limit. Any other code
 * is a refusal we do not know: recorded as such, not retried for a day.
 */
export const classifyWecom = (answer: ServiceAnswer): AnswerOutcome => {
  const byStatus = classifyStatus(answer);
  if (byStatus) return byStatus;
  const parsed = answerCode(answer.body, 'errcode');
  if (!parsed) return permanent('unknown');
  switch (parsed.code) {
    case 0:
      return sent;
    case 45009:
      return transient('rate-limited', 60, parsed.code);
    case 45033:
    case -1:
      return transient('service-error', 30, parsed.code);
    case 93000:
      return permanent('bad-key', parsed.code);
    case 45002:
      return permanent('too-long', parsed.code);
    case 40008:
    case 44004:
      return permanent('bad-request', parsed.code);
    default:
      return permanent('unknown', parsed.code);
  }
};
