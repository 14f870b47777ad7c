/**
 * Starts the escalation flow with StartExecution, named by the escalation's id: a start repeated (a
 * sweep run twice, a start whose answer was lost, the sweep starting again one still at level 0) runs
 * no second flow — ExecutionAlreadyExists is success. Locally the same client reaches the local Step
 * Functions endpoint. The SDK client is loaded on first use: only the sweep starts flows, and every
 * other function that shares this module does not pay for importing it.
 */
import type { FlowStarter } from '../domain/escalation';
import { onFirstUse } from './sdk';

const stepFunctions = onFirstUse(
  () => import('@aws-sdk/client-sfn'),
  (sdk) => new sdk.SFNClient({ maxAttempts: 4 }),
);

export class StepFunctionsFlows implements FlowStarter {
  constructor(private readonly stateMachineArn: string) {}

  async start(escalationId: string): Promise<void> {
    const {
      sdk: { ExecutionAlreadyExists, StartExecutionCommand },
      client,
    } = await stepFunctions();
    try {
      await client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: escalationId, input: JSON.stringify({ escalationId }) }));
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}
