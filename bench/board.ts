/**
 * The board at county scale (issue 14): GET /board with a signed-in cookie over the local gateway, on
 * 100 and on 1,000 checkpoints in DynamoDB Local — a mix of PT30S, PT2H and `0 8,12,18 * * *`, about
 * half with readings today, 2 % overdue and escalated. Three refreshes are timed:
 *
 * - **full**: nothing known yet (a fresh Lambda instance), so every checkpoint is read;
 * - **unchanged**: nothing was written since the last refresh;
 * - **one reading**: one checkpoint reported since the last refresh (what a county's board sees most,
 *   a reading every 20 s against a refresh every 30 s), and the page must show it.
 *
 * Read requests are counted on the handler's own DynamoDB client, only those naming the section's
 * tables (the stack's sweep shares the client). Run alone with `npx tsx bench/board.ts [--quick]`.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamo';
import { escalationStore } from '../functions/adapters/escalation-store';
import { checkpointStore } from '../functions/adapters/store';
import { dynamoTable } from '../functions/adapters/table';
import { sweep } from '../functions/domain/escalation';
import { acceptReading } from '../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../functions/domain/registry';
import { formatLocal } from '../functions/domain/time';
import { runInEnvironment } from '../functions/runtime/config';
import { ensureTable, startDynamo } from '../local/dynamodb';
import { startGateway } from '../local/gateway';
import { freePort } from '../local/ports';
import { localFunctionEnvironment, type LocalResources } from '../local/stack';

const ADMIN_KEY = 'bench-board-admin-key';
const LINK_KEYS = { current: 'k1', k1: 'bench-board-link-key-0123456789abcdef' };
const PER_COMMUNITY = 25;
const SCHEDULES = [{ every: 'PT30S' }, { every: 'PT2H' }, { cron: '0 8,12,18 * * *' }] as const;
const BUDGET = 1.5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (text: string) => console.log(`[bench] ${text}`);

/** Read requests the board's handler sends to one table, counted as bench/run.ts counts them. */
const tableReads = new Map<string, number>();
const tablesOf = (input: Record<string, unknown>): string[] => [
  ...(typeof input.TableName === 'string' ? [input.TableName] : []),
  ...Object.keys((input.RequestItems as Record<string, unknown> | undefined) ?? {}),
];
let counting = false;
const countBoardReads = () => {
  if (counting) return;
  counting = true;
  documentClient().middlewareStack.add(
    ((next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        if (/^(Get|Query|Scan|BatchGet)/.test(context.commandName ?? '')) {
          for (const table of tablesOf(args.input)) tableReads.set(table, (tableReads.get(table) ?? 0) + 1);
        }
        return next(args);
      }) as never,
    { step: 'initialize', name: 'boardBenchCounts' },
  );
};

const linkKeys = async () => ({ current: LINK_KEYS.current, keys: { k1: LINK_KEYS.k1 } });
const body = (i: number) => ({
  submissionId: randomUUID(),
  officer: '值班员',
  screened: 40 + (i % 7),
  entries: 20,
  exits: 18,
  feverCount: 0,
  staffOnDuty: 4,
});

const seedingStore = (table: ReturnType<typeof dynamoTable>) => ({ ...checkpointStore(table), ...escalationStore(table) });

