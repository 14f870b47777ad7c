/**
 * Issue 18 §4, "their words to set things up": durations, lists of times of day, zones and escalation
 * policies as people write them, tested against a model of the rule as docs/imports.md states it —
 * the people's forms rendered here from the statement (its unit words, separators and time styles),
 * not from the reader's tables, and the schedule a list of times makes checked through croner's slots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  durationFromWords,
  durationInWords,
  levelsInWords,
  readDuration,
  readLevels,
  readSchedule,
  readTimes,
  scheduleInWords,
  timesFromWords,
  zoneFromWords,
  zoneInWords,
} from '../../functions/domain/people-words';
import { scheduleOf } from '../../functions/domain/schedule';
import { durationMs, localDayBounds, minutesIntoLocalDay } from '../../functions/domain/time';

// ---- the statement's words, as the docs give them ----
const UNIT_WORDS = {
  W: ['周', '星期', 'w', 'W', 'week', 'weeks', 'Wk'],
  D: ['天', '日', 'd', 'D', 'day', 'Days'],
  H: ['小时', '个小时', '钟头', 'h', 'H', 'hr', 'hours', 'Hour'],
  M: ['分钟', '分', 'm', 'M', 'min', 'mins', 'minute', 'Minutes'],
  S: ['秒', '秒钟', 's', 'S', 'sec', 'seconds'],
} as const;
type Unit = keyof typeof UNIT_WORDS;
const ORDER: Unit[] = ['W', 'D', 'H', 'M', 'S'];

const fullWidth = (digits: string) => digits.replace(/[0-9.]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
const spaces = fc.constantFrom('', '', ' ', '  ');

/** A duration as components, at least one, each a whole number or one with a decimal part. */
const components = fc
  .record(
    Object.fromEntries(ORDER.map((unit) => [unit, fc.option(fc.oneof(fc.integer({ min: 0, max: 999 }).map(String), fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `${a}.${b}`)), { nil: undefined })])) as Record<Unit, fc.Arbitrary<string | undefined>>,
  )
  .filter((parts) => ORDER.some((unit) => parts[unit] !== undefined));

/** The ISO text the model says those components are: no time at all is PT0S. */
const isoModel = (parts: Record<Unit, string | undefined>) => {
  if (ORDER.every((unit) => parts[unit] === undefined || Number(parts[unit]) === 0)) return 'PT0S';
  const date = (['W', 'D'] as const).map((unit) => (parts[unit] === undefined ? '' : `${parts[unit]}${unit}`)).join('');
  const time = (['H', 'M', 'S'] as const).map((unit) => (parts[unit] === undefined ? '' : `${parts[unit]}${unit}`)).join('');
  return `P${date}${time ? `T${time}` : ''}`;
};

/** The components written the people's way: any unit word, half- or full-width digits, spaces anywhere between. */
const peoplesDuration = (parts: Record<Unit, string | undefined>) =>
  fc.tuple(...ORDER.filter((unit) => parts[unit] !== undefined).map((unit) => fc.tuple(fc.constantFrom(...UNIT_WORDS[unit]), fc.boolean(), spaces, spaces).map(([word, wide, inner, outer]) => `${outer}${wide ? fullWidth(parts[unit]!) : parts[unit]}${inner}${word}`))).map((written) => written.join(''));

