// PlatformDirectory for Slack: users.info (users:read) with include_locale=true.
// null on any error — the chat layer then keeps its cached/default values.
import type { WebClient } from '@slack/web-api';
import type { PlatformDirectory, PlatformProfile } from '../../chat/bot-types.js';
import type { Logger } from '../../logging.js';
import { slackErrorCode } from './slack-errors.js';

export function createSlackDirectory(client: WebClient, logger?: Logger): PlatformDirectory {
  return {
    async lookupProfile(externalId: string): Promise<PlatformProfile | null> {
      try {
        const { user } = await client.users.info({ user: externalId, include_locale: true });
        if (!user) return null;
        const profile: PlatformProfile = {};
        const displayName = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name;
        if (displayName) profile.displayName = displayName;
        if (user.locale) profile.locale = user.locale;
        if (user.tz) profile.timezone = user.tz;
        return profile;
      } catch (error) {
        logger?.warn({ slackError: slackErrorCode(error), user: externalId }, 'users.info failed');
        return null;
      }
    },
  };
}
