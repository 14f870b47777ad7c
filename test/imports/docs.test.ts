/** docs/imports.md lists the columns people fill in: every column of the model is there, by its header. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLUMNS, headerOf, SHEET_NAMES, SHEET_TITLES } from '../../functions/domain/checkpoint-sheet';

const doc = readFileSync(new URL('../../docs/imports.md', import.meta.url), 'utf8');

describe('docs/imports.md', () => {
  it.each(SHEET_NAMES)('lists every column of the %s sheet', (sheet) => {
    expect(doc).toContain(`## ${SHEET_TITLES[sheet]}`);
    for (const spec of COLUMNS[sheet]) expect(doc).toContain(`\`${spec.field.includes('#') ? headerOf(spec).replaceAll('#', 'N') : headerOf(spec)}\``);
  });
});
