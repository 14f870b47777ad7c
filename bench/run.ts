/**
 * `npm run bench`: measures checkpoint-watch on the local stack, each figure beside a baseline in the
 * same run (ratios, not absolute times: these machines are noisy). Writes bench/results.json and
 * bench/results.md. Never part of `npm test`.
 */
import { notifierOf } from '../functions/adapters/notifier';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/dynamo';
import { escalationStore } from '../functions/adapters/escalation-store';
import { dayKey } from '../functions/adapters/keys';
import { checkpointItem, registryWrites } from '../functions/adapters/registry';
import { summaryStore } from '../functions/adapters/summary-store';
import { dynamoTable, writeBatches } from '../functions/adapters/table';
import { sweep } from '../functions/domain/escalation';
import type { Checkpoint } from '../functions/domain/model';
import { buildSummary } from '../functions/domain/summaries';
import { linkKeys } from '../functions/runtime/admin-key';
import { ensureTable } from '../local/dynamodb';
import { startGateway } from '../local/gateway';
import { freePort } from '../local/ports';
import { storedMails } from '../local/ses';
import { receivedChatMessages } from '../local/chat';
import { startLocalStack, TABLE_NAME } from '../local/stack';

import { coldPath, coldReport, type ColdResults } from './cold';
import { dayCost, dayCostReport } from './day-cost';
import { boardBench, boardReport, type BoardResults } from './board';
import { importsBench, importsReport, type ImportResults } from './imports';
import { feverLatency, feverReport, type FeverLatency } from './fever';
import { missLatency } from './latency';
const ROOT = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const INGEST_SECONDS = quick ? 5 : 20;
const SWEEP_SECONDS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (text: string) => console.log(`[bench] ${text}`);

// ---- counting DynamoDB requests, from the SDK calls themselves ----
type Counts = { reads: number; writeRequests: number; writeItems: number };
/** The handlers' requests (ingest), and the scaling phases' own — kept apart from the stack's background sweep. */
const counts: Counts = { reads: 0, writeRequests: 0, writeItems: 0 };
const scalingCounts: Counts = { reads: 0, writeRequests: 0, writeItems: 0 };
const reset = (c: Counts) => Object.assign(c, { reads: 0, writeRequests: 0, writeItems: 0 });
const countRequests = (client: DynamoDBDocumentClient, counts: Counts) => {
  client.middlewareStack.add(
    ((next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const name = context.commandName ?? '';
        if (/^(Get|Query|Scan|BatchGet)/.test(name)) counts.reads += 1;
        if (/^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name)) {
          counts.writeRequests += 1;
          const items = (args.input.TransactItems as unknown[] | undefined)?.length ?? 1;
          counts.writeItems += items;
        }
        return next(args);
      }) as never,
    { step: 'initialize', name: 'benchCounts' },
  );
};

/** Seeds tables without being counted. */
let seeding: DynamoDBDocumentClient;
const batchWrite = (tableName: string, items: Record<string, unknown>[]) =>
  writeBatches(seeding, tableName, items.map((Item) => ({ PutRequest: { Item } })));

const checkpointRecord = (i: number, communityId: string, dueAt: string): Checkpoint => ({
  checkpointId: `bench-${i}`,
  communityId,
  name: `卡点 ${i}`,
  timezone: 'Asia/Shanghai',
  schedule: { every: 'PT2H' },
  grace: 'PT15M',
  contacts: [{ name: '组长', email: `leader.${i}@example.org`, role: 'leader' }],
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  activeSince: '2026-01-01T00:00:00.000Z',
  pauses: [],
  recentlyFilled: [],
  recentMaxTempC: {},
  dueAt,
  tokenHash: 'bench',
  version: 1,
});

/** autocannon in a child process (bench/load.ts): the load must not share the gateway's event loop. */
const load = (url: string, targets: { path: string; token: string }[]) =>
  new Promise<{ rps: number; p50: number; p99: number; ok: number; errors: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'load.ts'), JSON.stringify({ url, seconds: INGEST_SECONDS, targets })]);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the load generator failed: ${err}`))));
  });

/** What the emulator itself allows: the ingest path's storage calls against one PutItem, no handler. */
const storageCeiling = async () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'emulator-probe.ts')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the emulator probe failed: ${run.stderr}`);
  const number = (label: string) => Number(new RegExp(`${label}: (\\d+)`).exec(run.stdout)?.[1]);
  return {
    putItemPerSecond: number('PutItem'),
    ingestCallsPerSecond: number('GetItem \\+ TransactWriteItems\\(3 items\\)'),
    storeCallsPerSecond: number('DynamoStore.checkpoint \\+ DynamoStore.record'),
  };
};

