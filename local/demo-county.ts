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

/** A demo mobile per person (11 digits, mainland style): what the group robots @mention. */
const demoMobile = (seed: string): string => `139${String([...seed].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 1e8, 7)).padStart(8, '0')}`;

export const demoContacts = (communityId: string) => [
  { name: `${communityId} 社区书记`, email: `secretary.${communityId}@example.org`, mobile: demoMobile(`secretary.${communityId}`), role: 'secretary' as const },
  { name: `${communityId} 大党委书记`, email: `committee.${communityId}@example.org`, mobile: demoMobile(`committee.${communityId}`), role: 'committee' as const },
  { name: `${communityId} 汇总`, email: `summary.${communityId}@example.org`, role: 'summary' as const },
];

export const demoLeader = (checkpointId: string) => ({ name: `${checkpointId} 组长`, email: `leader.${checkpointId}@example.org`, mobile: demoMobile(`leader.${checkpointId}`), role: 'leader' as const });

/** The DingTalk robot's signing secret in the demo (the local chat receiver checks the sign with it). */
export const DEMO_DINGTALK_SECRET = 'SECdemo0checkpoint0watch0local0only';

/**
 * The demo county's group chats, at the local chat receiver: every community has a WeCom group
 * (its 指挥部群); the first also a DingTalk group told from the second level on.
 */
export const demoChannels = (communityId: string, index: number, chatUrl: string) => [
  { id: 'zhihui', kind: 'wecom' as const, name: `${communityId} 指挥部群`, url: `${chatUrl}/cgi-bin/webhook/send?key=demo-${communityId}` },
  ...(index === 0
    ? [{ id: 'dangwei', kind: 'dingtalk' as const, name: `${communityId} 党委群`, url: `${chatUrl}/robot/send?access_token=demo-${communityId}`, secret: DEMO_DINGTALK_SECRET, levels: [2, 3] }]
    : []),
];
