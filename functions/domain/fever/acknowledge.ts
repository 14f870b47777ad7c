/**
 * Handling a fever alert: someone says who is handling it and what was done, and the alert is
 * acknowledged with it — the alert, its audit entry and the 【已处置】 rows to everyone it told, in one
 * transaction (the escalation core's acknowledge, behind the port). Idempotent: an alert already
 * handled, or ended, is answered as it is and nothing changes.
 */
import { acknowledgementAudit } from '../audit';
import { BusyError, NotFoundError } from '../errors';
import type { AckStore } from '../escalation/ports';
import { feverHandledRows } from '../escalation/telling';
import type { Checkpoint, Community, Escalation } from '../model';
import { feverHandledNotice } from './content';
import type { NoticeContent } from '../delivery/content';
import type { FeverHandling } from './shapes';

export interface FeverAlertView {
  alert: Escalation;
  checkpoint: Checkpoint;
  community: Community | undefined;
}

/** What handling an alert needs of storage: the alert with its gate, and one conditional commit. */
export interface FeverAckPort {
  alert(alertId: string): Promise<FeverAlertView | undefined>;
  /**
   * Writes `handled` if the alert is still at `expectedVersion`, with the 【已处置】 rows (`notice`, to
   * whom the alert told) in the same transaction; false when it changed in between.
   */
  acknowledge(handled: Escalation, expectedVersion: number, notice: NoticeContent): Promise<boolean>;
}

const ATTEMPTS = 5;

export const handleFeverAlert = async (
  port: FeverAckPort,
  input: { alertId: string; by: string; via?: { label: string }; handling: FeverHandling; now: Date },
): Promise<{ alert: Escalation; changed: boolean }> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const view = await port.alert(input.alertId);
    if (!view || view.alert.cause !== 'fever') throw new NotFoundError('no such fever alert');
    const { alert } = view;
    if (alert.status !== 'open') return { alert, changed: false };
    const handled: Escalation = {
      ...alert,
      status: 'acknowledged',
      acknowledgedBy: input.by,
      ...(input.via && { acknowledgedVia: input.via.label }),
      acknowledgedAt: input.now.toISOString(),
      handling: input.handling,
      version: alert.version + 1,
    };
    const notice = feverHandledNotice({ alert: handled, checkpoint: view.checkpoint, community: view.community, by: input.by, handling: input.handling, at: input.now });
    if (await port.acknowledge(handled, alert.version, notice)) return { alert: handled, changed: true };
  }
  throw new BusyError('the alert was changed at the same time; send again');
};

/**
 * The port over the escalation core's own: the alert read with its gate and community, and
 * `acknowledge` as the core's one `commit` — the alert at the version read, its audit entry (by the
 * name given on the page, via the group whose link it was) and the 【已处置】 rows to everyone the alert
 * told, people and groups, in one transaction.
 */
export const feverAckPortOf = (store: AckStore, now: () => Date): FeverAckPort => ({
  alert: async (alertId) => {
    const alert = await store.escalation(alertId);
    if (!alert) return undefined;
    const [checkpoint, community] = await Promise.all([store.checkpoint(alert.checkpointId), store.community(alert.communityId)]);
    return checkpoint && { alert, checkpoint, community };
  },
  acknowledge: (handled, expectedVersion, notice) => {
    const at = now();
    const audit = acknowledgementAudit({ kind: 'link', name: handled.acknowledgedBy ?? '' }, at, handled, handled.acknowledgedVia);
    return store.commit({ escalation: handled, expectedVersion, rows: feverHandledRows(handled, notice), audit }, at);
  },
});
