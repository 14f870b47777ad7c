/** Listing the audit trail for an actor (GET /audit and the console's page): its scope, its range, its refusals. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/audit';
import { listAudit } from '../../functions/domain/audit-query';
import { ForbiddenError, ValidationError } from '../../functions/domain/errors';
import { COUNTY_ADMIN, type Actor } from '../../functions/domain/operators';
import { memoryAuditTrail } from '../helpers/fakes/audit-trail';
import { MemoryTable } from '../helpers/fakes/memory-table';

const entry = (auditId: string, at: string, communityId?: string): AuditEntry => ({ auditId, at, actor: { kind: 'admin' }, action: 'community.replaced', ...(communityId && { communityId }) });
const operator: Actor = { kind: 'operator', keyId: '0123456789abcdef', name: '鱼岳社区书记', communityIds: ['yuyue'] };

const trail = () => {
  const table = new MemoryTable();
  for (const one of [entry('a', '2026-02-01T00:00:00.000Z', 'yuyue'), entry('b', '2026-02-02T00:00:00.000Z', 'beimen'), entry('c', '2026-02-03T00:00:00.000Z')]) table.recordAudit(one);
  const listed: unknown[] = [];
  const fake = memoryAuditTrail(table);
  return { listed, trail: { auditEntries: (query: Parameters<typeof fake.auditEntries>[0]) => (listed.push(query), fake.auditEntries(query)) } };
};
const ids = (page: { items: AuditEntry[] }) => page.items.map((one) => one.auditId);

describe('listing the audit trail', () => {
  it("gives the admin the whole county, the county's own entries too, and an operator its communities' only, newest first", async () => {
    const { trail: store } = trail();
    expect(ids(await listAudit(store, COUNTY_ADMIN, { limit: 10 }))).toEqual(['c', 'b', 'a']);
    expect(ids(await listAudit(store, COUNTY_ADMIN, { limit: 10, communityId: 'beimen' }))).toEqual(['b']);
    expect(ids(await listAudit(store, operator, { limit: 10 }))).toEqual(['a']);
  });

  it('keeps both ends of the range, either left open', async () => {
    const { trail: store } = trail();
    expect(ids(await listAudit(store, COUNTY_ADMIN, { limit: 10, from: '2026-02-02T08:00:00+08:00', to: '2026-02-03T00:00:00Z' }))).toEqual(['c', 'b']);
    expect(ids(await listAudit(store, COUNTY_ADMIN, { limit: 10, to: '2026-02-01T08:00:00+08:00' }))).toEqual(['a']);
  });

  it("refuses an operator another community (403) and a range that ends before it begins (400 at from), listing nothing", async () => {
    const { trail: store, listed } = trail();
    await expect(listAudit(store, operator, { limit: 10, communityId: 'beimen' })).rejects.toBeInstanceOf(ForbiddenError);
    const backwards = listAudit(store, COUNTY_ADMIN, { limit: 10, from: '2026-02-03T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    await expect(backwards).rejects.toBeInstanceOf(ValidationError);
    await expect(backwards).rejects.toMatchObject({ issues: [{ path: 'from', message: 'from must not be after to' }] });
    expect(listed).toEqual([]);
  });
});
