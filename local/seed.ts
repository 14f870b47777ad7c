/** Seeds the demo county through the admin API itself, so the seed takes the same path as any client. */
import { demoChannels, demoContacts, demoCounty, demoLeader } from './demo-county';

export interface SeededForm {
  checkpointId: string;
  name: string;
  formUrl: string;
  formToken: string;
}

const call = async (apiUrl: string, adminKey: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
};

export const isSeeded = async (apiUrl: string, adminKey: string): Promise<boolean> => {
  const page = (await call(apiUrl, adminKey, 'GET', '/communities?limit=1')) as { items: unknown[] };
  return page.items.length > 0;
};

/** `chatUrl`: the local chat receiver the demo's group channels post to; none without it. */
export const seedDemoCounty = async (apiUrl: string, adminKey: string, chatUrl?: string): Promise<SeededForm[]> => {
  const forms: SeededForm[] = [];
  for (const [index, community] of demoCounty().entries()) {
    await call(apiUrl, adminKey, 'PUT', `/communities/${community.communityId}`, {
      name: community.name,
      timezone: 'Asia/Shanghai',
      contacts: demoContacts(community.communityId),
      ...(chatUrl && { channels: demoChannels(community, index, chatUrl) }),
    });
    for (const checkpoint of community.checkpoints) {
      const created = await call(apiUrl, adminKey, 'PUT', `/checkpoints/${checkpoint.checkpointId}`, {
        name: checkpoint.name,
        communityId: community.communityId,
        schedule: checkpoint.schedule,
        grace: checkpoint.grace,
        contacts: [demoLeader(checkpoint.checkpointId)],
      });
      if (typeof created.formToken === 'string') {
        forms.push({ checkpointId: checkpoint.checkpointId, name: checkpoint.name, formUrl: String(created.formUrl), formToken: created.formToken });
      }
    }
  }
  return forms;
};
