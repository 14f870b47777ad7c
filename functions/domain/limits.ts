/**
 * The default limits, in one place with no imports: the domain applies them and the runtime's
 * configuration falls back to them, without every function bundling the modules that apply them.
 */

/** Readings a checkpoint (its one current form token) may post per minute. */
export const DEFAULT_READINGS_PER_MINUTE = 60;
/** Notices one recipient is sent in one clock hour before the rest wait for the digest. */
export const DEFAULT_NOTICES_PER_HOUR = 20;
/** Escalations of one community opened in one sweep from which their notices go out grouped. */
export const DEFAULT_GROUP_THRESHOLD = 3;
