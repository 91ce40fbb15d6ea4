// manifest.json must describe the app the code implements.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRM_COMMAND, LOG_AS_CONTACT_CALLBACK_ID, SLACK_EVENTS_PATH } from '../../../src/platforms/slack/constants.js';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'));
const eventsUrl = `https://YOUR-HOST${SLACK_EVENTS_PATH}`;

describe('manifest.json', () => {
  it('declares the /crm command at the events URL, escaped, with a usage hint', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: CRM_COMMAND, url: eventsUrl, should_escape: true, usage_hint: expect.any(String) }),
    ]);
  });

  it('declares the message shortcut the code listens for', () => {
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: LOG_AS_CONTACT_CALLBACK_ID, name: 'Log as contact' })]);
  });

  it('sends events, interactivity and options to the one URL Bolt serves', () => {
    expect(manifest.settings.event_subscriptions).toEqual({ request_url: eventsUrl, bot_events: expect.arrayContaining(['message.im', 'app_home_opened']) });
    expect(manifest.settings.event_subscriptions.bot_events).toHaveLength(2);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: eventsUrl, message_menu_options_url: eventsUrl });
    expect(manifest.settings).toMatchObject({ org_deploy_enabled: false, socket_mode_enabled: false, token_rotation_enabled: false });
  });

  it('enables the Home and Messages tabs and a bot user', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  // Each scope and the code that needs it; nothing reads channel or group lists, so
  // channels:read and groups:read are not asked for.
  it('asks for the bot scopes the code uses, and no others', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'commands', // /crm
        'chat:write', // replies, notifications (chat.postMessage)
        'im:history', // message.im: plain messages to the bot
        'im:write', // conversations.open: the DM that receives files (files.ts)
        'users:read', // users.info: locale, time zone, name (directory.ts)
        'files:write', // files.getUploadURLExternal / completeUploadExternal (files.ts)
        'files:read', // url_private_download of a CSV sent to the bot (direct-message.ts)
      ].sort(),
    );
  });

  it('respects the manifest field limits', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.background_color).toMatch(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i);
    expect(CRM_COMMAND.length).toBeLessThanOrEqual(32);
    expect(manifest.features.shortcuts[0].description.length).toBeLessThanOrEqual(150);
  });
});
