import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/domain/errors';
import { FeverHandlingBody, handleFeverAlert, handlingOf, type FeverAckPort, type FeverAlertView } from '../../../functions/domain/fever';
import type { NoticeContent } from '../../../functions/domain/delivery/content';
import type { Escalation } from '../../../functions/domain/model';
import { alert, community, gate } from './fixtures';

describe('what was done, as the page asks it', () => {
  it.each([
    [{ by: '李书记', action: 'isolated' }, true],
    [{ by: '李书记', action: 'clinic', note: '120 送县医院' }, true],
    [{ by: '李书记', action: 'normal' }, true],
    [{ by: '李书记', action: 'other', note: '已居家隔离' }, true],
  ])('takes %j', (body, ok) => {
    expect(FeverHandlingBody.safeParse(body).success).toBe(ok);
  });

  it.each([
    [{ by: '李书记', action: 'other' }, 'note'],
    [{ by: '李书记', action: 'other', note: '   ' }, 'note'],
    [{ by: '李书记', action: 'other', note: 'x'.repeat(101) }, 'note'],
    [{ by: '李书记', action: 'clinic', note: 'a\nb' }, 'note'],
    [{ by: '', action: 'clinic' }, 'by'],
    [{ by: '李\u202e书记', action: 'clinic' }, 'by'],
    [{ by: '李书记', action: 'home' }, 'action'],
    [{ by: '李书记' }, 'action'],
  ])('refuses %j at its field', (body, field) => {
    const parsed = FeverHandlingBody.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path[0])).toEqual([field]);
  });

  it('keeps a note trimmed, and none when it is empty', () => {
    expect(handlingOf({ by: 'x', action: 'clinic', note: '  ' })).toEqual({ action: 'clinic' });
    expect(handlingOf({ by: 'x', action: 'other', note: ' 已居家隔离 ' })).toEqual({ action: 'other', note: '已居家隔离' });
  });
});

/** The port as the core would give it: one alert, written at its version with its rows. */
const fakePort = (stored: Escalation, options: { raceOnce?: boolean } = {}) => {
  let current = stored;
  let race = options.raceOnce ?? false;
  const commits: { handled: Escalation; notice: NoticeContent }[] = [];
  const port: FeverAckPort = {
    alert: async (id): Promise<FeverAlertView | undefined> => (id === current.escalationId ? { alert: current, checkpoint: gate(), community: community() } : undefined),
    acknowledge: async (handled, expectedVersion, notice) => {
      if (race) {
        // Another write lands between the read and this one (a level opened by the flow).
        race = false;
        current = { ...current, level: current.level + 1, version: current.version + 1 };
        return false;
      }
      if (current.version !== expectedVersion) return false;
      current = handled;
      commits.push({ handled, notice });
      return true;
    },
  };
  return { port, commits, current: () => current };
};

describe('handling a fever alert', () => {
  const now = new Date('2026-12-07T02:12:00Z');
  const handling = { action: 'isolated' as const };

  it('acknowledges it with who and what, and tells 【已处置】 in the same commit', async () => {
    const { port, commits } = fakePort(alert());
    const { alert: handled, changed } = await handleFeverAlert(port, { alertId: alert().escalationId, by: '李书记', handling, now });
    expect(changed).toBe(true);
    expect(handled).toMatchObject({ status: 'acknowledged', acknowledgedBy: '李书记', acknowledgedAt: now.toISOString(), handling, version: 2 });
    expect(commits).toHaveLength(1);
    expect(commits[0]!.notice.title).toBe('【已处置】东门（鱼岳社区）发热预警');
  });

  it('is done once: handling it again changes nothing and tells nothing', async () => {
    const { port, commits } = fakePort(alert());
    await handleFeverAlert(port, { alertId: alert().escalationId, by: '李书记', handling, now });
    const again = await handleFeverAlert(port, { alertId: alert().escalationId, by: '王丽', handling: { action: 'normal' }, now });
    expect(again.changed).toBe(false);
    expect(again.alert).toMatchObject({ acknowledgedBy: '李书记', handling });
    expect(commits).toHaveLength(1);
  });

  it('reads the alert again when it changed in between, and records on the new version', async () => {
    const { port, commits } = fakePort(alert(), { raceOnce: true });
    const { alert: handled } = await handleFeverAlert(port, { alertId: alert().escalationId, by: '李书记', handling, now });
    expect(handled).toMatchObject({ level: 2, version: 3, status: 'acknowledged' });
    expect(commits).toHaveLength(1);
  });

  it('finds no fever alert behind a missed report’s escalation, nor an unknown id', async () => {
    await expect(handleFeverAlert(fakePort(alert({ cause: 'missed' })).port, { alertId: alert().escalationId, by: 'x', handling, now })).rejects.toBeInstanceOf(NotFoundError);
    await expect(handleFeverAlert(fakePort(alert()).port, { alertId: 'nope', by: 'x', handling, now })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records nothing on an alert that has ended', async () => {
    const { port, commits } = fakePort(alert({ status: 'unresolved' }));
    expect((await handleFeverAlert(port, { alertId: alert().escalationId, by: 'x', handling, now })).changed).toBe(false);
    expect(commits).toHaveLength(0);
  });
});
