/**
 * The demo county: Jiayu's 8 urban communities (domain.md), each with a few compound checkpoints.
 * Names are illustrative; every address is at example.org.
 */
export interface DemoCheckpoint {
  checkpointId: string;
  name: string;
  schedule: { every: string } | { cron: string };
  grace: string;
}

export interface DemoCommunity {
  communityId: string;
  name: string;
  checkpoints: DemoCheckpoint[];
}

const compounds = ['幸福家园', '阳光花园', '滨湖小区', '粮食局宿舍', '锦绣华庭', '人民路小区'];

const communityNames: [string, string][] = [
  ['yuyue', '鱼岳社区'],
  ['nanmen', '南门社区'],
  ['beimen', '北门社区'],
  ['shayang', '沙阳社区'],
  ['chengdong', '城东社区'],
  ['chengxi', '城西社区'],
  ['dongjie', '东街社区'],
  ['xinjie', '新街社区'],
];

export const demoCounty = (): DemoCommunity[] =>
  communityNames.map(([communityId, name], c) => ({
    communityId,
    name,
    checkpoints: Array.from({ length: 4 }, (_, k) => {
      const compound = compounds[(c + k) % compounds.length]!;
      return {
        checkpointId: `${communityId}-${k + 1}`,
        name: `${name.replace('社区', '')}${compound}卡点`,
        // Most gates report every two hours; some report at fixed times, as many counties asked.
        schedule: k === 3 ? { cron: '0 8,12,18 * * *' } : { every: 'PT2H' },
        grace: 'PT15M',
      };
    }),
  }));

export const demoContacts = (communityId: string) => [
  { name: `${communityId} 社区书记`, email: `secretary.${communityId}@example.org`, role: 'secretary' as const },
  { name: `${communityId} 大党委书记`, email: `committee.${communityId}@example.org`, role: 'committee' as const },
  { name: `${communityId} 汇总`, email: `summary.${communityId}@example.org`, role: 'summary' as const },
];

export const demoLeader = (checkpointId: string) => ({ name: `${checkpointId} 组长`, email: `leader.${checkpointId}@example.org`, role: 'leader' as const });
