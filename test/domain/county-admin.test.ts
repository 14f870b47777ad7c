/** What only the county may do, refused to an operator key (the console asks this on every county page and form). */
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../functions/domain/errors';
import { COUNTY_ADMIN, requireCountyAdmin, type Actor } from '../../functions/domain/operators';

const operator: Actor = { kind: 'operator', keyId: '0123456789abcdef', name: '鱼岳社区书记', communityIds: ['yuyue'] };

describe('requireCountyAdmin', () => {
  it("lets the county admin through and refuses an operator key, whatever its communities, saying what was the county's", () => {
    expect(() => requireCountyAdmin(COUNTY_ADMIN, 'creating a community')).not.toThrow();
    expect(() => requireCountyAdmin(operator, 'creating a community')).toThrow(ForbiddenError);
    expect(() => requireCountyAdmin(operator, 'managing operator keys')).toThrow(/^managing operator keys is the county admin's/);
  });
});
