/**
 * Copied readings: in 2020 many check-in bots replayed yesterday's answers. A checkpoint whose readings
 * carry the same figures — screened, entries, exits, fevers — COPIED_RUN times in a row (limits.ts) is
 * flagged 疑似重复上报 on the board and counted in the day's summary. Nothing is refused: a quiet gate
 * can truly count the same twice. The run is kept on the checkpoint, written with the reading itself
 * (readings.ts, planReading): no request more.
 */
import { COPIED_RUN } from '../limits';
import type { Checkpoint, ReadingFigures } from '../model';

/** The figures a copy repeats, as one key. */
export const figuresKeyOf = (figures: Pick<ReadingFigures, 'screened' | 'entries' | 'exits' | 'feverCount'>): string =>
  `${figures.screened}/${figures.entries}/${figures.exits}/${figures.feverCount}`;

/** The run after one more reading: one longer when its figures are the last one's, else a new run of one. */
export const runAfter = (checkpoint: Pick<Checkpoint, 'lastFigures' | 'sameFiguresRun'>, figures: Pick<ReadingFigures, 'screened' | 'entries' | 'exits' | 'feverCount'>): { lastFigures: string; sameFiguresRun: number } => {
  const key = figuresKeyOf(figures);
  return { lastFigures: key, sameFiguresRun: checkpoint.lastFigures === key ? (checkpoint.sameFiguresRun ?? 1) + 1 : 1 };
};

/** Whether a run of this length looks copied. */
export const looksCopied = (run: number | undefined): boolean => (run ?? 0) >= COPIED_RUN;
