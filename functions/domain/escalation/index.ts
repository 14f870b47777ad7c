/**
 * The escalation core: when a checkpoint misses a deadline its chain is told, level by level and in
 * its groups' chats, until someone acknowledges or it reports again. By concern: rules (pure
 * decisions), recipients and their addresses, content (what a notice says), ports (the notifier's
 * among them), delivery (caps, pacing, the outbox) and the outbox's sending, the sweep and its opening
 * step, alert groups, the flow's steps and its notice claims, and closing.
 */
export * from './rules';
export * from './recipients';
export * from './content';
export * from './level-wording';
export * from './follow-ups';
export * from './ports';
export * from './deps';
export * from './delivery';
export * from './outbox-sending';
export * from './bounces';
export { sweep, type SweepResult } from './sweep';
export { flowCheck, flowSend, flowSendFailed, flowAdvance, type CheckResult, type SendOutcome, type NoticeTask } from './flow';
export { acknowledge, resolve, resumeFlows } from './closing';
