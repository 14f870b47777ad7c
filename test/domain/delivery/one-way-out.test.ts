/**
 * Delivery is its own module, used by summaries as by escalations: a day's summary reaches the
 * delivery module's rows, and none of the escalation core's old ways out (its delivery, the notice
 * claims, the outbox's sending). The graph is esbuild's, so an import through another module counts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../infra/constructs/function';
import { moduleGraph } from '../../helpers/module-graph';

const reachedFrom = async (file: string): Promise<string[]> => Object.keys((await moduleGraph([join(PROJECT_ROOT, file)])).inputs);

describe('the daily summary', () => {
  it("reaches no sender of the escalation core's: it writes rows, the one sender sends them", async () => {
    const reached = await reachedFrom('functions/domain/summaries.ts');
    expect(reached, 'the graph was read').toContain('functions/domain/summary-notice.ts');
    expect(reached.filter((path) => /escalation\/(delivery|notice-claims|outbox-sending|telling)\.ts$/.test(path))).toEqual([]);
  });
});

describe('the one sender', () => {
  it("reaches none of the escalation core's senders or claims either", async () => {
    const reached = await reachedFrom('functions/domain/delivery/sender.ts');
    expect(reached, 'the graph was read').toContain('functions/domain/delivery/pacing.ts');
    expect(reached.filter((path) => /escalation\/(delivery|notice-claims|outbox-sending|telling|ports)\.ts$/.test(path))).toEqual([]);
  });
});
