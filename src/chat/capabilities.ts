// What a platform can show and do, declared by the platform (Slack: platforms/slack/limits.ts, the
// sandbox: platforms/sandbox/limits.ts) and read by its renderer and messenger. Views never read
// these: they build semantic blocks (reply.ts rating / choices) and each renderer lays them out
// within its own limits, so a new platform states its numbers here instead of editing views.

export type FormStyle = 'dialog' | 'webpage' | 'none';
export type MarkupStyle = 'mrkdwn' | 'html' | 'markdown' | 'plain';

export interface PlatformCapabilities {
  /** Buttons in one row (Slack: elements of an actions block). */
  buttonsPerRow: number;
  /** Buttons in one message, over all rows; past this a list of choices becomes a select or is cut. */
  buttonsPerMessage: number;
  /** A rating scale longer than this is laid out over several rows (NPS 0–10 as 6 + 5). */
  ratingButtonsPerRow: number;
  /** A list of choices up to this many is shown as buttons; a longer one as a select. */
  choiceButtonsMax: number;
  /** Options in one select; the rest is cut with a visible "… (+N)". 0: the platform has no select. */
  optionsPerChoice: number;
  /** Longest message text, in the unit the platform counts. */
  text: { max: number; unit: 'chars' | 'bytes' };
  /** A message sent earlier can be replaced (live poll counts, results). */
  canUpdate: boolean;
  /** Shortest wait between two sends to one conversation (the platform's rate limit). */
  minSendIntervalMs: number;
  /** Shortest wait between two updates of messages. */
  minUpdateIntervalMs: number;
  forms: FormStyle;
  markdown: MarkupStyle;
  /** Mentions the platform itself resolves (Slack `<@U…>`); false: a person is shown by name. */
  mentions: boolean;
}

/** Something that declares its capabilities: each platform's messenger and renderer. */
export interface DeclaresCapabilities {
  readonly capabilities: PlatformCapabilities;
}
