/**
 * A fever alert's words, zh-CN first: its notices (fever/content.ts), the acknowledge page
 * (pages/fever-ack.ts) and the choices of what was done. One language at a time.
 */
import type { FeverCase, HandlingAction, OfficerRole } from '../fever/shapes';
import { COPIED_RUN } from '../limits';
import { duration, listIn, ROLE, type Lang } from '.';

const zh = {
  /** Shown and told: what was done, as the page offers it. */
  action: { isolated: '已隔离复测', clinic: '已送发热门诊', normal: '复测正常', other: '其他（说明）' } satisfies Record<HandlingAction, string>,
  /** What was done, as a notice tells it: the note in place of 其他. */
  done: (action: HandlingAction, note: string | undefined) => (action === 'other' ? (note ?? '其他') : `${zh.action[action]}${note ? `（${note}）` : ''}`),
  direction: { in: '进', out: '出' } satisfies Record<NonNullable<FeverCase['direction']>, string>,
  officer: { onDuty: ROLE.onDuty['zh-CN'], leader: ROLE.leader['zh-CN'], staff: '卡点值守人员' } satisfies Record<OfficerRole, string>,
  temp: (c: number) => `${c.toFixed(1)}°C`,
  unlisted: '体温未列明',
  /** One case: 37.8°C（进），14:05 测得，上报人：卡点值守人员 */
  caseLine: (temp: string, direction: string | undefined, at: string, officer: string) => `${temp}${direction ? `（${direction}）` : ''}，${at} 测得，上报人：${officer}`,
  title: (where: string, n: number) => `【发热预警】${where}发现发热 ${n} 人`,
  climbTitle: (where: string, n: number, level: string, waited: string) => `【发热预警·${level}】${where}发热 ${n} 人，已 ${waited} 未处置`,
  subject: (where: string, n: number) => `【发热预警】${where}发现发热 ${n} 人，请立即处置`,
  climbSubject: (where: string, n: number, waited: string) => `【发热预警】${where}发热 ${n} 人，已 ${waited} 未处置`,
  to: (name: string) => `${name}：`,
  /** Before the gate's name (in bold), the name, after it. */
  found: (gate: string, community: string, n: number): [string, string, string] => [`卡点 `, gate, `（${community}）测温发现发热 ${n} 人：`],
  climbed: (level: string, waited: string, told: string) => `发热预警 ${waited} 内无人处置，已升级至${level}。此前已通知：${told}`,
  moreCases: (n: number) => `另有 ${n} 人，见处置页面`,
  ask: '请立即安排隔离复测，必要时送发热门诊；处置后点击“登记处置”，写明处置人和处置情况。',
  ackLabel: '登记处置',
  handledTitle: (where: string) => `【已处置】${where}发热预警`,
  handledSubject: (where: string) => `【已处置】${where}发热预警`,
  handled: (by: string, at: string, done: string) => `已由 ${by} 于 ${at} 处置：${done}。`,
  handledCases: (n: number) => `发热 ${n} 人。`,
  unresolvedTitle: (where: string, waited: string) => `【发热预警未处置】${where}，${waited} 无人登记处置`,
  unresolved: (waited: string) => `发热预警已通知各级，${waited} 内无人登记处置，预警自动结束。请人工跟进发热人员去向。`,
  // ---- the acknowledge page ----
  pageTitle: (name: string) => `发热预警：${name}`,
  heading: '发热预警',
  pageFound: (gate: string, community: string, n: number, opened: string) => `卡点 <b>${gate}</b>（${community}）于 ${opened} 发现发热 ${n} 人：`,
  pageLevel: (level: string) => `当前预警级别：${level}。`,
  who: '处置人',
  what: '处置情况',
  note: '说明（选“其他”时必填，不要填写发热人员姓名）',
  submit: '登记处置',
  doneTitle: '已登记处置',
  donePage: '<h1>已登记处置，谢谢</h1><p>已通知社区；预警不再升级。</p>',
  alreadyTitle: '已处置',
  already: (status: string) => `<h1>此预警已处置</h1><p>${status}</p>`,
  handledStatus: (by: string, at: string, done: string) => `已由 ${by} 于 ${at} 处置：${done}。`,
  endedTitle: '预警已结束',
  endedStatus: '预警已结束，未登记处置。',
  ended: '<h1>预警已结束</h1><p>本次处置未被记录。</p>',
  fix: '请改正标出的项目',
  // ---- the form ----
  toldCommunity: '已通知社区',
  /** The form's word when a reading with fever waits for the network (its offline word, and that it goes first). */
  feverFirst: '无网络，已保存，恢复后优先发送',
};

export type FeverWords = typeof zh;

