import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowDiagram } from '../../scripts/flow-diagram';

describe('docs/escalation-flow.md', () => {
  it('is the diagram of the definition the stack deploys (run npm run docs:flow after changing the flow)', () => {
    expect(readFileSync('docs/escalation-flow.md', 'utf8')).toBe(flowDiagram());
  });
});
