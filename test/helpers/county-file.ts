/**
 * A county's checkpoints as an import file carries them, at the scale: `count` checkpoints,
 * `perCommunity` to a community, each with 3 leaders as contacts and 3 shifts (a tenth with an
 * escalation policy, a quarter on a cron). The size test (test/imports/size.test.ts) and the import
 * bench (bench/imports.ts) write their files from it.
 */
import type { ExportedCheckpoint } from '../../functions/domain/checkpoint-sheet';

const surnames = [...'张王李赵刘陈杨黄周吴'];
const person = (i: number, k: number) => ({
  name: `${surnames[(i + k) % surnames.length]}${['伟', '芳', '娜', '敏', '静'][k % 5]}${k}`,
  mobile: `13${String(800_000_000 + i * 10 + k).padStart(9, '0')}`,
  email: `p${i}.${k}@jiayu.example.org`,
});

export const countyFile = (options: {
  count: number;
  perCommunity: number;
  /** The i-th checkpoint's id, and its community's. */
  checkpointId: (i: number) => string;
  communityId: (i: number) => string;
  /** Every name changed, for an import that updates them all. */
  renamed?: boolean;
}): ExportedCheckpoint[] =>
  Array.from({ length: options.count }, (_, i) => ({
    checkpointId: options.checkpointId(i),
    timezone: 'Asia/Shanghai',
    input: {
      name: `第${Math.floor(i / options.perCommunity) + 1}社区 幸福家园${(i % options.perCommunity) + 1}号门卡点${options.renamed ? '（新）' : ''}`,
      communityId: options.communityId(i),
      schedule: i % 4 === 3 ? { cron: '0 8,12,18 * * *' } : { every: 'PT2H' },
      grace: 'PT15M',
      active: true,
      contacts: [0, 1, 2].map((k) => ({ ...person(i, k), role: 'leader' as const })),
      shifts: [
        { from: '00:00', to: '08:00', leader: person(i, 0) },
        { from: '08:00', to: '16:00', leader: person(i, 1) },
        { from: '16:00', to: '00:00', leader: person(i, 2) },
      ],
      ...(i % 10 === 0 && { escalation: { levels: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary'] }], repeatEvery: 'PT1H', maxRepeats: 3 } }),
    },
  }));
