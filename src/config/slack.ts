// Slack's settings: on when the bot token and the signing secret are set, and then both are required.
import { defineSection, isHttpUrl, issue, optionalText } from './section.js';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set → Socket Mode (no public URL needed); unset → HTTP mode on POST /slack/events. */
  appToken?: string;
  /** Base URL of the Slack Web API, always ending with '/'. */
  apiUrl: string;
  socketMode: boolean;
}

const withTrailingSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export const slackSection = defineSection<{ slack: SlackConfig | null; slackConfigured: boolean }>({
  name: 'slack',
  shape: {
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message:
        'SLACK_BOT_TOKEN must start with "xoxb-": copy the Bot User OAuth Token from your Slack app\'s "OAuth & Permissions" page (not a user token xoxp- or an app token xapp-).',
    }),
    SLACK_SIGNING_SECRET: optionalText.refine((v) => v === undefined || /^[0-9a-zA-Z]{16,}$/.test(v), {
      message: 'SLACK_SIGNING_SECRET does not look like a signing secret: copy "Signing Secret" from your Slack app\'s "Basic Information" page.',
    }),
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message:
        'SLACK_APP_TOKEN must start with "xapp-": create an App-Level Token with the connections:write scope under "Basic Information", or leave it unset to use HTTP mode.',
    }),
    SLACK_API_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), {
      message: 'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (or leave it unset).',
    }),
  },
  check(env, ctx) {
    // Token and signing secret only make sense together: the token sends, the secret verifies.
    if (env.SLACK_BOT_TOKEN !== undefined && env.SLACK_SIGNING_SECRET === undefined) {
      issue(ctx, 'SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set: copy "Signing Secret" from your Slack app\'s "Basic Information" page.');
    }
    if (env.SLACK_SIGNING_SECRET !== undefined && env.SLACK_BOT_TOKEN === undefined) {
      issue(
        ctx,
        'SLACK_BOT_TOKEN',
        'SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set: install the app to your workspace and copy the Bot User OAuth Token (xoxb-…), or unset both to run without Slack.',
      );
    }
    if (env.SLACK_APP_TOKEN !== undefined && env.SLACK_BOT_TOKEN === undefined) {
      issue(ctx, 'SLACK_APP_TOKEN', 'SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET as well.');
    }
  },
  read(env) {
    const slack: SlackConfig | null =
      env.SLACK_BOT_TOKEN !== undefined && env.SLACK_SIGNING_SECRET !== undefined
        ? {
            botToken: env.SLACK_BOT_TOKEN,
            signingSecret: env.SLACK_SIGNING_SECRET,
            ...(env.SLACK_APP_TOKEN !== undefined ? { appToken: env.SLACK_APP_TOKEN } : {}),
            apiUrl: withTrailingSlash(env.SLACK_API_URL ?? DEFAULT_SLACK_API_URL),
            socketMode: env.SLACK_APP_TOKEN !== undefined,
          }
        : null;
    return { slack, slackConfigured: slack !== null };
  },
});
