/**
 * A spreadsheet's checkpoints into the registry, and the registry back out as rows
 * (docs/imports.md). The sheets are read and checked row by row in checkpoint-sheet.ts; what only the
 * store can say is checked here, in named steps:
 *
 *   read what is stored → plan each row (refused at its cell, or create / update / unchanged)
 *   → apply the plan, all rows or none
 *
 * - Every row is checked against the store before anything is written: its community exists (and is
 *   the operator key's), the zone the file gives is the community's, the schedule fires in that zone, and
 *   a checkpoint already stored under the id is the operator's to replace. An error anywhere and an
 *   apply writes nothing; a dry run writes nothing at all.
 * - Each row is written by PUT's own use case (registry.ts `putCheckpoint`): a new checkpoint gets its
 *   form token, a replaced one keeps it, a deadline moves as a PUT moves it. What the sheets do not
 *   carry — channels, whose URLs are write-only, and scheduled closures — is kept from the stored
 *   checkpoint (channels listed without `url`, which keeps their credentials).
 * - A row that would change nothing is not written: applying the same file again is all `unchanged`.
 * - Rows are written a bounded number at a time: 2,000 rows one after another would take minutes, all
 *   at once would have DynamoDB throttle them (and the function hold 2,000 requests open).
 * - Not one transaction (DynamoDB's hold 100 items): a fault midway leaves the rows written so far,
 *   and since each is an upsert, sending the same file again finishes the import.
 * - Audited as PUT is, row by row: each row written carries its checkpoint's entry in its own
 *   transaction (naming the import), so a row is never written without its entry, a fault midway
 *   included. Once every row is written, the import's one entry says what it did (its counts); an
 *   apply that wrote nothing records nothing.
 */
import { importAudit, newImportId, type AuditTrail } from './audit';
import { errorAt, SHEET_NAMES, type ExportedCheckpoint, type Registration, type SheetError, type SheetImport } from './checkpoint-sheet';
import type { ChannelRules } from './channels';
import type { Channel, Checkpoint, Community } from './model';
import { mayActOn, type Actor } from './operators';
import type { CheckpointBody, ChannelBody } from './registration-schemas';
import { putCheckpoint, registersTheSame, type RegistryStore, type TokenKeys } from './registry';
import { scheduleProblem } from './schedule';

/** What an import reads and writes: the registry, its records read many at once, and the trail it is recorded in. */
export interface ImportStore extends RegistryStore, Pick<AuditTrail, 'recordAudit'> {
  communitiesById(communityIds: string[]): Promise<Community[]>;
  checkpointsById(checkpointIds: string[]): Promise<Checkpoint[]>;
}

export interface ImportResult {
  /** Checkpoint rows in the file (not blank). */
  rows: number;
  /** What was written — or, in a dry run or when a row has an error, what applying would write. */
  created: number;
  updated: number;
  unchanged: number;
  /** True when this request wrote the file's rows: an apply without errors. */
  applied: boolean;
  errors: SheetError[];
}

/** Rows written at once: enough to keep DynamoDB busy, few enough not to be throttled or hold the function's sockets. */
export const APPLY_CONCURRENCY = 32;

type Step = 'create' | 'update' | 'unchanged';
interface PlannedRow {
  registration: Registration;
  /** What PUT is given: the row's body with the stored channels and closures kept. */
  body: CheckpointBody;
  step: Step;
}

interface Stored {
  communities: Map<string, Community>;
  checkpoints: Map<string, Checkpoint>;
}

