import { describe, expect, it } from 'vitest';
import { mailOf } from '../../../functions/adapters/mail-frame';
import { chatNoticeOf } from '../../../functions/channels';
import { storedContent, type NoticeContent } from '../../../functions/domain/escalation/content';

/** A retry written to the outbox before notices spoke one language at a time: both languages side by side. */
const before = {
  type: 'escalation.level',
  subject: '【漏报督办】1号门卡点 / Missed report: gate 1',
  title: '【漏报督办】1号门卡点',
  zh: [['卡点 ', { strong: '1号门卡点' }, ' 漏报。']],
  en: [['Checkpoint ', { strong: 'gate 1' }, ' missed a report.']],
  actions: [{ zh: '确认', en: 'Acknowledge', url: 'https://example.org/ack?r=1' }],
  mentions: { mobiles: [], names: [] },
  facts: { escalationId: 'e-1' },
  occurredAt: '2026-12-01T00:00:00.000Z',
};

describe('a notice stored before the one-language change', () => {
  it('is read as its Chinese, so an outbox entry waiting across a deploy is still sent', () => {
    const content = storedContent(before);
    expect(content).toMatchObject({ lang: 'zh-CN', lines: before.zh, actions: [{ label: '确认', url: 'https://example.org/ack?r=1' }] });
    const mail = mailOf(content);
    expect(mail.text).toContain('1号门卡点');
    expect(mail.text).not.toContain('missed a report');
    expect(chatNoticeOf(content).lines.join('\n')).toContain('漏报');
  });

  it('leaves a notice of today unchanged', () => {
    const today: NoticeContent = { ...(before as unknown as NoticeContent), lang: 'en', lines: before.en, actions: [{ label: 'Acknowledge', url: 'https://example.org/ack?r=1' }] };
    expect(storedContent(today)).toBe(today);
  });
});
