/**
 * The escalation core: when a checkpoint misses a deadline its chain is told, level by level and in
 * its groups' chats, until someone acknowledges or it reports again. By concern: rules (pure
 * decisions), recipients, content (what a notice says), ports, delivery (caps, pacing, the outbox),
 * the sweep and its opening step, alert groups, the flow's steps, and closing.
 */
export * from './rules';
export * from './recipients';
export * from './content';
export * from './follow-ups';
export * from './ports';
export * from './deps';
export * from './delivery';
export * from './bounces';
export { sweep, type SweepResult } from './sweep';
export { flowCheck, flowSend, flowSendFailed, flowAdvance, type CheckResult, type SendOutcome, type NoticeTask } from './flow';
export { acknowledge, resolve, resumeFlows } from './closing';
