/**
 * Starts the escalation flow with StartExecution. Locally the same client reaches the local Step
 * Functions endpoint. The SDK client is loaded on first use: only the sweep starts flows, and every
 * other function that shares this module does not pay for importing it.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { FlowStarter } from '../domain/escalations';

let sdk: Promise<typeof import('@aws-sdk/client-sfn')> | undefined;
let client: SFNClient | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-sfn'));

export class StepFunctionsFlows implements FlowStarter {
  constructor(
    private readonly stateMachineArn: string,
    private readonly sfn?: SFNClient,
  ) {}

  async start(escalationId: string, restart = false): Promise<void> {
    const { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } = await loadSdk();
    const sfn = this.sfn ?? (client ??= new SFNClient({ maxAttempts: 4 }));
    try {
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          // The escalation id names the first execution, so a retried start cannot run two flows.
          name: restart ? `${escalationId}-r${Date.now()}` : escalationId,
          input: JSON.stringify({ escalationId }),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}
