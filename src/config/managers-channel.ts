// MANAGERS_CHANNEL: the managers' channel per platform, "slack:C123,wecom:robot". A bare id means
// Slack, as it did before channels named their platform, so existing deployments keep working.
const PLATFORM = /^[a-z][a-z0-9_-]{0,31}$/;

/** Platform → channel id, in the order written; null when the text is not of that form. */
export function parseManagersChannels(text: string): Record<string, string> | null {
  const channels: Record<string, string> = {};
  for (const entry of text.split(',').map((s) => s.trim())) {
    if (entry === '') return null;
    const colon = entry.indexOf(':');
    const [platform, channelId] = colon < 0 ? ['slack', entry] : [entry.slice(0, colon).trim().toLowerCase(), entry.slice(colon + 1).trim()];
    if (!PLATFORM.test(platform) || channelId === '' || /\s/.test(channelId) || platform in channels) return null;
    channels[platform] = channelId;
  }
  return Object.keys(channels).length > 0 ? channels : null;
}

export const MANAGERS_CHANNEL_PROBLEM =
  'MANAGERS_CHANNEL must be a channel id (Slack) or a comma-separated list of platform:channel, e.g. "slack:C0123ABCD,wecom:managers" (one channel per platform).';