const en: FeverWords = {
  action: { isolated: 'Isolated and re-measured', clinic: 'Sent to a fever clinic', normal: 'Re-measured: normal', other: 'Other (explain)' },
  done: (action, note) => (action === 'other' ? (note ?? 'other') : `${en.action[action]}${note ? ` (${note})` : ''}`),
  direction: { in: 'in', out: 'out' },
  officer: { onDuty: ROLE.onDuty.en, leader: ROLE.leader.en, staff: 'gate staff' },
  temp: (c) => `${c.toFixed(1)} °C`,
  unlisted: 'temperature not listed',
  caseLine: (temp, direction, at, officer) => `${temp}${direction ? ` (going ${direction})` : ''}, taken ${at}, reported by the ${officer}`,
  title: (where, n) => `[Fever alert] ${where}: ${n} with fever`,
  climbTitle: (where, n, level, waited) => `[Fever alert, ${level}] ${where}: ${n} with fever, not handled for ${waited}`,
  subject: (where, n) => `Fever alert: ${where}, ${n} with fever — act now`,
  climbSubject: (where, n, waited) => `Fever alert: ${where}, ${n} with fever, not handled for ${waited}`,
  to: (name) => `${name}:`,
  found: (gate, community, n) => ['Checkpoint ', gate, ` (${community}) found ${n} with fever:`],
  climbed: (level, waited, told) => `Nobody has handled the fever alert in ${waited}: it is now at ${level}. Told before: ${told}`,
  moreCases: (n) => `and ${n} more, on the handling page`,
  ask: 'Please have them kept apart and re-measured, sent to a fever clinic if needed; then use the link to record who handled it and what was done.',
  ackLabel: 'Record handling',
  handledTitle: (where) => `[Handled] Fever alert at ${where}`,
  handledSubject: (where) => `Handled: fever alert at ${where}`,
  handled: (by, at, done) => `Handled by ${by} at ${at}: ${done}.`,
  handledCases: (n) => `${n} with fever.`,
  unresolvedTitle: (where, waited) => `[Fever alert unhandled] ${where}: nobody recorded handling it in ${waited}`,
  unresolved: (waited) => `Every level was told and nobody recorded handling the fever alert in ${waited}; it has ended. Please follow up by hand on where the people with fever went.`,
  pageTitle: (name) => `Fever alert: ${name}`,
  heading: 'Fever alert',
  pageFound: (gate, community, n, opened) => `Checkpoint <b>${gate}</b> (${community}) found ${n} with fever at ${opened}:`,
  pageLevel: (level) => `The alert is at ${level}.`,
  who: 'Handled by',
  what: 'What was done',
  note: 'Note (required for Other; do not write the person’s name)',
  submit: 'Record handling',
  doneTitle: 'Handling recorded',
  donePage: '<h1>Handling recorded, thank you</h1><p>The community has been told; the alert climbs no further.</p>',
  alreadyTitle: 'Already handled',
  already: (status) => `<h1>This alert has been handled</h1><p>${status}</p>`,
  handledStatus: (by, at, done) => `Handled by ${by} at ${at}: ${done}.`,
  endedTitle: 'The alert has ended',
  endedStatus: 'The alert has ended without a record of how it was handled.',
  ended: '<h1>The alert has ended</h1><p>Nothing was recorded.</p>',
  fix: 'Please correct the fields marked',
  toldCommunity: 'Community told',
  feverFirst: 'No network: saved, will send first when back online',
};

export const FEVER_WORDS: Record<Lang, FeverWords> = { 'zh-CN': zh, en };

/** Why a field of the handling form was refused, at the field, in the reader's language. */
export const HANDLING_ISSUES: Record<Lang, Record<'by' | 'action' | 'note', string>> = {
  'zh-CN': { by: '请填写处置人（100 字以内）', action: '请选择处置情况', note: '选“其他”时请写明处置情况（100 字以内，不含换行等特殊字符）' },
  en: { by: 'Say who is handling it (at most 100 characters)', action: 'Choose what was done', note: 'For Other, say what was done (at most 100 characters, no line breaks)' },
};

/**
 * A summary's fever line: 发热预警 2 起（3 人）；已处置 2 起，用时中位数 8分钟、最长 15分钟；已隔离复测 1、已送发热门诊 1。
 * And its copied readings: 疑似重复上报 4 条。
 */
export const summaryFeverLine = (
  f: { alerts: number; cases: number; handled: number; medianMinutesToHandle: number | null; maxMinutesToHandle: number | null; done: Record<HandlingAction, number> },
  lang: Lang,
): string => {
  const words = FEVER_WORDS[lang];
  const minutes = (m: number | null) => (m === null ? '—' : duration(m * 60_000, lang));
  const done = listIn(
    (Object.keys(f.done) as HandlingAction[]).filter((action) => f.done[action] > 0).map((action) => `${lang === 'en' ? words.action[action].replace(/ \(explain\)$/, '') : words.action[action].replace(/（说明）$/, '')} ${f.done[action]}`),
    lang,
  );
  return lang === 'en'
    ? `Fever alerts: ${f.alerts} (${f.cases} with fever); ${f.handled} handled, median ${minutes(f.medianMinutesToHandle)}, longest ${minutes(f.maxMinutesToHandle)}${done ? `; ${done}` : ''}.`
    : `发热预警 ${f.alerts} 起（${f.cases} 人）；已处置 ${f.handled} 起，用时中位数 ${minutes(f.medianMinutesToHandle)}、最长 ${minutes(f.maxMinutesToHandle)}${done ? `；${done}` : ''}。`;
};

export const copiedLine = (n: number, lang: Lang): string => (lang === 'en' ? `Readings that look copied (the same figures ${COPIED_RUN} times or more in a row): ${n}.` : `疑似重复上报 ${n} 条（连续 ${COPIED_RUN} 次或更多数字完全相同）。`);
