/**
 * Mail without SES: escalation notices through a real SMTP server (npm smtp-server, local/smtp.ts)
 * with nodemailer's client, and SES out of reach — its endpoint is a port nothing listens on, so a
 * notice that took the SES path would fail rather than arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedWords, SmtpMailer } from '../../functions/adapters/smtp-mailer';
import { MailDeferred, sweep } from '../../functions/domain/escalation';
import { freePort } from '../../local/ports';
import { relayedMails, startSmtpRelay, type RecipientAnswer, type SmtpRelay } from '../../local/smtp';
import { makeWorld, policy } from '../helpers/escalation';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';
import { useFreshTable } from '../helpers/table';

const closed = async () => `http://127.0.0.1:${await freePort()}`;

describe('npm start -- --mail=smtp', () => {
  const SWEEP_SECONDS = 2;
  let stack: StartedStack;
  let inbox: string;

  beforeAll(async () => {
    const [smtpPort, inboxPort] = [await freePort(), await freePort()];
    inbox = `http://127.0.0.1:${inboxPort}`;
    stack = await startStackProcess(['--memory', '--no-seed', '--mail=smtp', '--sweep-seconds', String(SWEEP_SECONDS)], { SMTP_PORT: String(smtpPort), SMTP_INBOX_PORT: String(inboxPort) });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const admin = async (method: string, path: string, body?: unknown): Promise<any> =>
    (
      await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.adminKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    ).json();

  it('mails a missed checkpoint through the relay, never starts SES, and the link in the mail acknowledges', { timeout: 120_000 }, async () => {
    expect(stack.output()).toContain(`${inbox}/store`);
    // Nothing answers on the SES port: the SES emulator was not started.
    await expect(fetch(`${stack.sesUrl}/store`)).rejects.toThrow();

    await admin('PUT', '/communities/smtp', { name: '测试社区', contacts: [{ name: '书记', email: 'secretary.smtp@example.org', role: 'secretary' }] });
    const created = await admin('PUT', '/checkpoints/smtp-gate', {
      name: '测试卡点',
      communityId: 'smtp',
      schedule: { every: 'PT30S' },
      grace: 'PT5S',
      contacts: [{ name: '组长', email: 'leader.smtp@example.org', role: 'leader' }],
    });
    const deadline = Date.parse(created.nextDeadline);
    let level1: Awaited<ReturnType<typeof relayedMails>>[number] | undefined;
    while (!level1 && Date.now() < deadline + 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      level1 = (await relayedMails(inbox)).find((mail) => mail.to.includes('leader.smtp@example.org'));
    }
    expect(level1, 'no level-1 notice reached the relay').toBeDefined();
    expect(level1!.from).toBe('checkpoint-watch@example.org');
    // The subject came through as RFC 2047 words, read back by mailparser.
    expect(level1!.subject).toContain('测试卡点');
    expect(level1!.subject).toContain('未按时上报');
    expect(level1!.html).toContain('<');

    const link = /(http:\/\/127\.0\.0\.1:\d+\/ack\/[0-9a-f-]+\?[^\s]+)/.exec(level1!.text)![1]!;
    const escalationId = /\/ack\/([0-9a-f-]+)\?/.exec(link)![1]!;
    expect((await fetch(link)).status).toBe(200);
    const fields = new URL(link).searchParams;
    const post = await fetch(`${stack.apiUrl}/ack/${escalationId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect(post.status).toBe(200);
    const escalation = await admin('GET', `/escalations/${escalationId}`);
    expect(escalation).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'leader.smtp@example.org' });
    expect(escalation.notices).toEqual(expect.arrayContaining([expect.objectContaining({ level: 1, recipient: 'leader.smtp@example.org', outcome: 'sent' })]));
    expect(stack.output()).not.toMatch(/failed/i);
  });
});

describe('the SMTP mailer in the escalation flow', () => {
  let relay: SmtpRelay;
  let answer: RecipientAnswer = () => undefined;
  const attempts = new Map<string, number>();
  const login = { user: 'flow-test', password: 'relay-password-for-tests' };

  beforeAll(async () => {
    await useFreshTable();
    process.env.AWS_ENDPOINT_URL_SESV2 = await closed();
    relay = await startSmtpRelay({
      port: await freePort(),
      inboxPort: await freePort(),
      ...login,
      onRecipient: (address) => {
        attempts.set(address, (attempts.get(address) ?? 0) + 1);
        return answer(address);
      },
    });
  });

  afterAll(async () => {
    await relay?.stop();
  });

  const smtpWorld = (relayPassword: () => string = () => login.password) => {
    const secret = () => JSON.stringify({ host: relay.host, port: relay.port, secure: false, user: login.user, password: relayPassword(), from: '县防控办 <alerts@county.example>' });
    const world = makeWorld(() => new SmtpMailer(async () => secret()));
    const mailsTo = (address: string) => relay.mails().filter((mail) => mail.to.includes(address));
    const levels = async (escalationId: string) =>
      (await world.store.notices(escalationId)).filter((n) => n.kind === 'level').map((n) => `${n.level}.${n.repeat}:${n.recipient.split('.')[0]}:${n.outcome}`).sort();
    return { world, mailsTo, levels };
  };

  /**
   * Runs the flow until level `untilLevel` is out and leaves it in its wait (the escalation still open),
   * the one sender running after each of its tasks, as the table's stream wakes it.
   */
  const runUntilLevel = (world: ReturnType<typeof makeWorld>, escalationId: string, untilLevel: number) =>
    world.run(escalationId, undefined, async (input, next) => {
      const output = (await next()) as { action?: string };
      await world.deliver();
      const reached = (await world.store.escalation(escalationId))!.level >= untilLevel;
      return input.action === 'step' && output.action === 'wait' && reached ? { action: 'done', escalationId, reason: 'the level the test waits for is out' } : output;
    });

  it('defers a notice the relay answers with 451, goes on to the next level saying so, and sends it once when the relay takes it', async () => {
    const { world, mailsTo, levels } = smtpWorld();
    let busy = true;
    answer = (address) => (busy && address === world.email('leader') ? { code: 451, message: '4.3.0 Try again later' } : undefined);
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    await runUntilLevel(world, escalationId, 2);
    expect(await levels(escalationId)).toEqual(['1.0:leader:pending', '2.0:secretary:sent']);
    // The sender's attempts while the relay was busy were all answered 451: the row waits, and is tried again.
    const whileBusy = attempts.get(world.email('leader'))!;
    expect(whileBusy).toBeGreaterThanOrEqual(2);
    // The relay takes mail again; the minute's run, once the row's wait is over, sends it.
    busy = false;
    world.clock.advance(5 * 60_000);
    await world.deliver();
    await world.deliver();
    expect(await levels(escalationId)).toEqual(['1.0:leader:sent', '2.0:secretary:sent']);
    expect(attempts.get(world.email('leader'))).toBe(whileBusy + 1);
    const [toLeader, ...more] = mailsTo(world.email('leader'));
    expect(more).toEqual([]);
    expect(toLeader!.subject).toContain('幸福家园卡点');
    expect(toLeader!.text).toMatch(/https:\/\/api\.test\/ack\/[0-9a-f-]+\?r=/);
    const [toSecretary] = mailsTo(world.email('secretary'));
    // Named as the person registered with the address, in the community's language.
    expect(toSecretary!.text).toContain('无法送达，前一级可能未收到通知：卡点组长 组长');
  });

  it('records a notice the relay refuses with 550 as failed, tries it once, and names the address to the next level', async () => {
    const { world, mailsTo, levels } = smtpWorld();
    answer = (address) => (address === world.email('leader') ? { code: 550, message: '5.1.1 No such user here' } : undefined);
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    await world.run(escalationId, () => world.deliver());
    await world.deliver();
    expect(await levels(escalationId)).toEqual(['1.0:leader:failed', '2.0:secretary:sent']);
    expect(attempts.get(world.email('leader'))).toBe(1);
    const [notice] = (await world.store.notices(escalationId)).filter((n) => n.recipient === world.email('leader'));
    expect(notice!.error).toMatch(/refused.*550/);
    expect(mailsTo(world.email('leader'))).toEqual([]);
    const [toSecretary] = mailsTo(world.email('secretary'));
    expect(toSecretary!.text).toContain('无法送达，前一级可能未收到通知：卡点组长 组长');
  });

  it('keeps the notices of a relay that refuses our login (535) waiting, and sends them once the secret is put right', async () => {
    let password = 'not-the-password';
    const { world, mailsTo, levels } = smtpWorld(() => password);
    answer = () => undefined;
    const escalationId = await world.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
    await runUntilLevel(world, escalationId, 1);
    expect(await levels(escalationId)).toEqual(['1.0:leader:pending']);
    expect(mailsTo(world.email('leader'))).toEqual([]);
    // The secret put right; the minute's run, once the row's wait is over, sends it.
    password = login.password;
    world.clock.advance(5 * 60_000);
    await world.deliver();
    expect(await levels(escalationId)).toEqual(['1.0:leader:sent']);
    expect(mailsTo(world.email('leader'))).toHaveLength(1);
  });

  it('defers mail while the secret is not a relay, naming what is wrong and never the password', async () => {
    const mail = { subject: 's', text: 't', html: '<p>h</p>' };
    const sent = new SmtpMailer(async () => JSON.stringify({ port: '25', secure: false, password: 'p4ssw0rd-secret', from: 'a@b.example' })).send('x@example.org', mail);
    await expect(sent).rejects.toBeInstanceOf(MailDeferred);
    await expect(sent).rejects.toThrow(/host, port$/);
    expect(await sent.catch((error: Error) => error.message)).not.toContain('p4ssw0rd');
    await expect(new SmtpMailer(async () => 'not json').send('x@example.org', mail)).rejects.toBeInstanceOf(MailDeferred);
  });

  it('writes a long Chinese subject as encoded words of at most 75 characters, whole characters each', () => {
    const subject = '【漏报督办】鱼岳社区 幸福家园卡点 10:00–12:00 未按时上报，已逾期 35 分钟（第一级）'.repeat(3);
    const words = encodedWords(subject).split('\r\n ');
    expect(words.length).toBeGreaterThan(3);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    const decoded = words.map((word) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(word)![1]!, 'base64').toString('utf8'));
    expect(decoded.join('')).toBe(subject);
    expect(decoded.join('')).not.toContain('\uFFFD');
  });
});
