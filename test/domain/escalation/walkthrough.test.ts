/**
 * The API walkthrough of docs/escalation.md ("Watch it locally"), its request bodies read from the doc itself and
 * taken by the contract: register the fast demo gate, let it miss, then — its last step (issue 18 §8)
 * — pause it, which ends its escalation and leaves nothing more to miss, so that it does not go on
 * escalating and dragging its community's completeness down once the walkthrough is over.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointBody } from '../../../functions/contract/schemas';
import { putCheckpoint, viewOf } from '../../../functions/domain/registry';
import { keys, makeWorld } from './world';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'escalation.md'), 'utf8');

/** The `-d '…'` bodies of the walkthrough's PUTs of demo-fast, in order. */
const walkthroughBodies = (): unknown[] => {
  const section = readme.slice(readme.indexOf('**Watch it locally**'), readme.indexOf('**Local seam for Step Functions**'));
  return [...section.matchAll(/curl -X PUT \S+\/checkpoints\/demo-fast[^\n]*\n\s*-d '([^']+)'/g)].map((match) => JSON.parse(match[1]!));
};

describe('the API walkthrough (docs/escalation.md)', () => {
  it('ends by pausing the fast demo gate: its escalation ends paused, and it misses nothing more', async () => {
    const bodies = walkthroughBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    const [register, last] = [CheckpointBody.parse(bodies[0]), CheckpointBody.parse(bodies.at(-1))];
    expect(register.active).toBe(true);
    expect(last).toMatchObject({ active: false, pausedReason: expect.any(String) });

    const world = makeWorld();
    await world.register({ checkpoints: [] });
    await putCheckpoint(world.store, { checkpointId: 'demo-fast', body: register, now: world.now(), keys });
    world.advance(90_000);
    const [escalationId] = (await world.sweep()).opened;
    expect(escalationId).toBeDefined();

    await putCheckpoint(world.store, { checkpointId: 'demo-fast', body: last, now: world.now(), keys });
    world.advance(60_000);
    await world.sweep();
    expect(await world.store.escalation(escalationId!)).toMatchObject({ status: 'paused', pausedReason: last.pausedReason });
    // An hour on: nothing opened, nothing missed, nothing due.
    world.advance(3_600_000);
    expect((await world.sweep()).opened).toEqual([]);
    const checkpoint = (await world.store.checkpoint('demo-fast'))!;
    expect(viewOf(checkpoint, world.now())).toMatchObject({ status: 'paused', nextDeadline: null });
    expect(checkpoint.dueAt).toBeUndefined();
  });
});
