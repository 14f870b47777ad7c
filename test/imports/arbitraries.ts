/**
 * Valid checkpoint registrations, generated: what `PUT /checkpoints/{checkpointId}` accepts, in the
 * form its schema returns (the canonical body an export starts from). Names mix Chinese, spaces and
 * the characters a spreadsheet or CSV treats specially (= + - @ ' " , ;) so that quoting and the
 * formula neutralising are exercised.
 */
import fc from 'fast-check';
import { CheckpointBody } from '../../functions/contract/schemas';
import type { ExportedCheckpoint } from '../../functions/domain/checkpoint-sheet';

const TEXT_CHARS = [...'张王李赵卡点东门幸福家园社区abcXYZ019 =+-@\'",;:()#%'];
const text = fc
  .string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: 1, maxLength: 16 })
  .map((value) => value.trim())
  .filter((value) => value.length > 0);

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/);
const mobile = fc.oneof(fc.stringMatching(/^1\d{10}$/), fc.stringMatching(/^\+[1-9]\d{6,14}$/));
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9'+_-]{0,8}[a-z0-9_+-]$/), fc.constantFrom('example.org', 'jiayu.gov.cn', 'x-y.example.com'))
  .map(([local, domain]) => `${local}@${domain}`);

/** A person is reached by e-mail, mobile or both. */
const person = fc.oneof(
  fc.record({ name: text, email }),
  fc.record({ name: text, mobile }),
  fc.record({ name: text, email, mobile }),
);

const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const cronField = fc.constantFrom('*', '0', '*/15', '8,12,18', '1-5', 'MON', '-1', '=1', '@2');
const schedule = fc.oneof(
  fc.record({ every: fc.constantFrom('PT30S', 'PT2H', 'P1D', 'PT1H30M', 'PT0.5H', 'PT90M') }),
  fc.record({ cron: fc.oneof(fc.constantFrom('0 8,12,18 * * *', '*/30 * * * *'), fc.array(cronField, { minLength: 5, maxLength: 5 }).map((fields) => fields.join(' '))) }),
);
const target = fc.oneof(fc.constantFrom('onDuty', 'leader', 'secretary', 'committee'), email, id.map((name) => `channel:${name}`));
const escalation = fc.record(
  {
    levels: fc.array(fc.record({ notify: fc.array(target, { minLength: 1, maxLength: 3 }), after: fc.constantFrom('PT0S', 'PT30M', 'PT2H', 'P1D') }), { minLength: 1, maxLength: 3 }),
    repeatEvery: fc.constantFrom('PT1M', 'PT1H', 'PT6H'),
    maxRepeats: fc.integer({ min: 0, max: 24 }),
  },
  { requiredKeys: ['levels'] },
);

const body = fc.record(
  {
    name: text,
    communityId: id,
    schedule,
    grace: fc.constantFrom('PT0S', 'PT5M', 'PT15M', 'PT1H'),
    contacts: fc.array(person.map((contact) => ({ ...contact, role: 'leader' as const })), { maxLength: 5 }),
    active: fc.boolean(),
    escalation,
    shifts: fc.array(fc.record({ from: time, to: time, leader: person }), { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['name', 'communityId', 'schedule', 'contacts'] },
);

/** One checkpoint as an export receives it: its id, its body as the schema returns it, maybe its community's zone. */
export const exportedCheckpoint: fc.Arbitrary<ExportedCheckpoint> = fc
  .record({ checkpointId: id, raw: body, timezone: fc.option(fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'Europe/Berlin'), { nil: undefined }) })
  .map(({ checkpointId, raw, timezone }) => ({ checkpointId, input: CheckpointBody.parse(raw), ...(timezone !== undefined && { timezone }) }));

/** Several, with distinct ids, one zone per community (the zone is the community's). */
export const exportedCheckpoints = fc
  .uniqueArray(exportedCheckpoint, { minLength: 1, maxLength: 6, selector: (checkpoint) => checkpoint.checkpointId })
  .map((checkpoints) => {
    const zones = new Map<string, string | undefined>();
    return checkpoints.map((checkpoint) => {
      if (!zones.has(checkpoint.input.communityId)) zones.set(checkpoint.input.communityId, checkpoint.timezone);
      const timezone = zones.get(checkpoint.input.communityId);
      const { timezone: _own, ...rest } = checkpoint;
      return timezone === undefined ? rest : { ...rest, timezone };
    });
  });

/** What an import gives back, in the export's terms. */
export const asExported = (registrations: { checkpointId: string; input: CheckpointBody; timezone?: string }[]): ExportedCheckpoint[] =>
  registrations.map(({ checkpointId, input, timezone }) => ({ checkpointId, input, ...(timezone !== undefined && { timezone }) }));
