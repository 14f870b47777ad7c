/**
 * Step Functions, locally: the very definition the stack deploys (rendered from the same construct),
 * run by aws-local-stepfunctions with its Task states bound to the flow handler's code.
 *
 * The seam is a small endpoint that speaks the Step Functions API's StartExecution (AWS JSON 1.0), so
 * the sweep starts flows with the real SFN client, only the endpoint changed — the same code path as on
 * AWS. Executions live in this process; the escalation's state lives in DynamoDB, so after a restart
 * the stack starts a fresh execution for every open escalation and it carries on from its level.
 */
import { createServer, type Server } from 'node:http';
import { StateMachine } from 'aws-local-stepfunctions';
import { FLOW_TASKS, renderFlowDefinition } from '../infra/constructs/escalation-flow';

export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:checkpoint-watch-escalation';

export type TaskRunner = (input: unknown) => Promise<unknown>;

export interface FlowRunOptions {
  /** Milliseconds every Wait state lasts instead of its SecondsPath (tests). */
  waitMs?: number;
  /** Milliseconds between retries instead of the definition's backoff (tests). */
  retryMs?: number;
}

/**
 * The state machine, built once: rendering the definition (a CDK synthesis of the construct) and
 * validating it take a good part of a second of CPU, which twenty executions started at once must not
 * each pay in the one process that also runs their tasks.
 */
let machine: StateMachine | undefined;

/** Runs one execution of the flow to its end. */
export const runFlow = (run: TaskRunner, input: unknown, options: FlowRunOptions = {}) => {
  machine ??= new StateMachine(renderFlowDefinition() as never, { validationOptions: { checkArn: false } });
  const handlers = Object.fromEntries(FLOW_TASKS.map((name) => [name, (taskInput: unknown) => run(taskInput) as never]));
  return machine.run(input as never, {
    noThrowOnAbort: true,
    overrides: {
      taskResourceLocalHandlers: handlers,
      ...(options.waitMs !== undefined && { waitTimeOverrides: { Wait: options.waitMs } }),
      ...(options.retryMs !== undefined && { retryIntervalOverrides: { Step: options.retryMs, 'Record failure': options.retryMs } }),
    },
  });
};

interface Execution {
  abort: () => void;
  done: Promise<unknown>;
}

export const startLocalStepFunctions = async (options: { port: number; run: TaskRunner; onError?: (error: unknown) => void }) => {
  const executions = new Map<string, Execution>();
  // An aborted execution settles at once, but a task it had started runs on: stop waits for those.
  const tasks = new Set<Promise<unknown>>();
  const run: TaskRunner = (input) => {
    const task = options.run(input);
    tasks.add(task);
    void task.then(
      () => tasks.delete(task),
      () => tasks.delete(task),
    );
    return task;
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(body));
      };
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target !== 'AWSStepFunctions.StartExecution') {
        return reply(400, { __type: 'UnknownOperationException', message: `the local endpoint serves StartExecution only, not ${target}` });
      }
      let body: { stateMachineArn?: string; name?: string; input?: string };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { __type: 'InvalidExecutionInput', message: 'the request is not JSON' });
      }
      if (body.stateMachineArn !== LOCAL_STATE_MACHINE_ARN) return reply(400, { __type: 'StateMachineDoesNotExist', message: String(body.stateMachineArn) });
      const name = body.name ?? crypto.randomUUID();
      if (executions.has(name)) return reply(400, { __type: 'ExecutionAlreadyExists', message: `execution ${name} exists` });
      const execution = runFlow(run, JSON.parse(body.input ?? '{}'));
      const done = execution.result.catch((error: unknown) => options.onError?.(error));
      executions.set(name, { abort: execution.abort, done });
      reply(200, { executionArn: `${LOCAL_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`, startDate: Date.now() / 1000 });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    running: () => executions.size,
    /** No new execution or state after this; the tasks still running end against live emulators. */
    stop: async () => {
      for (const execution of executions.values()) execution.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...tasks]);
    },
  };
};