describe('durations as people write them', () => {
  it.each([
    ['2小时', 'PT2H'],
    ['30分钟', 'PT30M'],
    ['90分', 'PT90M'],
    ['1天', 'P1D'],
    ['2h', 'PT2H'],
    ['1小时30分', 'PT1H30M'],
    ['pt2h', 'PT2H'],
    ['PT15M', 'PT15M'],
  ])('reads %s as %s', (text, iso) => {
    expect(durationFromWords(text)).toBe(iso);
  });

  it('reads any duration written with the stated unit words as its ISO text', () => {
    fc.assert(
      fc.property(components.chain((parts) => fc.tuple(fc.constant(parts), peoplesDuration(parts))), ([parts, written]) => {
        expect(durationFromWords(written)).toBe(isoModel(parts));
      }),
      { numRuns: 500 },
    );
  });

  it('writes any ISO duration in words that read back to the same text', () => {
    fc.assert(
      fc.property(components, (parts) => {
        const iso = isoModel(parts);
        const words = durationInWords(iso);
        expect(words).not.toMatch(/^P/);
        expect(durationFromWords(words)).toBe(iso);
      }),
      { numRuns: 300 },
    );
  });

  it('takes a bare number as minutes where the field counts minutes, and nowhere else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), (minutes) => {
        expect(durationMs(durationFromWords(String(minutes), { bareMinutes: true })!)).toBe(minutes * 60_000);
        expect(durationFromWords(String(minutes))).toBeUndefined();
      }),
    );
  });

  it('refuses units out of order, twice, or unknown', () => {
    for (const text of ['30分钟2小时', '1小时1小时', '2 fortnights', '2时', '两小时', '']) expect(durationFromWords(text), text).toBeUndefined();
  });

  it('refuses in Chinese with a value that works, naming the range', () => {
    expect(readDuration('2小', 'every')).toEqual({ problem: expect.stringMatching(/^“2小”不是时长：请写如 2小时/) });
    expect(readDuration('2天', 'every')).toEqual({ problem: '报告间隔须在30秒到1天之间，如 2小时' });
    expect(readDuration('5秒', 'grace')).toEqual({ value: 'PT5S' });
  });

  it('reads a policy however many spaces a cell has between its words (a sheet cell may be megabytes)', () => {
    // Before: an arrow pattern led by \s* was tried from every space, so 50 000 spaces took 5 s and a
    // 4 MB CSV cell outlived the import's Lambda (a 504). Now linear: this takes milliseconds.
    const spaces = ' '.repeat(200_000);
    expect(readLevels(`立即${spaces}→${spaces}值班组长`)).toEqual({ value: [{ after: 'PT0S', notify: ['onDuty'] }] });
    expect(readLevels(`立即${spaces}值班组长`)).toEqual({ value: [{ after: 'PT0S', notify: ['onDuty'] }] });
    expect(readLevels(`立即${spaces}x`)).toEqual({ problem: expect.stringContaining('“x”不是可通知的对象') });
  });

  it('gives each field’s examples once: a level’s delay is not told “30分钟、30分钟”', () => {
    for (const field of ['every', 'grace', 'after', 'repeatEvery'] as const) {
      const read = readDuration('半小时', field);
      const examples = 'problem' in read ? /请写如 ([^（，]+)/.exec(read.problem)?.[1]?.split('、') : undefined;
      expect(examples, field).toBeDefined();
      expect(new Set(examples).size, `${field}: ${examples?.join('、')}`).toBe(examples!.length);
    }
  });
});

// ---- times of day ----
const STYLES = ['、', ',', '，', ' ', ', ', '； '] as const;

/** A time in one of the stated styles. */
const timeIn = (minutes: number) => {
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const mm = String(minute).padStart(2, '0');
  const styles = [`${hour}:${mm}`, `${String(hour).padStart(2, '0')}:${mm}`, `${String(hour).padStart(2, '0')}:${mm}:00`, `${hour}点${minute}分`];
  if (minute === 0) styles.push(`${hour}点`);
  if (minute === 30) styles.push(`${hour}点半`);
  return fc.constantFrom(...styles);
};

/** A grid of hours and minutes: what one daily cron fires at. */
const grid = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 5 }), fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 3 }))
  .map(([hours, minutes]) => hours.flatMap((hour) => minutes.map((minute) => hour * 60 + minute)).sort((a, b) => a - b));

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const written = (times: number[]) =>
  fc.tuple(fc.shuffledSubarray(times, { minLength: times.length, maxLength: times.length }), fc.constantFrom(...STYLES)).chain(([order, separator]) => fc.tuple(...order.map(timeIn)).map((texts) => texts.join(separator)));

