import type { Speaker } from '../../chat/bot-types.js';

export const SLACK_PLATFORM = 'slack';

interface SlackUserRef {
  id: string;
  name?: string;
  username?: string;
}

/** The Speaker for a Slack user id; workspace = team id (external Slack Connect users differ). */
export function slackSpeaker(user: SlackUserRef | string, teamId?: string | null): Speaker {
  const ref = typeof user === 'string' ? { id: user } : user;
  const speaker: Speaker = { platform: SLACK_PLATFORM, externalId: ref.id };
  if (teamId) speaker.workspaceId = teamId;
  const name = ref.username ?? ref.name;
  if (name) speaker.displayName = name;
  return speaker;
}