export const importCheckpoints = async (
  store: ImportStore,
  input: { sheet: SheetImport; actor: Actor; dryRun: boolean; now: Date; keys: TokenKeys; channelRules?: ChannelRules },
): Promise<ImportResult> => {
  const { registrations } = input.sheet;
  const stored = await readStored(store, registrations);
  const plan = planRows(registrations, stored, input.actor, input.channelRules);
  const errors = byCell([...input.sheet.errors, ...plan.errors]);
  const counts = countSteps(plan.rows.map((row) => row.step));
  if (input.dryRun || errors.length > 0) return { rows: input.sheet.rows, ...counts, applied: false, errors };
  const importId = newImportId();
  const steps = await applyPlan(store, stored, plan.rows, { ...input, importId });
  const done = { rows: input.sheet.rows, ...countSteps(steps) };
  if (done.created + done.updated > 0) {
    const communityIds = plan.rows.filter((row) => row.step !== 'unchanged').map((row) => row.registration.communityId);
    await store.recordAudit(importAudit(input.actor, input.now, importId, done, communityIds));
  }
  return { ...done, applied: true, errors: [] };
};

/** The communities the rows name and the checkpoints already stored under their ids, read in batches. */
const readStored = async (store: ImportStore, registrations: readonly Registration[]): Promise<Stored> => {
  const [communities, checkpoints] = await Promise.all([
    store.communitiesById([...new Set(registrations.map((registration) => registration.communityId))]),
    store.checkpointsById(registrations.map((registration) => registration.checkpointId)),
  ]);
  return {
    communities: new Map(communities.map((community) => [community.communityId, community])),
    checkpoints: new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint])),
  };
};

/** Each row refused at its cell, or what PUT would do with it. */
const planRows = (registrations: readonly Registration[], stored: Stored, actor: Actor, channelRules: ChannelRules | undefined): { rows: PlannedRow[]; errors: SheetError[] } => {
  const rows: PlannedRow[] = [];
  const errors: SheetError[] = [];
  for (const registration of registrations) {
    const problems = rowProblems(registration, stored, actor);
    if (problems.length > 0) {
      errors.push(...problems);
      continue;
    }
    const community = stored.communities.get(registration.communityId)!;
    const existing = stored.checkpoints.get(registration.checkpointId);
    const body = keepingWhatSheetsLack(registration.input, existing);
    const step: Step = !existing ? 'create' : registersTheSame(existing, body, community.timezone, channelRules) ? 'unchanged' : 'update';
    rows.push({ registration, body, step });
  }
  return { rows, errors };
};

const outside = (what: string) => `${what} is not in the communities of this operator key`;

/** What PUT would refuse of this row (or an operator key may not do), at the cells it came from. */
const rowProblems = (registration: Registration, stored: Stored, actor: Actor): SheetError[] => {
  const { communityId, checkpointId } = registration;
  // An operator learns nothing of communities outside its own: not even whether they exist.
  if (!mayActOn(actor, communityId)) return [errorAt(registration, 'communityId', outside(`community ${communityId}`))];
  const existing = stored.checkpoints.get(checkpointId);
  // As PUT: an operator re-registers (or moves) only checkpoints already in its communities.
  if (existing && !mayActOn(actor, existing.communityId)) return [errorAt(registration, 'checkpointId', outside(`checkpoint ${checkpointId}`))];
  const community = stored.communities.get(communityId);
  if (!community) return [errorAt(registration, 'communityId', `no community has the id ${communityId}: create it first (the console's new community, or PUT /communities/${communityId})`)];
  const problems: SheetError[] = [];
  if (registration.timezone !== undefined && registration.timezone !== community.timezone) {
    problems.push(errorAt(registration, 'timezone', `community ${communityId} is in ${community.timezone}: give that zone or leave the cell empty (PUT /communities/${communityId} changes a community's zone)`));
  }
  const { schedule } = registration.input;
  const problem = scheduleProblem(schedule, community.timezone);
  if (problem) problems.push(errorAt(registration, 'every' in schedule ? 'schedule.every' : 'schedule.cron', problem));
  return problems;
};

/** The row's registration with the stored checkpoint's channels (listed without url: PUT keeps their credentials) and closures. */
const keepingWhatSheetsLack = (input: CheckpointBody, existing: Checkpoint | undefined): CheckpointBody => ({
  ...input,
  ...(existing?.channels && { channels: existing.channels.map(channelKept) }),
  ...(existing?.closures && { closures: existing.closures }),
});