describe('times of day as a list', () => {
  it('reads 08:00、12:00、18:00, with commas or spaces, as the cron 0 8,12,18 * * *', () => {
    for (const text of ['08:00、12:00、18:00', '08:00,12:00,18:00', '8:00，12:00，18:00', '08:00 12:00 18:00', '8点、12点、18点']) expect(readSchedule(text), text).toEqual({ value: { cron: '0 8,12,18 * * *' } });
  });

  it('makes a schedule whose slots end at exactly the listed times, in any separator style and order', () => {
    const zone = 'Asia/Shanghai';
    const day = localDayBounds('2026-03-01', zone);
    fc.assert(
      fc.property(grid.chain((times) => fc.tuple(fc.constant(times), written(times))), ([times, text]) => {
        expect(timesFromWords(text)).toEqual(times.map(hhmm));
        const read = readSchedule(text);
        if (!('value' in read) || !('cron' in read.value)) throw new Error(`not a cron: ${JSON.stringify(read)}`);
        const slots = scheduleOf(read.value, zone).dayOf(day);
        const fires = Array.from({ length: slots.count }, (_, k) => minutesIntoLocalDay(new Date(slots.start(k)), zone));
        expect(fires).toEqual(times);
        // And written back as the same list.
        expect(scheduleInWords(read.value)).toBe(times.map(hhmm).join('、'));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a list no one daily cron fires at, saying what would work', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 2, maxLength: 6 }).filter((times) => new Set(times.map((t) => Math.floor(t / 60))).size * new Set(times.map((t) => t % 60)).size !== times.length),
        (times) => {
          expect(readTimes(times.map(hhmm).join('、'))).toEqual({ problem: expect.stringContaining('07:30、12:30、17:30') });
        },
      ),
    );
  });
});

describe('zones as people name them', () => {
  it.each([
    ['北京时间', 'Asia/Shanghai'],
    ['北京', 'Asia/Shanghai'],
    ['乌鲁木齐时间', 'Asia/Urumqi'],
    ['香港', 'Asia/Hong_Kong'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['Europe/Berlin', 'Europe/Berlin'],
  ])('reads %s as %s', (text, zone) => {
    expect(zoneFromWords(text)).toBe(zone);
  });

  it('refuses an offset, and writes the common zones by name', () => {
    expect(zoneFromWords('+08:00')).toBeUndefined();
    expect(zoneInWords('Asia/Shanghai')).toBe('北京时间');
    expect(zoneInWords('Europe/Berlin')).toBe('Europe/Berlin');
    for (const zone of ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Europe/Berlin', 'UTC']) expect(zoneFromWords(zoneInWords(zone))).toBe(zone);
  });
});

// ---- escalation policies ----
const ROLE_WORDS = { onDuty: '值班组长', leader: '卡点组长', secretary: '社区书记', committee: '大党委书记' } as const;
const target = fc.oneof(
  fc.constantFrom(...(Object.keys(ROLE_WORDS) as (keyof typeof ROLE_WORDS)[])).map((role) => ({ api: role, words: ROLE_WORDS[role] })),
  fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,7}@example\.org$/).map((email) => ({ api: email, words: email })),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,8}$/).map((id) => ({ api: `channel:${id}`, words: `工作群:${id}` })),
);
const level = fc.record({
  after: fc.constantFrom(['PT0S', '立即'], ['PT30M', '30分钟后'], ['PT2H', '2小时后'], ['PT1H30M', '1小时30分钟后'], ['PT45M', '45分后'], ['PT10M', '10后']),
  notify: fc.array(target, { minLength: 1, maxLength: 3 }),
  arrow: fc.constantFrom(' → ', '→', ' -> ', '>'),
  join: fc.constantFrom('、', ',', '，', ' '),
});

describe('an escalation policy in words', () => {
  it('reads the issue’s example', () => {
    expect(readLevels('立即 → 值班组长；30分钟后 → 社区书记')).toEqual({ value: [{ after: 'PT0S', notify: ['onDuty'] }, { after: 'PT30M', notify: ['secretary'] }] });
    expect(readLevels('PT0S onDuty,leader; PT30M secretary')).toEqual({ value: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary'] }] });
  });

  it('reads levels written in the stated words as the API’s levels, and writes them back the same', () => {
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 4 }), fc.constantFrom('；', ';', '\n', '； '), (levels, separator) => {
        const text = levels.map((l) => `${l.after[1]}${l.arrow}${l.notify.map((t) => t.words).join(l.join)}`).join(separator);
        const api = levels.map((l) => ({ after: l.after[0], notify: l.notify.map((t) => t.api) }));
        expect(readLevels(text)).toEqual({ value: api });
        expect(readLevels(levelsInWords(api))).toEqual({ value: api });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a level it cannot read, naming it, with an example', () => {
    expect(readLevels('立即 → 值班组长；半天以后 → 书记')).toEqual({ problem: expect.stringMatching(/^第 2 级“半天以后 → 书记”写法不对：请写如 立即 → 值班组长/) });
  });
});
