/** How the sweep works through many units: a few at a time, each failure set aside, not stopping the rest. */

/** Checkpoints read, escalations opened, flows started this many at a time: an outage's misses reach their flows together. */
const BATCH = 10;

export const inBatches = async <T>(items: T[], work: (item: T) => Promise<void>): Promise<void> => {
  for (let start = 0; start < items.length; start += BATCH) await Promise.all(items.slice(start, start + BATCH).map(work));
};

/** Runs one unit of work; one that fails is reported and does not stop the others. */
export type Attempt = (id: string, work: () => Promise<void>) => Promise<void>;
