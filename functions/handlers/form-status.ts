import type { Checkpoint } from '../domain/model';
import { authenticateForm, slotStateOf } from '../domain/readings';
import { viewOf } from '../domain/registry';
import { routes } from '../routes';
import { dynamoStore } from '../runtime/deps';
import type { FormAuthenticator } from '../runtime/http';
import { routeHandler } from '../runtime/route';

const formToken: FormAuthenticator<Checkpoint> = (token, path) => authenticateForm(dynamoStore(), path.checkpointId, token);

/** What the form shows at its top: no personal data, nothing an admin route would not show. */
export const handler = routeHandler(
  routes.formStatus,
  async ({ principal, now }) => {
    const slot = slotStateOf(principal).schedule.slotAt(now);
    return {
      status: 200,
      json: {
        checkpointId: principal.checkpointId,
        name: principal.name,
        timezone: principal.timezone,
        slot: { start: slot.start.toISOString(), end: slot.end.toISOString() },
        lastReadingAt: principal.lastReadingAt ?? null,
        // As the checkpoint's answer has it: none while paused, never a passed one the sweep has yet to record.
        nextDeadline: viewOf(principal, now).nextDeadline,
      },
    };
  },
  formToken,
);
