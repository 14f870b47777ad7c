/**
 * A community's summary message says its own figures: the escalations still open are its own, never the
 * county's count (which an operator key is not shown either).
 */
import { describe, expect, it } from 'vitest';
import { mailOf } from '../../functions/adapters/mail-frame';
import type { Checkpoint } from '../../functions/domain/model';
import { narrowTo, summarizeDay } from '../../functions/domain/summary';
import { summaryNotice } from '../../functions/domain/summary-notice';

const checkpoint = (checkpointId: string, communityId: string): Checkpoint => ({
  checkpointId, communityId, name: `${checkpointId}卡点`, timezone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [], active: true,
  createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', activeSince: '2026-11-01T00:00:00Z', pauses: [], recentlyFilled: [], recentMaxTempC: {}, tokenHash: 'x', version: 1,
});

describe("a community's summary message", () => {
  // Still open at build time: 3 of 鱼岳's escalations, 2 of 南门's; 5 county-wide.
  const day = summarizeDay(
    '2026-11-20',
    [
      { communityId: 'yuyue', name: '鱼岳社区', checkpoints: [{ checkpoint: checkpoint('a', 'yuyue') }], escalations: [], openEscalations: 3 },
      { communityId: 'nanmen', name: '南门社区', checkpoints: [{ checkpoint: checkpoint('b', 'nanmen') }], escalations: [], openEscalations: 2 },
    ],
    5,
    new Date('2026-11-20T16:10:00Z'),
    false,
  );
  const text = (content: ReturnType<typeof summaryNotice>) => JSON.stringify(content.lines);

  it('counts the escalations still open of its community only', () => {
    const nanmen = summaryNotice(narrowTo(day, 'nanmen'), { scope: '南门社区', fileUrl: 'https://api.test/f' });
    expect(nanmen.facts).toMatchObject({ openEscalations: 2 });
    expect(text(nanmen)).toContain('"未结束的督办：",{"strong":"2"}');
  });

  it("the county's counts them all", () => {
    const county = summaryNotice(day, { fileUrl: 'https://api.test/f' });
    expect(county.facts).toMatchObject({ openEscalations: 5, scope: '全县' });
    expect(text(county)).toContain('"未结束的督办：",{"strong":"5"}');
  });

  it("heads the plain-text mail's table as the HTML's: which figure is which", () => {
    const text = mailOf(summaryNotice(day, { fileUrl: 'https://api.test/f' })).text.split('\n');
    const head = text.findIndex((line) => line === '社区  完整率  漏报  发热');
    expect(head).toBeGreaterThanOrEqual(0);
    expect(text[head + 1]).toMatch(/^鱼岳社区  /);
  });
});
