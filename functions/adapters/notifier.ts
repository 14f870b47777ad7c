/**
 * The notifier the escalation core and the summary send through: mail rendered in the one mail frame
 * and sent by the stack's mail transport (SES or the SMTP relay), chat posted to the channel's service.
 */
import { paceOf } from '../channels';
import type { Notifier } from '../domain/escalation/ports';
import { sendToChannel, type ChatSenderOptions } from './chat-sender';
import { mailOf, type Mailer } from './mail-frame';

export const notifierOf = (mailer: Mailer, chat: ChatSenderOptions = { allowLocal: false }): Notifier => ({
  send: (to, content, context) => (to.medium === 'mail' ? mailer.send(to.address, mailOf(content)) : sendToChannel(to.channel, content, context, chat)),
  pace: (to) => {
    if (to.medium !== 'chat') return undefined;
    // The kind's published rate (functions/channels/<kind>/limits.ts); the port takes no more than these two.
    const pace = paceOf(to.channel.kind);
    return pace === undefined ? undefined : { perMinute: pace.perMinute, ...(pace.perSecond !== undefined && { perSecond: pace.perSecond }) };
  },
});
