/**
 * What the board draws for days and slots that do not fit the plain case (issue 18 §1): a day with
 * nothing expected — before the checkpoint was registered — has no bar, not a full grey one that reads
 * as 100 %; and a cron slot that ends the next day says so, not "08:00–08:00".
 */
import { describe, expect, it } from 'vitest';
import type { BoardCheckpoint, BoardDay } from '../../functions/domain/board';
import { putCheckpoint, putCommunity, viewOf } from '../../functions/domain/registry';
import { slotStrip } from '../../functions/domain/slot-strip';
import { boardPage } from '../../functions/pages/board';
import { historyChart } from '../../functions/pages/history-chart';
import { memoryStore } from '../helpers/memory-store';

const day = (date: string, expected: number, onTime: number): BoardDay => ({
  date,
  partial: false,
  loading: false,
  expected,
  onTime,
  late: 0,
  missed: expected - onTime,
  readings: onTime,
  feverCount: 0,
  completeness: expected === 0 ? null : onTime / expected,
  timeliness: expected === 0 ? null : onTime / expected,
} as BoardDay);

/** The bars of one path's `d`: each starts with M. */
const barsIn = (svg: string, fill: string) => (new RegExp(`<path fill="${fill}" d="([^"]*)"`).exec(svg)?.[1] ?? '').split('M').filter(Boolean).length;

describe('the board', () => {
  it('draws no bar for a day with nothing expected (before registration), a grey track for each day that had slots', () => {
    const days = [day('2026-11-27', 0, 0), day('2026-11-28', 0, 0), day('2026-11-29', 12, 6), day('2026-11-30', 12, 12)];
    const svg = historyChart(days, 'h-yuyue', 'zh-CN');
    expect(barsIn(svg, '#e5e7eb')).toBe(2);
    expect(barsIn(svg, '#15803d')).toBe(0); // on time is drawn with its class: counted below
    expect((/class="on-time" fill="#15803d" d="([^"]*)"/.exec(svg)?.[1] ?? '').split('M').filter(Boolean)).toHaveLength(2);
  });

  it('says where a cron slot ends when it ends the next day: 08:00–12-01 08:00, and a run to midnight ends at 24:00', async () => {
    const store = memoryStore();
    const now = new Date('2026-11-30T02:00:00Z'); // 10:00 in Shanghai
    await putCommunity(store, { communityId: 'yuyue', body: { name: '鱼岳社区', timezone: 'Asia/Shanghai', contacts: [] }, now: new Date('2026-11-01T00:00:00Z') });
    const keys = async () => ({ current: 'k1', keys: { k1: 'board-chart-key-0123456789abcdef0123456789ab' } });
    const contacts = [{ name: '组长', email: 'leader@example.org', role: 'leader' as const }];
    for (const [checkpointId, schedule] of [['cron', { cron: '0 8 * * *' }], ['every', { every: 'PT12H' }]] as const) {
      await putCheckpoint(store, { checkpointId, body: { name: checkpointId, communityId: 'yuyue', schedule, grace: 'PT15M', contacts, active: true }, now: new Date('2026-11-01T00:00:00Z'), keys });
    }
    const checkpoints = await Promise.all(
      ['cron', 'every'].map(async (id): Promise<BoardCheckpoint> => {
        const checkpoint = (await store.checkpoint(id))!;
        return { ...viewOf(checkpoint, now), today: slotStrip(checkpoint, '2026-11-30', undefined, now) };
      }),
    );
    const page = boardPage({
      communities: [{ communityId: 'yuyue', name: '鱼岳社区', timezone: 'Asia/Shanghai', checkpoints, completeness: null, history: [] }],
      escalations: [],
      now,
      refreshSeconds: 30,
      lang: 'zh-CN',
    });
    expect(page).toContain('08:00–12-01 08:00');
    expect(page).not.toContain('08:00–08:00');
    expect(page).toContain('00:00–24:00'); // the PT12H day, both slots not yet due: one run
  });
});