/** A county of `n` checkpoints written through the domain's own use cases, as the API writes them. */
const seed = async (store: ReturnType<typeof seedingStore>, n: number) => {
  const now = new Date();
  const earlier = new Date(now.getTime() - 5 * 3_600_000);
  const communities = Math.ceil(n / PER_COMMUNITY);
  for (let c = 0; c < communities; c += 1) {
    await putCommunity(store, {
      communityId: `c${c}`,
      body: { name: `社区 ${c}`, timezone: 'Asia/Shanghai', contacts: [{ name: '书记', email: `secretary.${c}@example.org`, role: 'secretary' }] },
      now,
    });
  }
  const ids = Array.from({ length: n }, (_, i) => i);
  const inParallel = async (work: (i: number) => Promise<void>) => {
    for (let start = 0; start < n; start += 25) await Promise.all(ids.slice(start, start + 25).map(work));
  };
  // Every 50th was registered hours ago and never reported: overdue, and escalated by the sweep below.
  const overdue = (i: number) => i % 50 === 7;
  await inParallel(async (i) => {
    await putCheckpoint(store, {
      checkpointId: `cp-${i}`,
      body: {
        name: `卡点 ${i}`,
        communityId: `c${Math.floor(i / PER_COMMUNITY)}`,
        schedule: overdue(i) ? { every: 'PT2H' } : SCHEDULES[i % 3]!,
        grace: 'PT15M',
        contacts: [{ name: '组长', email: `leader.${i}@example.org`, role: 'leader' }],
        active: true,
      },
      now: overdue(i) ? earlier : now,
      keys: linkKeys,
    });
  });
  await inParallel(async (i) => {
    if (overdue(i) || i % 2 === 1) return;
    const checkpoint = (await store.checkpoint(`cp-${i}`))!;
    await acceptReading(store, { checkpoint, body: body(i), now: () => new Date(), newId: randomUUID, readingsPerMinute: 1000 });
  });
  const outcome = await sweep({ store, flows: { start: async () => undefined }, now: () => new Date(), newId: randomUUID });
  return { communities, overdue: outcome.overdue, escalations: (await store.activeEscalations()).length };
};

export interface BoardSize {
  checkpoints: number;
  communities: number;
  escalations: number;
  full: { ms: number; msPerCheckpoint: number; reads: number };
  unchanged: { ms: number; reads: number };
  oneReading: { ms: number; reads: number };
  bytes: number;
}

export interface BoardResults {
  sizes: BoardSize[];
  ratio: number;
  budget: string;
}

/** The board module's in-memory snapshot, if it keeps one: forgotten before a full refresh is timed. */
const forgetBoard = async () => {
  const module = (await import('../functions/handlers/board')) as { forgetBoards?: () => void };
  module.forgetBoards?.();
};

