/** Notices as the escalation flow will write them (Chinese first), for the channel tests. */
import type { ChatNotice } from '../../functions/channels/notice';

export const ACK_URL = 'https://api.example.org/ack/esc-7f3a?t=eyJraWQiOiJrMSJ9.c2lnbmVk';

export const notice = (overrides: Partial<ChatNotice> = {}): ChatNotice => ({
  title: '【漏报督办】城关社区 · 东门卡点',
  lines: [
    '漏报时段：08:00–10:00（已超时 35 分钟）',
    '督办级别：第 2 级',
    '责任人：黄祖浩（值班组长）',
    '此前已通知：李明 09:40',
  ],
  actions: [{ label: '确认 Acknowledge', url: ACK_URL }],
  mentions: { mobiles: ['13800001111', '+8613900002222'], names: ['黄祖浩'] },
  ...overrides,
});

/** A notice far over every limit: 600 lines of Chinese with emoji, a grapheme cut would show. */
export const longNotice = (): ChatNotice =>
  notice({
    lines: Array.from({ length: 600 }, (_, i) => `第 ${i + 1} 个卡点：东门卡点漏报 08:00–10:00 👩‍⚕️ 体温异常 0 人`),
    actions: [
      { label: '确认 Acknowledge', url: ACK_URL },
      ...Array.from({ length: 8 }, (_, i) => ({ label: `确认第 ${i + 2} 条`, url: `${ACK_URL}&n=${i + 2}` })),
    ],
  });
