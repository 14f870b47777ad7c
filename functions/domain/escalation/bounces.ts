/** What the mail service reports back (SES bounce and complaint events): which addresses not to count on. */

/**
 * The addresses a mail-service event says cannot be reached: every complaint (the person does not want
 * our mail), and permanent bounces (no such mailbox). A transient bounce (mailbox full) is not one.
 */
export const unreachableFrom = (
  detail:
    | { eventType: 'Bounce'; bounce: { bounceType: string; bounceSubType?: string | undefined; bouncedRecipients: { emailAddress: string }[]; timestamp: string } }
    | { eventType: 'Complaint'; complaint: { complainedRecipients: { emailAddress: string }[]; timestamp: string } },
): { address: string; reason: string; at: Date }[] => {
  if (detail.eventType === 'Complaint') {
    return detail.complaint.complainedRecipients.map((r) => ({ address: r.emailAddress, reason: 'complaint', at: new Date(detail.complaint.timestamp) }));
  }
  if (detail.bounce.bounceType !== 'Permanent') return [];
  const reason = `bounce: ${detail.bounce.bounceSubType ?? 'permanent'}`;
  return detail.bounce.bouncedRecipients.map((r) => ({ address: r.emailAddress, reason, at: new Date(detail.bounce.timestamp) }));
};
