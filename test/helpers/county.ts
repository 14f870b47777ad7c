/** Registers a community and checkpoints through the real admin handlers. */
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { invoke } from './events';

export const registerCommunity = async (communityId = 'yuyue', timezone = 'Asia/Shanghai') => {
  const answer = await invoke(putCommunity, {
    routeKey: 'PUT /communities/{communityId}',
    pathParameters: { communityId },
    admin: true,
    body: {
      name: '鱼岳社区',
      timezone,
      contacts: [
        { name: '书记', email: `secretary.${communityId}@example.org`, role: 'secretary' },
        { name: '大党委书记', email: `committee.${communityId}@example.org`, role: 'committee' },
      ],
    },
  });
  if (answer.status >= 300) throw new Error(`community: ${answer.text}`);
  return answer.json;
};

export const registerCheckpoint = async (
  checkpointId: string,
  options: { communityId?: string; schedule?: { every: string } | { cron: string }; grace?: string; active?: boolean } = {},
): Promise<{ token: string; body: any }> => {
  const answer = await invoke(putCheckpoint, {
    routeKey: 'PUT /checkpoints/{checkpointId}',
    pathParameters: { checkpointId },
    admin: true,
    body: {
      name: `${checkpointId} 卡点`,
      communityId: options.communityId ?? 'yuyue',
      schedule: options.schedule ?? { every: 'PT2H' },
      grace: options.grace ?? 'PT15M',
      contacts: [{ name: '组长', email: `leader.${checkpointId}@example.org`, role: 'leader' }],
      ...(options.active !== undefined && { active: options.active }),
    },
  });
  if (answer.status >= 300) throw new Error(`checkpoint: ${answer.text}`);
  return { token: answer.json.formToken, body: answer.json };
};
