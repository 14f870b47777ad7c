/**
 * The escalation core: when a checkpoint misses a deadline its chain is told, level by level and in
 * its groups' chats, until someone acknowledges or it reports again. By concern: rules (pure
 * decisions), misses (a streak, bounded), recipients and their addresses, content and wording (what a
 * notice says), ports (one per use case, each writing through `commit`), the flow's Step (the only
 * driver), the sweep and its opening step, alert groups, and closing. Every notice is a row written
 * with the change it tells of; the one sender (domain/delivery/) sends them.
 */
export * from './rules';
export * from './misses';
export * from './recipients';
export * from '../delivery/content';
export * from './level-wording';
export * from './follow-ups';
export * from './ports';
export * from './deps';
export * from './bounces';
export { sweep, type SweepResult } from './sweep';
export { step, recordFailure, type StepResult } from './flow';
export { acknowledge, resolve, endPaused, closeUnresolved } from './closing';
