/** What a webhook receiver's answer means. */
import { classifyStatus, sent, type AnswerOutcome, type ServiceAnswer } from '../answers';

/** Only the status speaks (the spec): 2xx sent; 410 Gone and other 4xx permanent; 429, 5xx again later. */
export const classifyWebhook = (answer: ServiceAnswer): AnswerOutcome => classifyStatus(answer) ?? sent;
