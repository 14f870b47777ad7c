/**
 * How the console tells a refusal: an id taken by the error's class (409), a schema's issue by its code
 * where the contract says nothing of its own, and each kind in the page's own words — never by matching
 * the English of a message.
 */
import { describe, expect, it } from 'vitest';
import { AuditQuery, CommunityBody, CommunityPath, OperatorKeyBody } from '../../functions/contract/schemas';
import { AlreadyRegisteredError } from '../../functions/domain/creation';
import { ConflictError, ValidationError } from '../../functions/domain/errors';
import { schemaIssue } from '../../functions/pages/console/fields';
import { issueIn, messageIn } from '../../functions/pages/console/text';
import { attempt } from '../../functions/runtime/console-views';

const firstIssue = (result: { success: boolean; error?: { issues: Parameters<typeof schemaIssue>[0][] } }) => result.error!.issues[0]!;

describe('a use case refused', () => {
  it('is a 409 at the id field when the id is taken (AlreadyRegisteredError), whatever its message says', async () => {
    const taken = await attempt(() => Promise.reject(new AlreadyRegisteredError('checkpoint', 'yuyue-1')), (path) => path);
    expect(taken).toEqual({ done: false, status: 409, issues: [{ path: 'checkpointId', message: 'a checkpoint with the id yuyue-1 exists already', kind: 'id-taken' }] });
    const community = await attempt(() => Promise.reject(new AlreadyRegisteredError('community', 'yuyue')), (path) => path);
    expect(community).toMatchObject({ status: 409, issues: [{ path: 'communityId', kind: 'id-taken' }] });
  });

  it("is a 400 at the form's fields for a ValidationError, and anything else goes on up", async () => {
    const invalid = await attempt(() => Promise.reject(new ValidationError('not valid', [{ path: 'shifts.0.from', message: 'a local time such as 08:00' }])), (path) => `form.${path}`);
    expect(invalid).toEqual({ done: false, status: 400, issues: [{ path: 'form.shifts.0.from', message: 'a local time such as 08:00' }] });
    // Another conflict, even one whose text says "exists already", is not an id taken at the form.
    await expect(attempt(() => Promise.reject(new ConflictError('a community with the id yuyue exists already')), (path) => path)).rejects.toBeInstanceOf(ConflictError);
    expect(await attempt(() => Promise.resolve(7), (path) => path)).toEqual({ done: true, value: 7 });
  });
});

describe("a schema's issue at a field", () => {
  it('is of its kind by its code where zod says nothing of its own: required, choose one, a date and time', () => {
    expect(schemaIssue(firstIssue(CommunityBody.safeParse({ name: '', contacts: [] })), 'name')).toMatchObject({ path: 'name', kind: 'required' });
    expect(schemaIssue(firstIssue(OperatorKeyBody.safeParse({ name: '书记', communityIds: [] })), 'communityIds')).toMatchObject({ kind: 'choose-one' });
    expect(schemaIssue(firstIssue(AuditQuery.safeParse({ from: 'yesterday' })), 'from')).toMatchObject({ kind: 'date-time' });
  });

  it("keeps the contract's own message, with no kind", () => {
    const issue = schemaIssue(firstIssue(CommunityPath.safeParse({ communityId: 'nan men' })), 'communityId');
    expect(issue.kind).toBeUndefined();
    expect(issue.message).toMatch(/^letters, digits, - and _ only/);
  });
});

describe('an issue in words', () => {
  it('says a kind in each language, whatever the message', () => {
    const taken = { path: 'checkpointId', message: 'anything at all', kind: 'id-taken' as const };
    expect(issueIn('zh', taken)).toBe('此编号已被占用：请换一个');
    expect(issueIn('en', taken)).toContain('exists already');
    expect(issueIn('zh', { path: 'name', message: 'Invalid input', kind: 'required' })).toBe('必填');
    expect(issueIn('en', { path: 'name', message: 'Invalid input', kind: 'required' })).toBe('Required');
  });

  it("says a key's communities given twice as that, not as none chosen", () => {
    expect(messageIn('zh', 'community ids are unique')).toBe('同一社区只能选一次（community ids are unique）');
    expect(issueIn('zh', { path: 'communityIds', message: 'Invalid input', kind: 'choose-one' })).toBe('请至少选一项');
  });

  it('no longer takes a message that only looks like a kind for one', () => {
    expect(messageIn('zh', 'a checkpoint with this id exists already: choose another')).toBe('a checkpoint with this id exists already: choose another');
    expect(messageIn('zh', 'Too small: expected string to have >=1 characters')).toBe('Too small: expected string to have >=1 characters');
  });
});
