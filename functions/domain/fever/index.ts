/**
 * A fever at the gate (issue 20), as one slice: the rule (threshold, cases, policy), joining fevers of
 * one gate into one alert, the notices' content, the handling asked on the acknowledge page and its use
 * case, copied readings, and the day's figures. Pure: no SDK, time as a parameter. The alert itself is
 * an escalation with `cause: 'fever'` that the escalation core drives; the page is pages/fever-ack.ts.
 */
export * from './shapes';
export * from './rule';
export * from './joining';
export * from './opening';
export * from './handling';
export * from './content';
export * from './acknowledge';
export * from './copied';
export * from './figures';
