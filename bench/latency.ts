/**
 * Section 6's miss line: 20 checkpoints missing together → each leader's level-1 mail (the SES
 * emulator) and the community's one grouped message in its WeCom group (the local chat receiver),
 * from the deadline. The path: the sweep opens the escalations (an alert group) and starts their
 * flows; each flow's Step writes its level's rows; the table's stream wakes the one sender. Run alone
 * on a stack of its own, beside the fever's line: `tsx bench/latency.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { receivedChatMessages } from '../local/chat';
import { freePort } from '../local/ports';
import { storedMails } from '../local/ses';
import { startLocalStack } from '../local/stack';
import { feverLatency, feverReport } from './fever';

export interface MissLatency {
  mail: { mails: number; medianSeconds: number; maxSeconds: number; sweepPeriodSeconds: number; budget: string };
  chat: { messages: number; seconds: number | null; sweepPeriodSeconds: number; budget: string };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
};
const round = (value: number) => Math.round(value * 10) / 10;

export const missLatency = async (stack: { apiUrl: string; adminKey: string; chatUrl: string; sesEndpoint: string }, sweepSeconds: number): Promise<MissLatency> => {
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  await admin('PUT', '/communities/latency', {
    name: '延迟社区',
    contacts: [],
    escalation: { levels: [{ notify: ['leader'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 0 },
    channels: [{ id: 'group', kind: 'wecom', name: '延迟指挥部群', url: `${stack.chatUrl}/cgi-bin/webhook/send?key=bench-latency` }],
  });
  let deadline = 0;
  for (let i = 0; i < 20; i += 1) {
    const created = await admin('PUT', `/checkpoints/late-${i}`, { name: `延迟卡点 ${i}`, communityId: 'latency', schedule: { every: 'PT30S' }, grace: 'PT1S', contacts: [{ name: '组长', email: `late-${i}@example.org`, role: 'leader' }] });
    deadline = Math.max(deadline, Date.parse(created.nextDeadline));
  }
  const firstSeen = new Map<string, number>();
  let chatSeen: number | undefined;
  let chatMessages = 0;
  while ((firstSeen.size < 20 || chatSeen === undefined) && Date.now() < deadline + 60_000) {
    for (const mail of await storedMails(stack.sesEndpoint)) {
      const to = mail.destination.to[0]!;
      if (/^late-\d+@/.test(to) && !firstSeen.has(to)) firstSeen.set(to, Date.now());
    }
    const inGroup = (await receivedChatMessages(stack.chatUrl)).filter((message) => message.robot === 'bench-latency' && message.text.startsWith('【漏报督办】'));
    chatMessages = inGroup.length;
    if (chatSeen === undefined && inGroup.length > 0) chatSeen = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const latencies = [...firstSeen.values()].map((at) => (at - deadline) / 1000);
  return {
    chat: {
      messages: chatMessages,
      seconds: chatSeen === undefined ? null : round((chatSeen - deadline) / 1000),
      sweepPeriodSeconds: sweepSeconds,
      budget: `the group's one grouped message within sweep period + 2 s = ${sweepSeconds + 2} s`,
    },
    mail: {
      mails: latencies.length,
      medianSeconds: round(median(latencies)),
      maxSeconds: round(Math.max(...latencies)),
      sweepPeriodSeconds: sweepSeconds,
      budget: `max <= sweep period + 2 s = ${sweepSeconds + 2} s`,
    },
  };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const SWEEP_SECONDS = 5;
  const [port, dynamoPort, sesPort, sfnPort, chatPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const stack = await startLocalStack({ port, dynamoPort, sesPort, sfnPort, sweepSeconds: SWEEP_SECONDS, chatPort, stateDir: mkdtempSync(join(tmpdir(), 'cw-bench-latency-')), seed: false, logLevel: 'SILENT', adminKey: 'bench-admin-key' });
  try {
    const target = { apiUrl: stack.apiUrl, adminKey: stack.adminKey, chatUrl: stack.chatInbox!, sesEndpoint: stack.sesEndpoint };
    const miss = await missLatency(target, SWEEP_SECONDS);
    console.log(`20 checkpoints missing together: ${miss.mail.mails} level-1 mails, deadline to mail median ${miss.mail.medianSeconds} s, max ${miss.mail.maxSeconds} s (${miss.mail.budget}); the group: ${miss.chat.messages} message(s), deadline to message ${miss.chat.seconds ?? '—'} s (${miss.chat.budget})`);
    console.log(feverReport(await feverLatency(target)));
  } finally {
    await stack.stop();
  }
}
