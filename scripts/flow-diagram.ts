/**
 * Writes docs/escalation-flow.md: the escalation state machine as a Mermaid diagram, generated from the
 * definition the stack deploys (`npm run docs:flow`). A test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFlowDefinition } from '../infra/constructs/escalation-flow';

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Choices?: { Next: string; Variable?: string; StringEquals?: string }[];
  Default?: string;
  Catch?: { Next: string; ErrorEquals: string[] }[];
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
}

const id = (name: string) => name.replace(/[^A-Za-z0-9]/g, '_');

const lines = (states: Record<string, State>, indent: string): string[] => {
  const out: string[] = [];
  for (const [name, state] of Object.entries(states)) {
    const shape = state.Type === 'Choice' ? `{${name}}` : state.Type === 'Wait' ? `([${name}])` : state.Type === 'Succeed' ? `((${name}))` : `[${name}]`;
    out.push(`${indent}${id(name)}${shape}`);
    if (state.ItemProcessor) {
      out.push(`${indent}subgraph ${id(name)}_each [each notice]`);
      out.push(...lines(state.ItemProcessor.States, `${indent}  `));
      out.push(`${indent}end`);
      out.push(`${indent}${id(name)} --> ${id(state.ItemProcessor.StartAt)}`);
    }
    if (state.Next) out.push(`${indent}${id(name)} --> ${id(state.Next)}`);
    for (const choice of state.Choices ?? []) out.push(`${indent}${id(name)} -- "${choice.Variable} = ${choice.StringEquals}" --> ${id(choice.Next)}`);
    if (state.Default) out.push(`${indent}${id(name)} -- otherwise --> ${id(state.Default)}`);
    for (const retry of state.Retry ?? []) {
      if (retry.ErrorEquals.some((e) => !e.startsWith('Lambda.'))) out.push(`${indent}${id(name)} -. "retry ${retry.ErrorEquals.join(', ')} ×${retry.MaxAttempts}" .-> ${id(name)}`);
    }
    for (const c of state.Catch ?? []) out.push(`${indent}${id(name)} -. "${c.ErrorEquals.join(', ')}" .-> ${id(c.Next)}`);
  }
  return out;
};

export const flowDiagram = (): string => {
  const definition = renderFlowDefinition() as { StartAt: string; States: Record<string, State> };
  return [
    '# The escalation flow',
    '',
    'Generated from the state machine definition the CDK stack deploys (`npm run docs:flow`; a test',
    'fails when this file is out of date). Every task runs `functions/handlers/escalation-flow.ts`; the',
    'flow is the escalation\'s only driver, and it sends nothing: each change writes the notice rows that',
    'tell of it in the same DynamoDB transaction, and the one sender (`functions/domain/delivery/`) sends them.',
    '',
    '- *Step* (`flow.ts`, `step`) reads the escalation, its checkpoint and community once and, by',
    '  `rules.ts` `decide`: opens the next level when it is time — the escalation\'s level, repeats, next',
    '  action and who was told, with a row to each of the level\'s recipients (in an alert group, the',
    '  group\'s shared row and the member\'s own row `grouped` into it), in ONE transaction — and answers',
    '  `wait` until the next action; or ends it — resolved (the checkpoint reported), `paused`, or',
    '  `unresolved` (levels and repeats spent) — with the rows that tell of it, and answers `done`. One',
    '  already ended or acknowledged answers `done` as it is.',
    '- A *Step* that fails is retried with jittered backoff; once the retries are spent, *Record failure*',
    '  (`recordFailure`) records the level on the escalation (`failures`) and moves past it, so the next',
    '  level\'s rows say the system could not tell it (a `FlowStepFailed` metric). If *Record failure*',
    '  fails too the execution fails: the `FlowsFailed` alarm on the state machine\'s ExecutionsFailed.',
    '- Started by the sweep (a missed report) or by the reading\'s function (a fever alert), with the',
    '  escalation\'s id as the execution\'s name: a start repeated runs no second flow',
    '  (`ExecutionAlreadyExists` is success).',
    '',
    '```mermaid',
    'flowchart TD',
    `  start((start)) --> ${id(definition.StartAt)}`,
    ...lines(definition.States, '  '),
    '```',
    '',
  ].join('\n');
};

if (process.argv[1]?.endsWith('flow-diagram.ts')) {
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'escalation-flow.md'), flowDiagram());
  console.log('wrote docs/escalation-flow.md');
}
