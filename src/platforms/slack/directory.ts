// PlatformDirectory for Slack: users.info (users:read) with include_locale=true, and our own
// workspace from auth.test (once per process: it is a fact of the bot token, not state).
// null on any error — the chat layer then keeps its cached/default values, and admits nobody new.
import type { WebClient } from '@slack/web-api';
import type { PlatformDirectory, PlatformProfile } from '../../chat/bot-types.js';
import type { AccountKind, Workspace } from '../../domain/staff.js';
import type { Logger } from '../../logging.js';
import { slackErrorCode } from './slack-errors.js';

/** The fields of users.info's user that say what the account is. */
export interface SlackAccount {
  id?: string;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
}

/** Bots and app users, guests (single- and multi-channel), people Slack itself calls strangers. */
export function accountKind(user: SlackAccount): AccountKind {
  if (user.is_bot || user.is_app_user || user.id === 'USLACKBOT') return 'bot';
  if (user.is_restricted || user.is_ultra_restricted) return 'guest';
  if (user.is_stranger) return 'external';
  return 'member';
}

export function createSlackDirectory(client: WebClient, logger?: Logger, knownHome?: Workspace): PlatformDirectory {
  let home: Promise<Workspace | null> | null = knownHome ? Promise.resolve(knownHome) : null;
  return {
    async lookupProfile(externalId: string): Promise<PlatformProfile | null> {
      try {
        const { user } = await client.users.info({ user: externalId, include_locale: true });
        if (!user) return null;
        const profile: PlatformProfile = { kind: accountKind(user) };
        const displayName = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name;
        if (displayName) profile.displayName = displayName;
        if (user.locale) profile.locale = user.locale;
        if (user.tz) profile.timezone = user.tz;
        const enterpriseId = user.enterprise_user?.enterprise_id;
        if (user.team_id) profile.workspace = { id: user.team_id, ...(enterpriseId ? { enterpriseId } : {}) };
        return profile;
      } catch (error) {
        logger?.warn({ slackError: slackErrorCode(error), user: externalId }, 'users.info failed');
        return null;
      }
    },
    homeWorkspace() {
      home ??= client.auth.test().then(
        (auth) => (auth.team_id ? { id: auth.team_id, ...(auth.enterprise_id ? { enterpriseId: auth.enterprise_id } : {}) } : null),
        (error: unknown) => {
          logger?.warn({ slackError: slackErrorCode(error) }, 'auth.test failed: our workspace is unknown for now');
          home = null; // asked again next time
          return null;
        },
      );
      return home;
    },
  };
}
