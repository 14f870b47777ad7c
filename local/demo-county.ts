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

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['建国', '秀英', '志强', '丽华', '国平', '海燕', '红梅', '德明', '文静', '永刚', '春兰', '祖浩', '晓东', '玉兰', '卫东', '桂芳', '振华', '淑珍', '立新', '美玲', '俊杰', '雪梅', '长青', '小军'];

/** A person's name for the demo, the same for the same seed: 黄祖浩, 王秀英. */
export const demoName = (seed: string): string => {
  const hash = [...seed].reduce((sum, char) => (sum * 131 + char.charCodeAt(0)) % 1_000_003, 17);
  return `${SURNAMES[hash % SURNAMES.length]}${GIVEN[Math.floor(hash / SURNAMES.length) % GIVEN.length]}`;
};

export const demoContacts = (communityId: string) => [
  { name: demoName(`secretary.${communityId}`), email: `secretary.${communityId}@example.org`, mobile: demoMobile(`secretary.${communityId}`), role: 'secretary' as const },
  { name: demoName(`committee.${communityId}`), email: `committee.${communityId}@example.org`, mobile: demoMobile(`committee.${communityId}`), role: 'committee' as const },
  { name: demoName(`summary.${communityId}`), email: `summary.${communityId}@example.org`, role: 'summary' as const },
];

export const demoLeader = (checkpointId: string) => ({ name: demoName(`leader.${checkpointId}`), email: `leader.${checkpointId}@example.org`, mobile: demoMobile(`leader.${checkpointId}`), role: 'leader' as const });

/** The DingTalk robot's signing secret in the demo (the local chat receiver checks the sign with it). */
export const DEMO_DINGTALK_SECRET = 'SECdemo0checkpoint0watch0local0only';

/**
 * The demo county's group chats, at the local chat receiver: every community has a WeCom group
 * (its 指挥部群); the first also a DingTalk group told from the second level on.
 */
export const demoChannels = (community: { communityId: string; name: string }, index: number, chatUrl: string) => [
  { id: 'zhihui', kind: 'wecom' as const, name: `${community.name}指挥部群`, url: `${chatUrl}/cgi-bin/webhook/send?key=demo-${community.communityId}` },
  ...(index === 0
    ? [{ id: 'dangwei', kind: 'dingtalk' as const, name: `${community.name}大党委群`, url: `${chatUrl}/robot/send?access_token=demo-${community.communityId}`, secret: DEMO_DINGTALK_SECRET, levels: [2, 3] }]
    : []),
];
