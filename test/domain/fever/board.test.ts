/** The board: open fever alerts above missed reports, and a checkpoint whose readings look copied marked 疑似重复上报. */
import { describe, expect, it } from 'vitest';
import { boardAt } from '../../../functions/domain/board';
import { boardPage } from '../../../functions/pages/board';
import { alert, community, gate } from './fixtures';

const now = new Date('2026-12-07T02:20:00Z');
const missed = alert({ escalationId: 'm', cause: 'missed', cases: undefined, openedAt: '2026-12-07T01:00:00Z', missedDeadline: '2026-12-07T01:00:00Z' });
const fever = alert({ escalationId: 'f' });
const snapshot = (run: number | undefined) => ({
  stamps: { communities: new Map(), checkpoints: new Map() },
  communities: new Map([['yuyue', community()]]),
  checkpoints: new Map([['east-gate', gate({ ...(run !== undefined && { lastFigures: '10/4/6/0', sameFiguresRun: run }) })]]),
  days: new Map(),
  escalations: [missed, fever],
});

describe('the board', () => {
  it('puts open fever alerts above missed reports, telling their cases and how long they wait', () => {
    const board = boardAt(snapshot(undefined), now);
    expect(board.escalations.map((e) => e.escalationId)).toEqual(['f', 'm']);
    const page = boardPage({ ...board, now, refreshSeconds: 30, lang: 'zh-CN' });
    expect(page).toContain('<div class="esc fever"><b>东门</b> 【发热预警】发热 1 人 — 第一级 · 已 15');
    expect(page.indexOf('esc fever')).toBeLessThan(page.indexOf('<div class="esc">'));
  });

  it('marks 疑似重复上报 from four readings in a row with the same figures, not three', () => {
    expect(boardAt(snapshot(3), now).communities[0]!.checkpoints[0]).not.toHaveProperty('looksCopied');
    expect(boardAt(snapshot(undefined), now).communities[0]!.checkpoints[0]).not.toHaveProperty('looksCopied');
    const flagged = boardAt(snapshot(4), now);
    expect(flagged.communities[0]!.checkpoints[0]).toMatchObject({ looksCopied: true });
    expect(boardPage({ ...flagged, now, refreshSeconds: 30, lang: 'zh-CN' })).toContain('<span class="chip copied">疑似重复上报</span>');
    expect(boardPage({ ...flagged, now, refreshSeconds: 30, lang: 'en' })).toContain('<span class="chip copied">looks copied</span>');
  });
});
