/** Starts the escalation flow with StartExecution. Locally the same client reaches the local Step Functions endpoint. */
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { FlowStarter } from '../domain/escalations';

let client: SFNClient | undefined;

export class StepFunctionsFlows implements FlowStarter {
  constructor(
    private readonly stateMachineArn: string,
    private readonly sfn: SFNClient = (client ??= new SFNClient({ maxAttempts: 4 })),
  ) {}

  async start(escalationId: string, restart = false): Promise<void> {
    try {
      await this.sfn.send(
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