/** The handler's share of a reading (bench/share.ts), in a process of its own on an emulator of its own; its EMF lines are discarded. */
const handlerShare = (): ShareResults => {
  const file = join(mkdtempSync(join(tmpdir(), 'cw-share-')), 'share.json');
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'share.ts'), file], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...(quick && { SHARE_PAIRS: '2' }) },
  });
  if (run.status !== 0) throw new Error(`the share measurement failed: ${run.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as ShareResults;
};
type ShareResults = { pairs: { store: number; handler: number }[]; storeCallsPerSecond: number; handlerPerSecond: number; share: number; spread: [number, number]; cpuMsPerReading: { store: number; handler: number } };

const main = async () => {
  // The load posts a few hundred readings a minute to each checkpoint: lift the per-token limit (60 a
  // minute) so that the ingest figures measure the path, not its refusals. The limit's check still runs.
  process.env.READINGS_PER_MINUTE = '1000000';
  log('day cost: one checkpoint\'s day, PT30S against PT2H');
  const dayCostResults = dayCost();
  // 3: the cold path, with tracing on (the default) and off; then the handler's share of a reading.
  // Both before the local stack starts, so that its emulators and sweep do not share the two cores with them.
  const coldPathResults: ColdResults[] = [];
  for (const tracing of [true, false]) coldPathResults.push(await coldPath({ rounds: quick ? 2 : 4, tracing, log }));
  log('the handler\'s share of a reading: the handler against its own storage calls');
  const shareResults = handlerShare();
  const stateDir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
  const [port, dynamoPort, sesPort, sfnPort, basePort, chatPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const stack = await startLocalStack({ port, dynamoPort, sesPort, sfnPort, sweepSeconds: SWEEP_SECONDS, chatPort, stateDir, seed: false, logLevel: 'SILENT', adminKey: 'bench-admin-key' });
  // The baseline reads its table from process.env, as a function on Lambda does; the stack's handlers
  // each run in their own function's environment, which process.env does not reach.
  process.env.TABLE_NAME = TABLE_NAME;
  const baseline = await startGateway({ port: basePort, loadHandler: async () => (await import('./baseline-handler')).handler as never });
  const dynamo = new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  seeding = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), { marshallOptions: { removeUndefinedValues: true } });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) }).then((r) => r.json() as Promise<any>);
  countRequests(documentClient(), counts);
  // The scaling phases get a client of their own, so the stack's background sweep is not counted in them.
  const scaling = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  countRequests(scaling, scalingCounts);
  const results: Record<string, unknown> = {
    when: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1) },
    quick,
    coldPath: coldPathResults,
    share: shareResults,
    dayCost: dayCostResults,
  };

  try {
    // 1 and 2: ingest overhead and write cost.
    log(`ingest: ${INGEST_SECONDS} s at 16 connections, full handler and baseline`);
    await admin('PUT', '/communities/bench', { name: '基准社区', contacts: [] });
    const targets: { path: string; token: string }[] = [];
    for (let i = 0; i < 64; i += 1) {
      const created = await admin('PUT', `/checkpoints/load-${i}`, { name: `压测卡点 ${i}`, communityId: 'bench', schedule: { every: 'PT2H' }, contacts: [] });
      targets.push({ path: `/checkpoints/load-${i}/readings`, token: created.formToken });
    }
    reset(counts);
    const full = await load(stack.apiUrl, targets);
    const accepted = full.ok;
    const writeCost = { requests: counts.writeRequests, items: counts.writeItems, accepted };
    const base = await load(baseline.url, targets);
    if (base.ok === 0 || full.ok === 0) throw new Error(`the ingest load got no 2xx: handler ${full.ok} of ${full.ok + full.errors}, baseline ${base.ok} of ${base.ok + base.errors}`);
    const ceiling = await storageCeiling();
    const storageRatio = ceiling.ingestCallsPerSecond / ceiling.putItemPerSecond;
    results.ingest = {
      full: { ...full, rps: round(full.rps) },
      baseline: { ...base, rps: round(base.rps) },
      ratio: round(full.rps / base.rps),
      storageCeiling: { ...ceiling, ratio: round(storageRatio), storeRatio: round(ceiling.storeCallsPerSecond / ceiling.putItemPerSecond) },
      ratioWithinStorageCeiling: round(full.rps / base.rps / storageRatio),
      // The handler against its own store calls (the probe's figures scaled to this run's baseline).
      ratioWithinStoreCalls: round(full.rps / base.rps / (ceiling.storeCallsPerSecond / ceiling.putItemPerSecond)),
      budget: '>= 0.8',
    };
    results.writeCost = {
      writeRequestsPerReading: round(writeCost.requests / accepted, 3),
      itemsWrittenPerReading: round(writeCost.items / accepted, 3),
      acceptedReadings: accepted,
      budget: '<= 2 write requests',
    };

    // 4: sweep scaling — 10 overdue among N.
    log('sweep scaling');
    const sweepRows: { checkpoints: number; overdue: number; reads: number; ms: number }[] = [];
    for (const n of quick ? [100, 1000] : [100, 1000, 10_000]) {
      const table = `sweep-${n}-${randomUUID().slice(0, 6)}`;
      await ensureTable(dynamo, table);
      const now = new Date();
      const past = new Date(now.getTime() - 60_000).toISOString();
      const future = new Date(now.getTime() + 3_600_000).toISOString();
      await batchWrite(table, Array.from({ length: n }, (_, i) => checkpointItem(checkpointRecord(i, 'bench', i < 10 ? past : future))));
      const store = escalationStore(dynamoTable(scaling, table));
      const deps = { store, notifier: notifierOf({ send: async () => undefined }), flows: { start: async () => undefined }, linkKeys, baseUrl: '', now: () => now, newId: randomUUID };
      reset(scalingCounts);
      const started = performance.now();
      const outcome = await sweep(deps);
      sweepRows.push({ checkpoints: n, overdue: outcome.overdue, reads: scalingCounts.reads, ms: round(performance.now() - started, 1) });
    }
    results.sweep = { rows: sweepRows, flatness: round(sweepRows.at(-1)!.ms / sweepRows[0]!.ms), budget: 'largest within 1.2x of the 100 case (reads flat)' };

    // 5: summary scaling — N checkpoints x 12 slots, 1 and 5 readings a slot.
    log('summary scaling');
    const summaryRows: { checkpoints: number; readingsPerSlot: number; reads: number; ms: number }[] = [];
    const date = '2026-11-20';
    const slotStarts = Array.from({ length: 12 }, (_, k) => String(Date.parse('2026-11-19T16:00:00Z') + k * 7_200_000));
    for (const n of quick ? [100, 1000] : [100, 1000, 5000]) {
      const table = `summary-${n}-${randomUUID().slice(0, 6)}`;
      await ensureTable(dynamo, table);
      const summaryTable = dynamoTable(scaling, table);
      const store = { ...summaryStore(summaryTable), ...registryWrites(summaryTable) };
      const communities = Math.max(1, Math.round(n / 100));
      for (let c = 0; c < communities; c += 1) await store.saveCommunity({ communityId: `c${c}`, name: `社区 ${c}`, timezone: 'Asia/Shanghai', contacts: [], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }, true);
      await batchWrite(table, Array.from({ length: n }, (_, i) => checkpointItem(checkpointRecord(i, `c${i % communities}`, '2027-01-01T00:00:00.000Z'))));
      for (const perSlot of [1, 5]) {
        await batchWrite(
          table,
          Array.from({ length: n }, (_, i) => ({
            ...dayKey(`bench-${i}`, date),
            checkpointId: `bench-${i}`,
            communityId: `c${i % communities}`,
            date,
            readings: 12 * perSlot,
            screened: 40 * 12 * perSlot,
            entries: 22 * 12 * perSlot,
            exits: 18 * 12 * perSlot,
            feverCount: 0,
            staffSum: 5 * 12 * perSlot,
            staffReadings: 12 * perSlot,
            onTimeSlots: new Set(slotStarts),
          })),
        );
        reset(scalingCounts);
        const started = performance.now();
        const summary = await buildSummary(store, date, new Date('2026-11-21T01:00:00Z'), randomUUID());
        if (summary.county.readings !== n * 12 * perSlot) throw new Error('the summary did not count every reading');
        summaryRows.push({ checkpoints: n, readingsPerSlot: perSlot, reads: scalingCounts.reads, ms: round(performance.now() - started, 1) });
      }
    }
    results.summary = { rows: summaryRows, budget: 'linear in checkpoints, unchanged by readings per slot' };
    results.board = await boardBench({ dynamoEndpoint: stack.dynamoEndpoint, quick });

    // 6: escalation latency — 20 checkpoints missing together, deadline to level-1 mail and to the group (bench/latency.ts).
    log('escalation latency (waits for a real deadline)');
    const chatUrl = stack.chatInbox!;
    const miss = await missLatency({ apiUrl: stack.apiUrl, adminKey: stack.adminKey, chatUrl, sesEndpoint: stack.sesEndpoint }, SWEEP_SECONDS);
    results.chatLatency = miss.chat;
    results.escalationLatency = miss.mail;
    // Beside it, a fever: reading → first group message, no sweep waited for (bench/fever.ts).
    log('fever latency: reading to the first group message');
    results.feverLatency = await feverLatency({ apiUrl: stack.apiUrl, adminKey: stack.adminKey, chatUrl, sesEndpoint: stack.sesEndpoint });
  } finally {
    await baseline.close();
    await stack.stop();
    dynamo.destroy();
    seeding.destroy();
  }

  results.imports = await importsBench(); // on a stack of its own: 2,000 checkpoints validated and applied in one request each
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench', 'results.md'), report(results as never));
  log('wrote bench/results.md and bench/results.json');
  await (await import('./wire')).wireSection(join(ROOT, 'bench')); // section 7, on a stack of its own: bytes on the wire and Lighthouse
  process.exit(0);
};

type Results = {
  when: string;
  node: string;
  machine: { cpus: number; memoryGiB: number };
  ingest: { full: Record<string, number>; baseline: Record<string, number>; ratio: number; storageCeiling: { putItemPerSecond: number; ingestCallsPerSecond: number; storeCallsPerSecond: number; ratio: number; storeRatio: number }; ratioWithinStorageCeiling: number; ratioWithinStoreCalls: number };
  writeCost: { writeRequestsPerReading: number; itemsWrittenPerReading: number; acceptedReadings: number };
  coldPath: ColdResults[];
  share: ShareResults;
  sweep: { rows: { checkpoints: number; overdue: number; reads: number; ms: number }[]; flatness: number };
  summary: { rows: { checkpoints: number; readingsPerSlot: number; reads: number; ms: number }[] };
  escalationLatency: { mails: number; medianSeconds: number; maxSeconds: number; sweepPeriodSeconds: number };
  chatLatency: { messages: number; seconds: number | null; sweepPeriodSeconds: number };
  feverLatency: FeverLatency;
  dayCost: ReturnType<typeof dayCost>;
};

const mark = (ok: boolean) => (ok ? 'within budget' : '**over budget**');

const report = (r: Results): string => {
  const sweepReads = r.sweep.rows.map((row) => row.reads);
  const byN = new Map<number, number[]>();
  for (const row of r.summary.rows) byN.set(row.checkpoints, [...(byN.get(row.checkpoints) ?? []), row.reads]);
  const readsUnchanged = [...byN.values()].every((reads) => reads.every((x) => x === reads[0]));
  return [
    '# Benchmarks',
    '',
    `Run ${r.when} on Node ${r.node}, ${r.machine.cpus} cores, ${r.machine.memoryGiB} GiB, against the local stack (DynamoDB Local, the SES emulator, the local Step Functions runner). Ratios against a baseline in the same run; absolute times are this machine's. Reproduce with \`npm run bench\`.`,
    '',
    '## 1. Ingest overhead (autocannon, 16 connections)',
    '',
    '| | requests/s | p50 ms | p99 ms | 2xx | errors |',
    '|---|---|---|---|---|---|',
    `| full handler | ${r.ingest.full.rps} | ${r.ingest.full.p50} | ${r.ingest.full.p99} | ${r.ingest.full.ok} | ${r.ingest.full.errors} |`,
    `| baseline (parse JSON, one PutItem) | ${r.ingest.baseline.rps} | ${r.ingest.baseline.p50} | ${r.ingest.baseline.p99} | ${r.ingest.baseline.ok} | ${r.ingest.baseline.errors} |`,
    '',
    `full / baseline = **${r.ingest.ratio}** (budget ≥ 0.8: ${mark(r.ingest.ratio >= 0.8)})`,
    '',
    `Storage ceiling on this emulator, no handler involved (\`bench/emulator-probe.ts\`, 16 at a time): PutItem ${r.ingest.storageCeiling.putItemPerSecond}/s; the ingest path's calls — a consistent GetItem and a TransactWriteItems of three items — ${r.ingest.storageCeiling.ingestCallsPerSecond}/s: **${r.ingest.storageCeiling.ratio}** of the baseline's storage work before any handler code runs. The handler reaches **${r.ingest.ratioWithinStorageCeiling}** of that ceiling. The ingest path's own store calls with the real items (\`DynamoStore.checkpoint\` and \`DynamoStore.record\`, no HTTP, middleware, validation or authentication) run at ${r.ingest.storageCeiling.storeCallsPerSecond}/s, **${r.ingest.storageCeiling.storeRatio}** of PutItem: the whole handler, behind the local gateway and measured against a probe on another emulator, reaches **${r.ingest.ratioWithinStoreCalls}** of its own storage calls' rate.`,
    '',
    '### The handler\'s share of a reading (bench/share.ts)',
    '',
    `The reading handler invoked as Lambda invokes it (an API Gateway event, no HTTP, deployed settings: INFO logs, EMF metrics), 16 at a time, against its own storage calls alone (\`DynamoStore.checkpoint\` + \`DynamoStore.record\` of the reading the domain plans), on one DynamoDB Local, ${r.share.pairs.length} alternating pairs of phases: handler ${r.share.handlerPerSecond}/s, storage calls ${r.share.storeCallsPerSecond}/s (pairs ${r.share.pairs.map((p) => `${p.handler}/${p.store}`).join(', ')}). Share **${r.share.share}** (pairs from ${r.share.spread[0]} to ${r.share.spread[1]}; budget ≥ 0.85: ${r.share.share >= 0.85 ? 'within budget' : `**${r.share.share}**, over budget`}). This process's CPU per reading: ${r.share.cpuMsPerReading.handler} ms with the handler, ${r.share.cpuMsPerReading.store} ms for the storage calls alone${r.share.share >= 0.85 ? '' : ` — the ${Math.round((r.share.cpuMsPerReading.handler - r.share.cpuMsPerReading.store) * 100) / 100} ms more is the handler's own work on the cores the emulator shares`}.`,
    '',
    '## 2. Write cost',
    '',
    `${r.writeCost.writeRequestsPerReading} write requests per accepted reading (${r.writeCost.itemsWrittenPerReading} items written in them), over ${r.writeCost.acceptedReadings} readings (budget ≤ 2 requests: ${mark(r.writeCost.writeRequestsPerReading <= 2)})`,
    '',
    '## 3. The cold path (bench/cold.ts: each function\'s cdk.out bundle in a fresh Node 24, only the AWS SDK resolvable, its template environment; init, a first and a second request against DynamoDB Local)',
    '',
    ...coldReport(r.coldPath),
    '## 4. Sweep scaling (10 overdue)',
    '',
    '| checkpoints | overdue | read requests | ms |',
    '|---|---|---|---|',
    ...r.sweep.rows.map((row) => `| ${row.checkpoints} | ${row.overdue} | ${row.reads} | ${row.ms} |`),
    '',
    `read requests ${sweepReads.every((x) => x === sweepReads[0]) ? 'identical' : 'not identical'} across sizes; largest/smallest time ${r.sweep.flatness}× (budget ≤ 1.2: ${mark(r.sweep.flatness <= 1.2)})`,
    '',
    '## 5. Summary scaling (12 slots a checkpoint)',
    '',
    '| checkpoints | readings a slot | read requests | ms |',
    '|---|---|---|---|',
    ...r.summary.rows.map((row) => `| ${row.checkpoints} | ${row.readingsPerSlot} | ${row.reads} | ${row.ms} |`),
    '',
    `read requests ${readsUnchanged ? 'unchanged' : '**changed**'} by readings per slot`,
    '',
    '## 6. Escalation latency (20 checkpoints missing together)',
    '',
    `${r.escalationLatency.mails} level-1 mails; deadline to mail: median ${r.escalationLatency.medianSeconds} s, max ${r.escalationLatency.maxSeconds} s (budget ≤ ${r.escalationLatency.sweepPeriodSeconds + 2} s: ${mark(r.escalationLatency.maxSeconds <= r.escalationLatency.sweepPeriodSeconds + 2)})`,
    '',
    `The community's WeCom group (the local chat receiver): ${r.chatLatency.messages} grouped message(s) for the 20; deadline to message: ${r.chatLatency.seconds ?? '—'} s (budget ≤ ${r.chatLatency.sweepPeriodSeconds + 2} s: ${mark(r.chatLatency.seconds !== null && r.chatLatency.seconds <= r.chatLatency.sweepPeriodSeconds + 2 && r.chatLatency.messages === 1)})`,
    '',
    feverReport(r.feverLatency),
    '',
    ...boardReport((r as unknown as { board: BoardResults }).board),
    ...importsReport((r as unknown as { imports: ImportResults }).imports),
    ...dayCostReport(r.dayCost),
  ].join('\n');
};

await main();