/** A seeded county behind its own gateway, signed in: `refresh` is one GET /board, timed and counted. */
const prepare = async (dynamo: DynamoDBClient, seeding: DynamoDBDocumentClient, n: number) => {
  const table = `board-${n}-${randomUUID().slice(0, 6)}`;
  await ensureTable(dynamo, table);
  const store = seedingStore(dynamoTable(seeding, table));
  log(`board: seeding ${n} checkpoints`);
  const county = await seed(store, n);
  const environment = {
    ...localFunctionEnvironment('board', { secrets: { adminKey: ADMIN_KEY, linkKeys: JSON.stringify(LINK_KEYS) } as LocalResources['secrets'], settings: {} }),
    TABLE_NAME: table,
  };
  const gateway = await startGateway({
    port: await freePort(),
    loadHandler: async () => {
      const { handler } = await import('../functions/handlers/board');
      return ((...args: Parameters<typeof handler>) => runInEnvironment(environment, () => handler(...args))) as never;
    },
  });
  const signIn = await fetch(`${gateway.url}/board/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `key=${ADMIN_KEY}`,
    redirect: 'manual',
  });
  const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error(`board sign-in failed: ${signIn.status}`);
  let bytes = 0;
  const refresh = async () => {
    const before = tableReads.get(table) ?? 0;
    const started = performance.now();
    const answer = await fetch(`${gateway.url}/board`, { headers: { cookie } });
    const page = await answer.text();
    const ms = performance.now() - started;
    const shown = page.split('class="chip"').length - 1;
    if (answer.status !== 200 || shown !== n) throw new Error(`the board showed ${shown} of ${n} checkpoints (${answer.status})`);
    bytes = Buffer.byteLength(page);
    return { ms, reads: (tableReads.get(table) ?? 0) - before, page };
  };
  let k = 0;
  /** One more reading somewhere in the county; the board that follows must show it. */
  const report = async () => {
    const id = `cp-${(k++ * 2) % n}`;
    const checkpoint = (await store.checkpoint(id))!;
    const { receipt } = await acceptReading(store, { checkpoint, body: body(k), now: () => new Date(), newId: randomUUID, readingsPerMinute: 1000 });
    return { id, receivedAt: receipt.receivedAt };
  };
  return { n, county, refresh, report, bytes: () => bytes, close: gateway.close };
};

type Prepared = Awaited<ReturnType<typeof prepare>>;
type Run = { ms: number; reads: number };
const summary = (runs: Run[]) => ({ ms: round(median(runs.map((r) => r.ms)), 1), reads: median(runs.map((r) => r.reads)) });

/**
 * Both sizes timed in turn, round after round, so that the machine's drift (other work on its two
 * cores) weighs on both alike; each figure is the median of its rounds.
 */
const measureTogether = async (sizes: Prepared[], rounds: number): Promise<BoardSize[]> => {
  const runs = new Map(sizes.map((s) => [s.n, { full: [] as Run[], unchanged: [] as Run[], oneReading: [] as Run[] }]));
  for (const size of sizes) for (let i = 0; i < 3; i += 1) await size.refresh();
  for (let round = 0; round < rounds; round += 1) {
    for (const size of sizes) {
      const mine = runs.get(size.n)!;
      await forgetBoard();
      mine.full.push(await size.refresh());
      mine.unchanged.push(await size.refresh());
      const reading = await size.report();
      const after = await size.refresh();
      // The checkpoint's row shows the reading's time: the board is never stale.
      const row = new RegExp(`${reading.id}</span></td><td>.*?</td><td>(.*?)</td>`).exec(after.page)?.[1];
      if (row !== formatLocal(new Date(reading.receivedAt), 'Asia/Shanghai')) throw new Error(`the board showed ${row} for a reading at ${reading.receivedAt}`);
      mine.oneReading.push(after);
    }
  }
  return sizes.map((size) => {
    const mine = runs.get(size.n)!;
    const full = summary(mine.full);
    return {
      checkpoints: size.n,
      communities: size.county.communities,
      escalations: size.county.escalations,
      full: { ...full, msPerCheckpoint: round(full.ms / size.n, 3) },
      unchanged: summary(mine.unchanged),
      oneReading: summary(mine.oneReading),
      bytes: size.bytes(),
    };
  });
};

export const boardBench = async (options: { dynamoEndpoint: string; quick: boolean }): Promise<BoardResults> => {
  countBoardReads();
  const dynamo = new DynamoDBClient({ endpoint: options.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const seeding = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const prepared: Prepared[] = [];
  try {
    for (const n of [100, 1000]) prepared.push(await prepare(dynamo, seeding, n));
    const sizes = await measureTogether(prepared, options.quick ? 5 : 15);
    return { sizes, ratio: round(sizes[1]!.full.msPerCheckpoint / sizes[0]!.full.msPerCheckpoint), budget: `full refresh per checkpoint at 1,000 <= ${BUDGET}x at 100; unchanged refresh reads no checkpoint` };
  } finally {
    for (const size of prepared) await size.close();
    dynamo.destroy();
  }
};

export const boardReport = (r: BoardResults): string[] => [
  '## The board at county scale (GET /board, signed in; PT30S, PT2H and cron mixed)',
  '',
  '| checkpoints | communities | open escalations | full refresh ms | ms per checkpoint | reads | unchanged ms | reads | one reading since ms | reads | page KB |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...r.sizes.map(
    (s) =>
      `| ${s.checkpoints} | ${s.communities} | ${s.escalations} | ${s.full.ms} | ${s.full.msPerCheckpoint} | ${s.full.reads} | ${s.unchanged.ms} | ${s.unchanged.reads} | ${s.oneReading.ms} | ${s.oneReading.reads} | ${round(s.bytes / 1024, 1)} |`,
  ),
  '',
  `full refresh per checkpoint at 1,000 / at 100 = **${r.ratio}** (budget ≤ ${BUDGET}: ${r.ratio <= BUDGET ? 'within budget' : '**over budget**'}); ` +
    `an unchanged refresh sends ${r.sizes.map((s) => s.unchanged.reads).join(' and ')} read requests against ${r.sizes.map((s) => s.full.reads).join(' and ')} for a full one ` +
    `(${r.sizes.every((s) => s.unchanged.reads < s.full.reads && s.unchanged.reads <= 2) ? 'within budget: no checkpoint re-read' : '**every checkpoint re-read**'})`,
  '',
];

// Alone: its own DynamoDB Local, in memory, and the environment the local stack would set.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dynamo = await startDynamo({ port: await freePort() });
  try {
    Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_METRICS_DISABLED: 'true' });
    const results = await boardBench({ dynamoEndpoint: dynamo.endpoint, quick: process.argv.includes('--quick') });
    console.log(JSON.stringify(results, null, 2));
    console.log(boardReport(results).join('\n'));
  } finally {
    await dynamo.stop();
  }
  process.exit(0);
}
