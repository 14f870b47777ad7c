/** Finding the DynamoDB Local JVMs a test run started, by a mark in their environment. Linux (/proc) only. */
import { readdirSync, readFileSync } from 'node:fs';

/** Set once per run (test/helpers/global-setup.ts); every process below the run inherits it. */
export const RUN_MARK = 'CHECKPOINT_WATCH_TEST_RUN';

const read = (path: string): string => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return ''; // gone meanwhile, or not ours to read
  }
};

/** The pids of live DynamoDB Local JVMs whose environment carries `RUN_MARK=<run>`; none where there is no /proc. */
export const dynamoJvmsOfRun = (run: string | undefined, mark = RUN_MARK): number[] => {
  if (run === undefined || process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => read(`/proc/${pid}/cmdline`).includes('DynamoDBLocal.jar'))
    .filter((pid) => !/^\S+ \(\S+\) Z/.test(read(`/proc/${pid}/stat`)))
    .filter((pid) => read(`/proc/${pid}/environ`).split('\0').includes(`${mark}=${run}`))
    .map(Number);
};
