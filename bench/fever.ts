/**
 * Section 6's fever line: a fever reading posted to the form's route → the first 【发热预警】 message in
 * the community's WeCom group (the local chat receiver) and the leader's level-1 mail (the SES
 * emulator). No sweep is waited for: the reading opens the alert in its own write and starts its flow,
 * whose first level's rows wake the one sender through the table's stream. One gate per reading, one
 * after another, so each opens its own alert. Run alone on a stack of its own: `tsx bench/fever.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { receivedChatMessages } from '../local/chat';
import { freePort } from '../local/ports';
import { storedMails } from '../local/ses';
import { startLocalStack } from '../local/stack';

export interface FeverLatency {
  readings: number;
  /** Reading posted → first group message, in seconds: median and max (null: none came within a minute). */
  groupMedianSeconds: number | null;
  groupMaxSeconds: number | null;
  mailMedianSeconds: number | null;
  mailMaxSeconds: number | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
};
const round = (value: number) => Math.round(value * 10) / 10;

export const feverLatency = async (stack: { apiUrl: string; adminKey: string; chatUrl: string; sesEndpoint: string }, rounds = 5): Promise<FeverLatency> => {
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  await admin('PUT', '/communities/fever-latency', {
    name: '发热延迟社区',
    contacts: [{ name: '社区书记', email: 'secretary.fever-latency@example.org', role: 'secretary' }],
    channels: [{ id: 'group', kind: 'wecom', name: '发热指挥部群', url: `${stack.chatUrl}/cgi-bin/webhook/send?key=bench-fever` }],
  });
  const group: number[] = [];
  const mail: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const gate = `fever-gate-${i}`;
    const leader = `leader.${gate}@example.org`;
    const created = await admin('PUT', `/checkpoints/${gate}`, { name: `发热卡点${i}`, communityId: 'fever-latency', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: leader, role: 'leader' }] });
    const posted = Date.now();
    await fetch(`${stack.apiUrl}/checkpoints/${gate}/readings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.formToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: randomUUID(), officer: '张三', screened: 10, entries: 6, exits: 4, feverCount: 1, maxTempC: 38.3, feverCases: [{ tempC: 38.3, direction: 'in' }] }),
    });
    let inGroup: number | undefined;
    let inMail: number | undefined;
    while ((inGroup === undefined || inMail === undefined) && Date.now() < posted + 60_000) {
      if (inGroup === undefined && (await receivedChatMessages(stack.chatUrl)).some((m) => m.robot === 'bench-fever' && m.text.startsWith('【发热预警】') && m.text.includes(`发热卡点${i}`))) inGroup = Date.now();
      if (inMail === undefined && (await storedMails(stack.sesEndpoint)).some((m) => m.destination.to.includes(leader) && m.subject.startsWith('【发热预警】'))) inMail = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (inGroup !== undefined) group.push((inGroup - posted) / 1000);
    if (inMail !== undefined) mail.push((inMail - posted) / 1000);
  }
  return {
    readings: rounds,
    groupMedianSeconds: group.length ? round(median(group)) : null,
    groupMaxSeconds: group.length === rounds ? round(Math.max(...group)) : null,
    mailMedianSeconds: mail.length ? round(median(mail)) : null,
    mailMaxSeconds: mail.length === rounds ? round(Math.max(...mail)) : null,
  };
};

/** The report's line, beside deadline → first notice for a miss. */
export const feverReport = (r: FeverLatency): string =>
  `A fever (${r.readings} readings at ${r.readings} gates, one after another): reading to the first 【发热预警】 group message median ${r.groupMedianSeconds ?? '—'} s, max ${r.groupMaxSeconds ?? '—'} s; to the leader's mail median ${r.mailMedianSeconds ?? '—'} s, max ${r.mailMaxSeconds ?? '—'} s (no sweep waited for: the reading starts the alert's flow)`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [port, dynamoPort, sesPort, sfnPort, chatPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const stack = await startLocalStack({ port, dynamoPort, sesPort, sfnPort, sweepSeconds: 5, chatPort, stateDir: mkdtempSync(join(tmpdir(), 'cw-bench-fever-')), seed: false, logLevel: 'SILENT', adminKey: 'bench-admin-key' });
  try {
    console.log(feverReport(await feverLatency({ apiUrl: stack.apiUrl, adminKey: stack.adminKey, chatUrl: stack.chatInbox!, sesEndpoint: stack.sesEndpoint })));
  } finally {
    await stack.stop();
  }
}