const channelKept = ({ url: _url, secret: _secret, ...settings }: Channel): ChannelBody => settings;

/**
 * Writes the rows that change something, APPLY_CONCURRENCY at a time, each through PUT's use case.
 * The records read for the plan serve PUT's first reads (a store primed with them): each row costs
 * one conditional write, and a row whose record changed since is read again by PUT's own retry.
 */
const applyPlan = async (
  store: ImportStore,
  stored: Stored,
  rows: readonly PlannedRow[],
  input: { now: Date; keys: TokenKeys; channelRules?: ChannelRules; actor: Actor; importId: string },
): Promise<Step[]> => {
  const primed = primedStore(store, stored, rows.map((row) => row.registration.checkpointId));
  return boundedMap(rows, APPLY_CONCURRENCY, async ({ registration, body, step }): Promise<Step> => {
    if (step === 'unchanged') return step;
    const { created } = await putCheckpoint(primed, {
      checkpointId: registration.checkpointId,
      body,
      now: input.now,
      keys: input.keys,
      ...(input.channelRules && { channelRules: input.channelRules }),
      actor: input.actor,
      importId: input.importId,
    });
    return created ? 'create' : 'update';
  });
};

/**
 * The store, answering reads of the records just read until a write says they are stale. Known absent
 * counts as known: a checkpoint not stored when planned is created without another read.
 */
const primedStore = (store: ImportStore, stored: Stored, checkpointIds: readonly string[]): RegistryStore => {
  const known = new Map<string, Checkpoint | undefined>(checkpointIds.map((checkpointId) => [checkpointId, stored.checkpoints.get(checkpointId)]));
  return {
    community: async (communityId) => stored.communities.get(communityId) ?? store.community(communityId),
    checkpoint: async (checkpointId) => (known.has(checkpointId) ? known.get(checkpointId) : store.checkpoint(checkpointId)),
    checkpointsOf: (communityId) => store.checkpointsOf(communityId),
    saveCommunity: (community, isNew, audit) => store.saveCommunity(community, isNew, audit),
    saveCheckpoint: async (checkpoint, expectedVersion, audit) => {
      const saved = await store.saveCheckpoint(checkpoint, expectedVersion, audit);
      if (saved) known.set(checkpoint.checkpointId, checkpoint);
      // Someone wrote in between (a reading, an edit): PUT's retry reads the record again.
      else known.delete(checkpoint.checkpointId);
      return saved;
    },
  };
};

const countSteps = (steps: readonly Step[]) => ({
  created: steps.filter((step) => step === 'create').length,
  updated: steps.filter((step) => step === 'update').length,
  unchanged: steps.filter((step) => step === 'unchanged').length,
});

/** Errors in the order a person reads the file: sheet by sheet, row by row. */
const byCell = (errors: SheetError[]): SheetError[] => [...errors].sort((a, b) => SHEET_NAMES.indexOf(a.sheet) - SHEET_NAMES.indexOf(b.sheet) || a.row - b.row);

/** `map` with at most `limit` calls running at once, results in order; the first failure fails it (the running ones finish). */
const boundedMap = async <T, R>(items: readonly T[], limit: number, call: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await call(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
};

// ---------------------------------------------------------------------------------------------
// The registry as rows

/** A stored checkpoint as an export writes it: everything the import takes, in the community's zone. */
export const exportedCheckpoint = (checkpoint: Checkpoint): ExportedCheckpoint => ({
  checkpointId: checkpoint.checkpointId,
  timezone: checkpoint.timezone,
  input: {
    name: checkpoint.name,
    communityId: checkpoint.communityId,
    schedule: checkpoint.schedule,
    grace: checkpoint.grace,
    contacts: checkpoint.contacts.map((contact) => ({ ...contact, role: 'leader' as const })),
    active: checkpoint.active,
    ...(checkpoint.escalation && { escalation: checkpoint.escalation }),
    ...(checkpoint.shifts && checkpoint.shifts.length > 0 && { shifts: checkpoint.shifts }),
  },
});
